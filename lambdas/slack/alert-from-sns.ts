import type { AlertContent } from '../sinks/alert-content.ts';
import { ALERT_MESSAGE_FORMAT } from '../sinks/sns-message.ts';

/** The alert in an SNS message's `default` JSON; refuses anything else in words. */
export function alertFromSnsMessage(message: string): AlertContent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw new Error(`SNS message is not JSON: ${message.slice(0, 100)}`);
  }
  const candidate = parsed as Partial<AlertContent> & { format?: unknown };
  if (
    candidate.format !== ALERT_MESSAGE_FORMAT ||
    typeof candidate.monitor !== 'string' ||
    !candidate.report
  ) {
    throw new Error(`SNS message is not a driftwatch alert: ${message.slice(0, 100)}`);
  }
  return candidate as AlertContent;
}
