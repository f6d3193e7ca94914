import { makeRetry, type Retry } from '../adapters/retry.ts';

/** One JSON object per line: Lambda's JSON log format keeps it as the message's fields. */
export type Log = (event: Record<string, unknown>) => void;

export const log: Log = (event) => console.log(JSON.stringify(event));

/**
 * Every handler's AWS calls go through this: throttling, 5xx and connection failures are
 * retried with backoff (`lambdas/adapters/retry.ts`), and each retry is logged as a warning.
 */
export const retry: Retry = makeRetry({
  onRetry: (label, attempt, error) =>
    log({ level: 'warn', message: 'retrying', call: label, attempt, error: String(error) }),
});

/** What the handlers read of the Lambda context object (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html). */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The invocation's time left, for `CheckDependencies.remainingMs`; nothing outside Lambda. */
export function remainingTimeOf(context: LambdaContext | undefined): { remainingMs?: () => number } {
  return context === undefined ? {} : { remainingMs: () => context.getRemainingTimeInMillis() };
}
