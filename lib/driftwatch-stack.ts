import { CfnOutput, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { DriftwatchConfig } from '../lambdas/config.ts';
import { runsOnUpload } from '../lambdas/upload-trigger.ts';
import { AlertsTopic } from './alerts-topic.ts';
import { CheckFunction } from './check-function.ts';
import { FanOut } from './fan-out.ts';
import { grantScopes } from './grant-scopes.ts';
import { MonitorSchedules, monitorSchedulesDeadLetterQueue } from './monitor-schedules.ts';
import { Monitoring } from './monitoring.ts';
import { ChatbotChannel, SlackNotifier } from './slack-notifier.ts';
import { SnapshotBucket } from './snapshot-bucket.ts';
import { UploadTriggers, uploadDeadLetterQueue } from './upload-triggers.ts';

export interface DriftwatchStackProps extends StackProps {
  /** The validated config. */
  readonly config: DriftwatchConfig;
  /** The config as the user wrote it (JSON), bundled into each Lambda's code asset. */
  readonly configJson: string;
  /** Check Lambda memory, MB. @default CHECK_MEMORY_MB (1769, one full vCPU) */
  readonly checkMemorySize?: number;
}

/**
 * Monitors whose schedules and alarms fit in the main stack; above this, they are spread over
 * nested stacks of this many monitors each. CloudFormation allows 500 resources per stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html); each
 * monitor brings a schedule and up to a few alarms, the shared part about fifty resources.
 */
export const MONITORS_PER_STACK = 50;

/** The stack a user deploys: bucket, check Lambda, schedules, alerts, Slack, dashboard. */
export class DriftwatchStack extends Stack {
  readonly snapshotBucket: SnapshotBucket;
  readonly alerts: AlertsTopic;
  readonly check: CheckFunction;
  readonly fanOut: FanOut;
  readonly schedules: MonitorSchedules[] = [];
  /** The nested stacks holding the monitors' schedules and alarms (none up to MONITORS_PER_STACK monitors). */
  readonly monitorStacks: NestedStack[] = [];
  readonly monitoring: Monitoring;
  readonly slack?: SlackNotifier;

  constructor(scope: Construct, id: string, props: DriftwatchStackProps) {
    super(scope, id, props);
    const { config } = props;
    const uploadMonitors = config.monitors.filter((m) => runsOnUpload(m.trigger));
    this.snapshotBucket = new SnapshotBucket(this, 'Snapshots', {
      eventBridgeEnabled: uploadMonitors.some((m) => m.bucket === undefined),
    });
    const bucket = this.snapshotBucket.bucket;
    this.alerts = new AlertsTopic(this, 'Alerts', { emails: config.alertEmails });

    const imported = new Map<string, IBucket>();
    const sourceOf = (name: string | undefined): IBucket => {
      if (name === undefined) return bucket;
      let source = imported.get(name);
      if (source === undefined) {
        // An existing bucket is only ever read: no grant here writes to it.
        source = Bucket.fromBucketName(this, `Source-${name}`, name);
        imported.set(name, source);
      }
      return source;
    };

    const dashboardName = `driftwatch-${this.stackName}`;
    const dashboardUrl = `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboardName}`;
    // One role serves every monitor; its S3 grants name the monitors' prefixes (grouped when many).
    const monitors = grantScopes(
      config.monitors.map((m) => ({ name: m.name, prefix: m.prefix, source: sourceOf(m.bucket) })),
    );
    // The fan-out's reduce step finishes the check's work: both get the same settings.
    const checkSettings = {
      bucket,
      topic: this.alerts.topic,
      namespace: config.namespace,
      configJson: props.configJson,
      monitors,
      memorySize: props.checkMemorySize,
      dashboardUrl,
    };
    this.fanOut = new FanOut(this, 'FanOut', checkSettings);
    this.check = new CheckFunction(this, 'Check', {
      ...checkSettings,
      stateMachine: this.fanOut.stateMachine,
    });
    for (const monitor of config.monitors) this.snapshotBucket.expireMonitorData(monitor.prefix);

    const groups = monitorGroups(config.monitors);
    const scopeOf = new Map<string, Construct>();
    const scheduleDeadLetters = monitorSchedulesDeadLetterQueue(this, 'ScheduleDeadLetters');
    const uploadDeadLetters =
      uploadMonitors.length > 0 ? uploadDeadLetterQueue(this, 'UploadDeadLetters') : undefined;
    for (const [i, group] of groups.entries()) {
      const scope = groups.length === 1 ? this : new NestedStack(this, `Monitors${i + 1}`);
      if (scope instanceof NestedStack) this.monitorStacks.push(scope);
      for (const monitor of group) scopeOf.set(monitor.name, scope);
      this.schedules.push(
        new MonitorSchedules(scope, 'Schedules', {
          checkFunction: this.check.function,
          deadLetterQueue: scheduleDeadLetters,
          monitors: group.map((m) => ({
            name: m.name,
            expression: m.schedule.expression,
            timeZone: m.schedule.timeZone,
          })),
        }),
      );
      const uploads = group.filter((m) => runsOnUpload(m.trigger));
      if (uploadDeadLetters !== undefined && uploads.length > 0) {
        new UploadTriggers(scope, 'Uploads', {
          checkFunction: this.check.function,
          deadLetterQueue: uploadDeadLetters,
          monitors: uploads.map((m) => ({ name: m.name, prefix: m.prefix, bucket: sourceOf(m.bucket) })),
        });
      }
    }

    const deadLetterQueues = [this.check.onFailure, scheduleDeadLetters];
    if (uploadDeadLetters !== undefined) deadLetterQueues.push(uploadDeadLetters);
    if (config.slackWebhookSecretName !== undefined) {
      this.slack = new SlackNotifier(this, 'Slack', {
        topic: this.alerts.topic,
        webhookSecretName: config.slackWebhookSecretName,
        webhookOrigins: config.slackWebhookOrigins,
      });
      deadLetterQueues.push(this.slack.onFailure, this.slack.deadLetterQueue);
    }
    if (config.slackChatbot !== undefined) {
      new ChatbotChannel(this, 'Chatbot', {
        topic: this.alerts.topic,
        slackWorkspaceId: config.slackChatbot.workspaceId,
        slackChannelId: config.slackChatbot.channelId,
      });
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      namespace: config.namespace,
      dashboardName,
      checkFunction: this.check.function,
      deadLetterQueues,
      alertsTopic: this.alerts.topic,
      monitorScope: (name) => scopeOf.get(name) ?? this,
      ...(this.slack ? { notifierFunction: this.slack.function } : {}),
      monitors: config.monitors.map((m) => ({
        name: m.name,
        maxSnapshotAgeHours: m.maxSnapshotAge / 3_600_000,
        featureMetrics: m.featureMetrics,
        alarmOnDrift: m.alarmOnDrift,
        schedule: m.schedule,
      })),
    });

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName, description: 'Drop snapshots here' });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'DashboardUrl', { value: dashboardUrl });
  }
}

/** The monitors in config order, cut into groups of at most MONITORS_PER_STACK (one group when they fit). */
function monitorGroups<T>(monitors: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < monitors.length; i += MONITORS_PER_STACK)
    groups.push(monitors.slice(i, i + MONITORS_PER_STACK));
  return groups;
}
