import type { ReportStatus } from './report.ts';

/** What the previous completed checks of a monitor left behind, as far as alerting cares. */
export interface AlertMemory {
  /** Status of the last completed check; null before the first. */
  readonly lastStatus: ReportStatus | null;
  /** Epoch ms of the last alert sent; null if none. */
  readonly lastAlertAt: number | null;
}

/**
 * Why an alert is sent; the same union as `AlertReason` in `sinks/alert-content.ts`, declared
 * here because core imports nothing from sinks.
 */
export type AlertDecision = 'drift' | 'recovered' | 'error' | 'stale' | 'reminder';

const PROBLEMS: ReadonlySet<ReportStatus> = new Set(['drift', 'error', 'stale']);

/**
 * Which alert, if any, a check's status raises (docs/design.md §5): one on each change into a
 * problem (drift, error, stale) or out of one (recovered), and while the same problem persists
 * one reminder per `cooldownMs` (reason `reminder` for drift; `error`/`stale` repeat themselves).
 * `warn` counts as healthy: quality warnings are in the report, not worth a page. Pure.
 */
export function decideAlert(
  memory: AlertMemory,
  status: ReportStatus,
  nowMs: number,
  cooldownMs: number,
): AlertDecision | null {
  if (!PROBLEMS.has(status)) {
    return memory.lastStatus !== null && PROBLEMS.has(memory.lastStatus) ? 'recovered' : null;
  }
  if (memory.lastStatus !== status) return status as 'drift' | 'error' | 'stale';
  const cooled = memory.lastAlertAt === null || nowMs - memory.lastAlertAt >= cooldownMs;
  if (!cooled) return null;
  return status === 'drift' ? 'reminder' : (status as 'error' | 'stale');
}
