/**
 * Why an alert is sent: state changes and reminders only, never one per feature. The one list
 * of reasons: the alert policy, the alert content, the state file's schema and the wording all
 * take it from here.
 */
export const ALERT_REASONS = [
  /** into `drift` (or a first check with drift) */
  'drift',
  /** out of a problem (`drift`, `invalid`, `error`, `stale`) into a healthy status */
  'recovered',
  /** the check failed (bad snapshot, unreadable baseline) */
  'error',
  /** no snapshot newer than the monitor's maxSnapshotAge */
  'stale',
  /** drift persists past the alert cooldown */
  'reminder',
  /** a data-quality finding of severity `error` (status `invalid`): empty or broken data */
  'quality',
  /**
   * a model metric degraded past its allowance (report `performance`): once per snapshot that
   * degrades, beside (not instead of) the status's own alert
   */
  'model_degraded',
] as const;

export type AlertReason = (typeof ALERT_REASONS)[number];
