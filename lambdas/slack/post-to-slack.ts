import { DriftwatchError } from '../core/errors.ts';

/** How long we are willing to wait for Slack in total, well inside the Lambda timeout. */
const DEFAULT_MAX_WAIT_MS = 60_000;

export interface PostOptions {
  /** Attempts in all (the first included). @default 5 */
  readonly attempts?: number;
  /** Give up rather than wait longer than this in total. @default 60 s */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

export class SlackPostError extends DriftwatchError {
  override readonly name = 'SlackPostError';
}

/**
 * Posts a message to a Slack incoming webhook. Slack rate-limits webhooks (~1 message/s) with
 * HTTP 429 and `Retry-After` seconds: we wait exactly that and retry; 5xx and network errors
 * back off exponentially. Anything else (400 invalid_payload, 403/404 bad webhook) is final:
 * retrying would not help, so it throws at once and the SNS retry/DLQ keeps the message.
 */
export async function postToSlack(
  webhookUrl: string,
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
      const response = await doFetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return;
      const text = (await response.text()).slice(0, 200);
      lastProblem = `HTTP ${response.status} ${text}`;
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
      lastProblem = `network error: ${(error as Error).message}`;
      waitMs = 500 * 2 ** attempt;
    }
    if (attempt === attempts || waited + waitMs > maxWaitMs) break;
    await sleep(waitMs);
    waited += waitMs;
  }
  throw new SlackPostError(`Slack did not accept the message after ${attempts} attempt(s): ${lastProblem}`);
}
