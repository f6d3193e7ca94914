import { visibleLine } from '../safe-text.ts';
import { truncate } from '../sinks/report-wording.ts';
import { escapeWithin, SLACK_SECTION_CHARS } from '../sinks/slack-blocks.ts';

/**
 * What a CloudWatch alarm publishes to an SNS topic (the `Message` JSON of each state change):
 * AlarmName, AlarmDescription, AWSAccountId, NewStateValue, NewStateReason, StateChangeTime,
 * Region (a display name such as "EU (Ireland)"), AlarmArn, OldStateValue, Trigger. Shape as in
 * the CloudWatch User Guide ("Acting on alarm changes", "Notifying users on alarm changes") and
 * AWS's own sample event (github.com/aws/aws-lambda-go, events/testdata/cloudwatch-alarm-sns-payload-single-metric.json).
 * Only the fields read here are typed; AlarmArn and the description may be absent.
 */
export interface CloudWatchAlarmMessage {
  readonly AlarmName: string;
  readonly NewStateValue: AlarmState;
  readonly OldStateValue?: string;
  readonly AlarmDescription?: string | null;
  readonly NewStateReason?: string;
  readonly StateChangeTime?: string;
  readonly AlarmArn?: string;
}

const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
type AlarmState = (typeof ALARM_STATES)[number];

const STATE_WORDS: Record<AlarmState, { emoji: string; words: string }> = {
  ALARM: { emoji: ':red_circle:', words: 'ALARM' },
  OK: { emoji: ':large_green_circle:', words: 'OK' },
  INSUFFICIENT_DATA: { emoji: ':white_circle:', words: 'INSUFFICIENT DATA' },
};
const HEADER_CHARS = 150;
const NAME_CHARS = 255;

/** The alarm notification in a parsed SNS message, or null when it is something else. */
export function cloudWatchAlarmOf(parsed: unknown): CloudWatchAlarmMessage | null {
  if (typeof parsed !== 'object' || parsed === null) return null;
  const candidate = parsed as Record<string, unknown>;
  if (typeof candidate.AlarmName !== 'string') return null;
  if (!ALARM_STATES.includes(candidate.NewStateValue as AlarmState)) return null;
  const text = (key: string): string | undefined =>
    typeof candidate[key] === 'string' ? (candidate[key] as string) : undefined;
  return {
    AlarmName: candidate.AlarmName,
    NewStateValue: candidate.NewStateValue as AlarmState,
    OldStateValue: text('OldStateValue'),
    AlarmDescription: text('AlarmDescription'),
    NewStateReason: text('NewStateReason'),
    StateChangeTime: text('StateChangeTime'),
    AlarmArn: text('AlarmArn'),
  };
}

/**
 * The CloudWatch console page of an alarm, from its ARN (`arn:<partition>:cloudwatch:<region>:
 * <account>:alarm:<name>`): the notification's `Region` is a display name, the ARN's is the code.
 * Null when the ARN is missing or not one of a known partition.
 */
export function alarmConsoleUrl(alarmArn: string | undefined): string | null {
  const match = /^arn:(aws|aws-cn|aws-us-gov):cloudwatch:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:alarm:(.+)$/.exec(
    alarmArn ?? '',
  );
  if (match === null) return null;
  const [, partition, region, name] = match;
  const host =
    partition === 'aws-cn'
      ? `${region}.console.amazonaws.cn`
      : partition === 'aws-us-gov'
        ? 'console.amazonaws-us-gov.com'
        : `${region}.console.aws.amazon.com`;
  return `https://${host}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`;
}

/** Block Kit for an alarm's state change: state, name, description, reason, console button. */
export function alarmBlocks(alarm: CloudWatchAlarmMessage): { text: string; blocks: unknown[] } {
  const state = STATE_WORDS[alarm.NewStateValue];
  const name = visibleLine(alarm.AlarmName);
  const lines = [
    `${state.emoji} *${state.words}*${alarm.OldStateValue ? ` (was ${escapeWithin(visibleLine(alarm.OldStateValue), 40)})` : ''}`,
  ];
  if (alarm.AlarmDescription) lines.push(escapeWithin(visibleLine(alarm.AlarmDescription), 1200));
  if (alarm.NewStateReason) lines.push(`*Reason:* ${escapeWithin(visibleLine(alarm.NewStateReason), 1200)}`);
  if (alarm.StateChangeTime) lines.push(`*Changed:* ${escapeWithin(visibleLine(alarm.StateChangeTime), 60)}`);
  const blocks: unknown[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${state.words}: ${truncate(name, NAME_CHARS)}`, HEADER_CHARS),
        emoji: true,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, SLACK_SECTION_CHARS) } },
  ];
  const console = alarmConsoleUrl(alarm.AlarmArn);
  if (console !== null) {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open alarm', emoji: true }, url: console },
      ],
    });
  }
  return { text: escapeWithin(`CloudWatch alarm ${state.words}: ${name}`, 300), blocks };
}
