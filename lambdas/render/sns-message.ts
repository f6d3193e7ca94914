import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { DriftReport, FeatureResult } from '../core/report.ts';
import type { AlertContent } from './alert-content.ts';
import { chatbotNotification } from './chatbot-notification.ts';
import { emailText } from './email-text.ts';
import { alertTitle, bySeverity } from './report-wording.ts';

/** SNS caps a message (body and attributes) at 256 KiB. */
export const SNS_MAX_BYTES = 256 * 1024;
/** SNS Subject: printable ASCII, fewer than 100 characters. */
const SNS_MAX_SUBJECT_CHARS = 99;
/** What the `default` JSON says it is, so the Slack notifier can check before reading it. */
export const ALERT_MESSAGE_FORMAT = 'driftwatch-alert';

/**
 * The subject: `[driftwatch] <monitor>: <headline>`, non-ASCII replaced by `?`, control
 * characters dropped, cut to 99 characters with `...`.
 */
export function alertSubject(alert: AlertContent): string {
  const raw = `[driftwatch] ${alert.monitor}: ${alertTitle(alert)}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const ascii = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SNS_MAX_SUBJECT_CHARS ? ascii : `${ascii.slice(0, SNS_MAX_SUBJECT_CHARS - 3)}...`;
}

/**
 * The `default` payload: the AlertContent itself (what the Slack notifier renders), its report
 * cut down in steps until the whole message fits, with `truncated` saying so.
 */
function defaultPayloads(alert: AlertContent): string[] {
  const report = alert.report;
  const ranked = [...report.features].sort(bySeverity);
  const slim = (f: FeatureResult): FeatureResult => ({ ...f, topChanges: f.topChanges.slice(0, 3) });
  const variant = (r: DriftReport, truncated: boolean) =>
    JSON.stringify({ format: ALERT_MESSAGE_FORMAT, ...alert, report: r, truncated });
  return [
    variant(report, false),
    variant({ ...report, features: report.features.map(slim), skipped: [] }, true),
    variant(
      {
        ...report,
        features: ranked
          .filter((f) => f.drifted || f.error !== undefined)
          .slice(0, 200)
          .map(slim),
        quality: report.quality.slice(0, 100),
        skipped: [],
      },
      true,
    ),
    variant(
      {
        ...report,
        error: report.error?.slice(0, 2000),
        features: ranked.slice(0, 10).map((f) => ({ ...slim(f), topChanges: f.topChanges.slice(0, 1) })),
        quality: report.quality.slice(0, 10),
        skipped: [],
        baseline: { ...report.baseline, sources: report.baseline.sources.slice(0, 10) },
        current: { ...report.current, sources: report.current.sources.slice(0, 10) },
      },
      true,
    ),
  ];
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The Publish input for an alert: MessageStructure `json` with `default` (JSON for machines and
 * the Slack notifier), `email` (text from email-text.ts) and `https` (the AWS Chatbot custom
 * notification: Chatbot subscribes to the topic over HTTPS; SNS Publish API reference,
 * MessageStructure: a top-level key per transport protocol, `default` for the rest), an ASCII subject, and message
 * attributes `monitor`, `status` and `reason` for subscription filter policies (`reason` because a
 * `model_degraded` alert can carry any status, so a filter on status alone would drop it). The whole message stays
 * under SNS's 256 KiB: the report in `default` is cut down first, then the email text.
 */
export function snsPublishInput(alert: AlertContent, topicArn: string): PublishCommandInput {
  const subject = alertSubject(alert);
  const attributes = {
    monitor: { DataType: 'String', StringValue: alert.monitor },
    status: { DataType: 'String', StringValue: alert.status },
    reason: { DataType: 'String', StringValue: alert.reason },
  };
  // SNS counts attribute names, types and values toward the limit; 1 KiB covers the envelope.
  const budget =
    SNS_MAX_BYTES -
    1024 -
    bytes(subject) -
    Object.entries(attributes).reduce(
      (sum, [name, value]) => sum + bytes(name) + bytes(value.DataType) + bytes(value.StringValue),
      0,
    );
  let email = emailText(alert);
  const https = JSON.stringify(chatbotNotification(alert));
  let message = '';
  for (const payload of defaultPayloads(alert)) {
    message = JSON.stringify({ default: payload, email, https });
    if (bytes(message) <= budget) break;
  }
  if (bytes(message) > budget) {
    const overflow = bytes(message) - budget;
    const note = '\n\n[... cut to fit an SNS message; the full report is linked above]';
    // JSON escaping can double a character's size; cut twice the overflow to be sure.
    email = email.slice(0, Math.max(0, email.length - 2 * overflow - note.length)) + note;
    message = JSON.stringify({ default: defaultPayloads(alert).at(-1), email, https });
  }
  return {
    TopicArn: topicArn,
    Subject: subject,
    Message: message,
    MessageStructure: 'json',
    MessageAttributes: attributes,
  };
}
