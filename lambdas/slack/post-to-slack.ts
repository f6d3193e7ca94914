import { DriftwatchError } from '../core/errors.ts';
import type { SlackWebhook } from './slack-webhook.ts';

/** How long we are willing to wait for Slack in total, well inside the Lambda timeout. */
const DEFAULT_MAX_WAIT_MS = 60_000;
/** Slack's error replies are short words (`no_service`, `invalid_payload`); more is not Slack talking. */
const SLACK_REPLY_CHARS = 100;

export interface PostOptions {
  /** Attempts in all (the first included). @default 5 */
  readonly attempts?: number;
  /** Give up rather than wait longer than this in total. @default 60 s */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/** Slack did not take the message. The text never holds the webhook URL or a non-Slack host's reply. */
export class SlackPostError extends DriftwatchError {
  override readonly name = 'SlackPostError';
}

/**
 * Posts a message to a Slack incoming webhook, the one poster of the Lambda and the CLI. Slack
 * rate-limits webhooks (~1 message/s) with HTTP 429 and `Retry-After` seconds: we wait exactly
 * that and retry; 5xx and network errors back off exponentially. Anything else (400
 * invalid_payload, 403/404 bad webhook, a redirect, which is never followed) is final:
 * retrying would not help, so it throws at once.
 */
export async function postToSlack(
  webhook: SlackWebhook,
  body: unknown,
  options: PostOptions = {},
): Promise<void> {
  const attempts = options.attempts ?? 5;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const doFetch = options.fetch ?? fetch;
  let waited = 0;
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let waitMs: number;
    try {
      const response = await doFetch(webhook.url.href, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // A redirect could lead anywhere (an allowed host answering 307 to 169.254.169.254).
        redirect: 'manual',
      });
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}${await replyOf(webhook, response)}`;
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 1000 * 2 ** attempt;
      } else if (response.status >= 500) {
        waitMs = 500 * 2 ** attempt;
      } else {
        throw new SlackPostError(`Slack refused the message: ${lastProblem}`);
      }
    } catch (error) {
      if (error instanceof SlackPostError) throw error;
      lastProblem = `network error: ${networkProblem(webhook, error)}`;
      waitMs = 500 * 2 ** attempt;
    }
    if (attempt === attempts || waited + waitMs > maxWaitMs) break;
    await sleep(waitMs);
    waited += waitMs;
  }
  throw new SlackPostError(`Slack did not accept the message after ${attempts} attempt(s): ${lastProblem}`);
}

/** Slack's own short reply (printable ASCII), or nothing: another host's reply is never repeated. */
async function replyOf(webhook: SlackWebhook, response: Response): Promise<string> {
  if (!webhook.isSlack) {
    await response.body?.cancel();
    return '';
  }
  const text = (await response.text()).slice(0, SLACK_REPLY_CHARS).replace(/[^\x20-\x7e]/g, '?');
  return text === '' ? '' : ` ${text}`;
}

/** The error's message and cause code, with the webhook URL and its path cut out. */
function networkProblem(webhook: SlackWebhook, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const message = error instanceof Error ? error.message : String(error);
  const path = webhook.url.pathname;
  return `${message}${code}`
    .split(webhook.url.href)
    .join('<webhook>')
    .split(path.length > 1 ? path : '\u0000')
    .join('/<token>');
}
