import type { AlertContent } from '../sinks/alert-content.ts';
import { slackBlocks } from '../sinks/slack-blocks.ts';
import { ALERT_MESSAGE_FORMAT } from '../sinks/sns-message.ts';
import { alarmBlocks, cloudWatchAlarmOf } from './cloudwatch-alarm.ts';
import { plainTextMessage } from './plain-text-message.ts';

/** What a message on the alerts topic turned out to be, and its Slack message. */
export interface SlackMessage {
  readonly kind: 'driftwatch-alert' | 'cloudwatch-alarm' | 'text';
  /** For the log line: the monitor or alarm name, when there is one. */
  readonly name?: string;
  readonly body: { text: string; blocks: unknown[] };
}

/**
 * The Slack message for anything published to the alerts topic: a driftwatch alert as Block Kit,
 * a CloudWatch alarm notification with its state and console link, anything else as escaped text.
 * Never throws on content: a message that cannot be rendered one way is shown the plainer way.
 */
export function slackMessageOf(message: string, subject?: string): SlackMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return { kind: 'text', body: plainTextMessage(message, subject) };
  }
  const alarm = cloudWatchAlarmOf(parsed);
  if (alarm !== null) return { kind: 'cloudwatch-alarm', name: alarm.AlarmName, body: alarmBlocks(alarm) };
  const alert = driftwatchAlertOf(parsed);
  if (alert !== null) {
    try {
      return { kind: 'driftwatch-alert', name: alert.monitor, body: slackBlocks(alert) };
    } catch {
      // A malformed alert (another version, a hand-made publish) still reaches the channel as text.
    }
  }
  return { kind: 'text', body: plainTextMessage(message, subject) };
}

function driftwatchAlertOf(parsed: unknown): AlertContent | null {
  if (typeof parsed !== 'object' || parsed === null) return null;
  const candidate = parsed as Partial<AlertContent> & { format?: unknown };
  if (candidate.format !== ALERT_MESSAGE_FORMAT || typeof candidate.monitor !== 'string') return null;
  if (typeof candidate.report !== 'object' || candidate.report === null) return null;
  return candidate as AlertContent;
}
