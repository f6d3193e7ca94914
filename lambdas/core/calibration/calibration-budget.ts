/**
 * When a check must stop starting calibrations: null while there is time, then why not. A feature
 * met after that keeps its method's default threshold for this check and its report says so
 * (`calibration.problem`); what was calibrated before is cached, so a later check goes on from
 * there. Each feature's calibration is whole or absent, never cut short: its threshold does not
 * depend on the machine's speed.
 */
export interface CalibrationBudget {
  spent(): string | null;
}

/**
 * Time kept for what a check does after its compare (report, history, overview page, metrics,
 * alert, state): a few seconds of writes, with room for the SDK's retries.
 */
const CALIBRATION_RESERVE_MS = 60_000;

/**
 * A budget that runs out when `remainingMs()` (a Lambda's `context.getRemainingTimeInMillis()`,
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html) falls under the reserve: a
 * check that would calibrate past its function's timeout (at most 900 s,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html) reports instead.
 */
export function deadlineBudget(
  remainingMs: () => number,
  reserveMs = CALIBRATION_RESERVE_MS,
): CalibrationBudget {
  return {
    spent() {
      const left = remainingMs();
      if (left >= reserveMs) return null;
      return (
        `not calibrated in this check: ${Math.max(0, Math.round(left / 1000))} s were left before the function's ` +
        `timeout and ${reserveMs / 1000} s are kept for the report; a later check calibrates it, going on from the cached calibrations`
      );
    },
  };
}
