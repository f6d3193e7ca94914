import { describe, expect, it } from 'vitest';
import { ALERT_MESSAGE_FORMAT } from '../../lambdas/sinks/sns-message.ts';
import { alarmConsoleUrl } from '../../lambdas/slack/cloudwatch-alarm.ts';
import { slackMessageOf } from '../../lambdas/slack/slack-message.ts';

const alarm = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    AlarmName: 'CheckErrors',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: 'Threshold Crossed',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:CheckErrors',
    ...overrides,
  });

describe('slackMessageOf', () => {
  it.each(['ALARM', 'OK', 'INSUFFICIENT_DATA'])('renders a CloudWatch alarm in state %s', (state) => {
    const message = slackMessageOf(alarm({ NewStateValue: state }));
    expect(message.kind).toBe('cloudwatch-alarm');
    expect(JSON.stringify(message.body)).toContain(`${state.replace('_', ' ')}: CheckErrors`);
  });

  it('posts an alarm without an ARN, just without the console button', () => {
    const message = slackMessageOf(alarm({ AlarmArn: undefined, AlarmDescription: null }));
    expect(message.kind).toBe('cloudwatch-alarm');
    expect(JSON.stringify(message.body)).not.toContain('"actions"');
  });

  it.each([
    ['not json at all', 'text'],
    ['null', 'text'],
    ['[1,2]', 'text'],
    [JSON.stringify({ AlarmName: 'x', NewStateValue: 'MAYBE' }), 'text'],
    [
      JSON.stringify({ format: ALERT_MESSAGE_FORMAT, monitor: 'm', report: { features: 'not a list' } }),
      'text',
    ],
    ['', 'text'],
  ])('posts %j as text, never throwing', (input, kind) => {
    const message = slackMessageOf(input, 'a subject');
    expect(message.kind).toBe(kind);
    expect(JSON.stringify(message.body).length).toBeLessThan(4000);
  });
});

describe('alarmConsoleUrl', () => {
  it('builds the console link from the ARN region, per partition', () => {
    expect(alarmConsoleUrl('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:Stale-a b')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Stale-a%20b',
    );
    expect(alarmConsoleUrl('arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:x')).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\//,
    );
    expect(alarmConsoleUrl('arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:x')).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\/cloudwatch\/home\?region=us-gov-west-1#/,
    );
    expect(alarmConsoleUrl('arn:evil:cloudwatch:javascript:alert(1)')).toBeNull();
    expect(alarmConsoleUrl(undefined)).toBeNull();
  });
});
