import { describe, expect, it } from 'vitest';
import { postToSlack } from '../../lambdas/slack/post-to-slack.ts';
import { webhookUrlOf } from '../../lambdas/slack/webhook-url.ts';

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
    await postToSlack(
      'https://hooks.example/x',
      { text: 'hi' },
      { fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) },
    );
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
      postToSlack(
        'https://hooks.example/x',
        {},
        { fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) },
      ),
    ).rejects.toThrow(/after 5 attempt\(s\): HTTP 500 boom/);
    expect(calls).toHaveLength(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it('does not retry what retrying cannot fix (400 invalid_payload)', async () => {
    const { fetchImpl, calls } = scripted([new Response('invalid_payload', { status: 400 })]);
    await expect(
      postToSlack('https://hooks.example/x', {}, { fetch: fetchImpl, sleep: async () => {} }),
    ).rejects.toThrow('Slack refused the message: HTTP 400 invalid_payload');
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when Retry-After would exceed the time budget', async () => {
    const { fetchImpl, calls } = scripted([
      new Response('', { status: 429, headers: { 'retry-after': '120' } }),
    ]);
    await expect(
      postToSlack('https://hooks.example/x', {}, { fetch: fetchImpl, sleep: async () => {} }),
    ).rejects.toThrow(/HTTP 429/);
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
