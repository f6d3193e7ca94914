import type { ReportStatus } from '../core/report.ts';

/**
 * The exit codes of `driftwatch check` and `driftwatch run` (README "Exit codes"), so a scheduler
 * or CI step can tell drift from broken data from a failed check.
 */
export const EXIT_OK = 0;
/** Drift the monitor pages on (status `drift`). */
export const EXIT_DRIFT = 1;
/** Bad input or usage, a check that could not run (`error`), no recent snapshot (`stale`). */
export const EXIT_BAD_INPUT = 2;
/** A data-quality finding of severity `error` (status `invalid`): empty or broken data. */
export const EXIT_INVALID_DATA = 3;

/**
 * A model metric degraded past its allowance (report `performance.degraded`). Broken data (3) and
 * a check that could not run (2) win over it: metrics of broken data are not trusted; it wins over
 * drift (1), since the model's own quality is what drift stands in for.
 */
export const EXIT_MODEL_DEGRADED = 4;

const EXIT_BY_STATUS: Readonly<Record<ReportStatus, number>> = {
  ok: EXIT_OK,
  warn: EXIT_OK,
  feature_drift: EXIT_OK,
  waiting: EXIT_OK,
  drift: EXIT_DRIFT,
  invalid: EXIT_INVALID_DATA,
  error: EXIT_BAD_INPUT,
  stale: EXIT_BAD_INPUT,
};

/** A check's exit code: its status's, or EXIT_MODEL_DEGRADED over `ok`, `warn`, `feature_drift` and `drift`. */
export function exitCodeOfCheck(status: ReportStatus, modelDegraded: boolean): number {
  const byStatus = EXIT_BY_STATUS[status];
  return modelDegraded && (byStatus === EXIT_OK || byStatus === EXIT_DRIFT) ? EXIT_MODEL_DEGRADED : byStatus;
}
