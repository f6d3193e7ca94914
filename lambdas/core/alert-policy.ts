import type { AlertReason } from './alert-reasons.ts';
import type { PerformanceSection } from './performance/performance-section.ts';
import type { ReportStatus } from './report.ts';

/** What the previous completed checks of a monitor left behind, as far as alerting cares. */
export interface AlertMemory {
  /** Status of the last completed check; null before the first. */
  readonly lastStatus: ReportStatus | null;
  /** Epoch ms of the last alert sent; null if none. */
  readonly lastAlertAt: number | null;
}

/** The statuses that page, and the reason their alert carries. */
const PROBLEM_REASONS: Readonly<Partial<Record<ReportStatus, AlertReason>>> = {
  drift: 'drift',
  invalid: 'quality',
  error: 'error',
  stale: 'stale',
};

function isProblem(status: ReportStatus): boolean {
  return PROBLEM_REASONS[status] !== undefined;
}

/**
 * Which alert, if any, a check's status raises (docs/design.md §5): one on each change into a
 * problem (drift, invalid, error, stale) or out of one (recovered), and while the same problem
 * persists one reminder per `cooldownMs` (reason `reminder` for drift; the others repeat their
 * own reason). `ok`, `warn` and `feature_drift` are healthy. `waiting` (a first snapshot with no
 * baseline yet) is healthy too: it never pages, and what follows it is not a recovery; but a
 * monitor paged `stale` or `error` whose first snapshot then waits has recovered from that page.
 * Pure.
 */
export function decideAlert(
  memory: AlertMemory,
  status: ReportStatus,
  nowMs: number,
  cooldownMs: number,
): AlertReason | null {
  const reason = PROBLEM_REASONS[status];
  if (reason === undefined) {
    return memory.lastStatus !== null && isProblem(memory.lastStatus) ? 'recovered' : null;
  }
  if (memory.lastStatus !== status) return reason;
  const cooled = memory.lastAlertAt === null || nowMs - memory.lastAlertAt >= cooldownMs;
  if (!cooled) return null;
  return status === 'drift' ? 'reminder' : reason;
}

/**
 * Whether a snapshot's model quality raises the `model_degraded` alert: once per snapshot whose
 * `performance` section degraded, beside the status's own alert. `alreadyAlerted` says this
 * snapshot's degradation was alerted before (a re-run, or delayed labels completing it later),
 * so a degraded snapshot never alerts twice. Pure.
 */
export function decideModelAlert(
  performance: Pick<PerformanceSection, 'degraded'> | undefined,
  alreadyAlerted: boolean,
): 'model_degraded' | null {
  return performance?.degraded === true && !alreadyAlerted ? 'model_degraded' : null;
}
