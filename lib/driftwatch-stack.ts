import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { DriftwatchConfig } from '../lambdas/config.ts';
import { AlertsTopic } from './alerts-topic.ts';
import { CheckFunction } from './check-function.ts';
import { FanOut } from './fan-out.ts';
import { MonitorSchedules } from './monitor-schedules.ts';
import { Monitoring } from './monitoring.ts';
import { ChatbotChannel, SlackNotifier } from './slack-notifier.ts';
import { SnapshotBucket } from './snapshot-bucket.ts';

export interface DriftwatchStackProps extends StackProps {
  /** The validated config. */
  readonly config: DriftwatchConfig;
  /** The config as the user wrote it (JSON), passed to the Lambda as DRIFTWATCH_CONFIG. */
  readonly configJson: string;
  /** Check Lambda memory, MB. @default CHECK_MEMORY_MB (1769, one full vCPU) */
  readonly checkMemorySize?: number;
}

/** The stack a user deploys: bucket, check Lambda, schedules, alerts, Slack, dashboard. */
export class DriftwatchStack extends Stack {
  readonly snapshotBucket: SnapshotBucket;
  readonly alerts: AlertsTopic;
  readonly check: CheckFunction;
  readonly fanOut: FanOut;
  readonly schedules: MonitorSchedules;
  readonly monitoring: Monitoring;
  readonly slack?: SlackNotifier;

  constructor(scope: Construct, id: string, props: DriftwatchStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.snapshotBucket = new SnapshotBucket(this, 'Snapshots');
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
    const monitors = config.monitors.map((m) => ({
      name: m.name,
      prefix: m.prefix,
      source: sourceOf(m.bucket),
    }));
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
    for (const monitor of config.monitors) this.snapshotBucket.expireReports(`${monitor.prefix}reports/`);

    this.schedules = new MonitorSchedules(this, 'Schedules', {
      checkFunction: this.check.function,
      monitors: config.monitors.map((m) => ({
        name: m.name,
        expression: m.schedule.expression,
        timeZone: m.schedule.timeZone,
      })),
    });

    const deadLetterQueues = [this.check.onFailure, this.schedules.deadLetterQueue];
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
