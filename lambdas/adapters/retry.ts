/** How a call is retried; `sleep` is injected so tests do not wait. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 4 */
  readonly attempts?: number;
  /** First back-off; doubled each time, with full jitter. @default 200 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
  /** Called before each wait, e.g. to log. */
  readonly onRetry?: (label: string, attempt: number, error: unknown) => void;
}

/** Runs an operation, retrying transient failures; the last error is rethrown. */
export type Retry = <T>(label: string, operation: () => Promise<T>) => Promise<T>;

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Throttling, 5xx and connection failures are worth another try; a 4xx (access denied, no such
 * key, invalid parameter) is not. Mirrors the SDK's own classification (`$retryable`, status).
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (e.$retryable) return true;
  if (e.name !== undefined && THROTTLING.has(e.name)) return true;
  if (e.code !== undefined && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

export function makeRetry(options: RetryOptions = {}): Retry {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;
  return async <T>(label: string, operation: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (attempt >= attempts || !isTransient(error)) throw error;
        options.onRetry?.(label, attempt, error);
        // "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter).
        await sleep(Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1))));
      }
    }
  };
}

/** No retries: for stores whose failures are not transient (a local folder). */
export const noRetry: Retry = (_label, operation) => operation();
