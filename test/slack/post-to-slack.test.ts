import { describe, expect, it } from 'vitest';
import { postToSlack } from '../../lambdas/slack/post-to-slack.ts';
import { slackWebhook } from '../../lambdas/slack/slack-webhook.ts';
import { webhookUrlOf } from '../../lambdas/slack/webhook-url.ts';

const hook = slackWebhook('https://hooks.slack.com/services/T0/B0/secret-token');

/** A fetch that answers from a script, and records what was asked. */
function scripted(responses: (Response | Error)[]) {
  const calls: RequestInit[] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const next = responses.shift();
    if (next instanceof Error) throw next;
    return next ?? new Response('ok');
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

describe('postToSlack', () => {
  it('waits exactly Retry-After seconds on 429, then succeeds', async () => {
    const waits: number[] = [];
    const { fetchImpl, calls } = scripted([
      new Response('rate_limited', { status: 429, headers: { 'retry-after': '3' } }),
    ]);
    await postToSlack(hook, { text: 'hi' }, { fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([3000]);
    expect(calls).toHaveLength(2);
    expect(JSON.parse(String(calls[1].body))).toEqual({ text: 'hi' });
  });

  it('backs off on 5xx and network errors, and gives up within its budget', async () => {
    const waits: number[] = [];
    const { fetchImpl, calls } = scripted([
      new Response('boom', { status: 503 }),
      new Error('ECONNRESET'),
      new Response('boom', { status: 500 }),
      new Response('boom', { status: 500 }),
      new Response('boom', { status: 500 }),
    ]);
    await expect(
      postToSlack(hook, {}, { fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) }),
    ).rejects.toThrow(/after 5 attempt\(s\): HTTP 500 boom/);
    expect(calls).toHaveLength(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it('does not retry what retrying cannot fix (400 invalid_payload)', async () => {
    const { fetchImpl, calls } = scripted([new Response('invalid_payload', { status: 400 })]);
    await expect(postToSlack(hook, {}, { fetch: fetchImpl, sleep: async () => {} })).rejects.toThrow(
      'Slack refused the message: HTTP 400 invalid_payload',
    );
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when Retry-After would exceed the time budget', async () => {
    const { fetchImpl, calls } = scripted([
      new Response('', { status: 429, headers: { 'retry-after': '120' } }),
    ]);
    await expect(postToSlack(hook, {}, { fetch: fetchImpl, sleep: async () => {} })).rejects.toThrow(
      /HTTP 429/,
    );
    expect(calls).toHaveLength(1);
  });
});

describe('webhookUrlOf', () => {
  it('accepts the URL itself or JSON with webhookUrl, and refuses anything else by name', () => {
    expect(webhookUrlOf(' https://hooks.slack.com/services/T/B/X\n', 's')).toBe(
      'https://hooks.slack.com/services/T/B/X',
    );
    expect(webhookUrlOf('{"webhookUrl":"https://hooks.slack.com/x"}', 's')).toBe('https://hooks.slack.com/x');
    expect(() => webhookUrlOf('{"url":"x"}', 'team/slack')).toThrow(
      'secret team/slack: JSON without a "webhookUrl" string',
    );
    expect(() => webhookUrlOf('not a url', 'team/slack')).toThrow('secret team/slack: not a webhook URL');
  });
});

describe('the webhook allow-list', () => {
  const token = 'xoxb-SECRET-TOKEN-42';

  it('refuses a link-local URL, naming its host and not its token', () => {
    const refused = () => slackWebhook(`http://169.254.169.254/latest/meta-data/${token}`);
    expect(refused).toThrow(/origin http:\/\/169\.254\.169\.254 is not https:\/\/hooks\.slack\.com/);
    expect(refused).not.toThrow(new RegExp(token));
  });

  it('never puts a malformed URL or its token into the error', () => {
    for (const bad of [
      `hooks.slack.com/services/${token}`,
      `https://hooks.slack.com:99999/${token}`,
      `https://u:${token}@hooks.slack.com/x`,
    ]) {
      let message = '';
      try {
        slackWebhook(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(token);
    }
  });

  it('accepts a configured origin, https or loopback http only', () => {
    expect(
      slackWebhook('https://proxy.example.com:8443/hook', ['https://proxy.example.com:8443']).isSlack,
    ).toBe(false);
    expect(slackWebhook('http://127.0.0.1:9/hook', ['http://127.0.0.1:9']).url.port).toBe('9');
    expect(() => slackWebhook('http://10.0.0.1/hook', ['http://10.0.0.1'])).toThrow(/must use https/);
    expect(() => slackWebhook('https://x.example/hook', ['https://x.example/path'])).toThrow(/no path/);
  });

  it('never repeats the reply body of a host that is not Slack, nor follows its redirect', async () => {
    const proxy = slackWebhook(`https://proxy.example.com/${token}`, ['https://proxy.example.com']);
    const { fetchImpl, calls } = scripted([new Response('<html>internal secrets</html>', { status: 403 })]);
    const error = await postToSlack(proxy, {}, { fetch: fetchImpl }).catch((e: Error) => e);
    expect(String(error)).toBe('SlackPostError: Slack refused the message: HTTP 403');
    expect(calls[0].redirect).toBe('manual');
    const moved = scripted([
      new Response('', { status: 307, headers: { location: 'http://169.254.169.254/' } }),
    ]);
    await expect(postToSlack(proxy, {}, { fetch: moved.fetchImpl })).rejects.toThrow('HTTP 307');
    expect(moved.calls).toHaveLength(1);
  });

  it('cuts the webhook out of a network error', async () => {
    const { fetchImpl } = scripted(
      Array.from({ length: 5 }, () => new Error(`connect failed for ${hook.url.href}`)),
    );
    const error = await postToSlack(hook, {}, { fetch: fetchImpl, sleep: async () => {} }).catch(
      (e: Error) => e,
    );
    expect(String(error)).toContain('network error: connect failed for <webhook>');
    expect(String(error)).not.toContain('secret-token');
  });
});
