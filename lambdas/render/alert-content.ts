import type { AlertReason } from '../core/alert-reasons.ts';
import type { DriftReport, ReportStatus } from '../core/report.ts';

/** Everything an alert says, whatever carries it (SNS email text, Slack blocks, JSON). */
export interface AlertContent {
  readonly monitor: string;
  readonly reason: AlertReason;
  readonly status: ReportStatus;
  /** The report of the check that raised the alert; its `context` names snapshot and baseline. */
  readonly report: DriftReport;
  readonly links: {
    /** The HTML report (an S3 console link, or a short-lived presigned URL beside it). */
    readonly report?: string;
    readonly reportConsole?: string;
    /** The monitor's overview page (index.html at its prefix): every check, trends, reports. */
    readonly overview?: string;
    readonly dashboard?: string;
  };
}
