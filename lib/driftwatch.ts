import { NestedStack, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type DriftwatchConfig, type MonitorSettings, parseConfig } from '../lambdas/config.ts';
import { runsOnUpload } from '../lambdas/upload-trigger.ts';
import { alarmName } from './alarm-name.ts';
import { AlertsTopic } from './alerts-topic.ts';
import { CheckFunction } from './check-function.ts';
import { FanOut } from './fan-out.ts';
import { grantScopes } from './grant-scopes.ts';
import { MonitorSchedules, monitorSchedulesDeadLetterQueue } from './monitor-schedules.ts';
import { Monitoring } from './monitoring.ts';
import { ChatbotChannel, SlackNotifier } from './slack-notifier.ts';
import { SnapshotBucket } from './snapshot-bucket.ts';
import { sendEventsToEventBridge, UploadTriggers, uploadDeadLetterQueue } from './upload-triggers.ts';

/** An AWS Chatbot Slack channel the alerts topic is relayed to. */
export interface SlackChatbotSettings {
  /** The Slack workspace id (`T...`), authorised in the Chatbot console first. */
  readonly workspaceId: string;
  /** The Slack channel id (`C...`). */
  readonly channelId: string;
}

/**
 * Driftwatch's settings. The monitoring fields are named as in `driftwatch.config.json`
 * (README "Config"), so a config file's contents can be passed as they are; they are validated
 * at synth by the same schema the Lambdas use, and errors name the bad field.
 */
export interface DriftwatchProps {
  /** The monitors: one per model or table, as the config file's `monitors` (README "Config"). */
  readonly monitors: readonly MonitorSettings[];
  /** CloudWatch namespace of every metric. @default 'DriftWatch' */
  readonly namespace?: string;
  /** Addresses subscribed to the alerts topic by email (each must confirm). @default [] */
  readonly alertEmails?: readonly string[];
  /**
   * Name of an existing Secrets Manager secret holding a Slack incoming-webhook URL; alerts and
   * alarms are posted there by a notifier Lambda. @default no Slack notifier
   */
  readonly slackWebhookSecretName?: string;
  /**
   * Origins besides https://hooks.slack.com the webhook URL may point at (a proxy, GovSlack).
   * @default []
   */
  readonly slackWebhookOrigins?: readonly string[];
  /** Relay the alerts topic to a Slack channel through AWS Chatbot. @default no Chatbot channel */
  readonly slackChatbot?: SlackChatbotSettings;
  /**
   * The bucket for reports, cached profiles, state and (unless a monitor names its own `bucket`)
   * snapshots. An existing bucket keeps its own lifecycle rules: none are added to it, so old
   * reports are kept until you expire them (README "Deploy to AWS").
   * @default a new encrypted, versioned bucket with access logs and lifecycle rules (SnapshotBucket)
   */
  readonly bucket?: IBucket;
  /**
   * The topic alerts and alarms are published to. An existing topic encrypted with KMS must let
   * the check Lambdas and CloudWatch (`cloudwatch.amazonaws.com`) use its key.
   * @default a new topic encrypted with its own KMS key (AlertsTopic)
   */
  readonly topic?: ITopic;
  /**
   * What removing the construct (or `cdk destroy`) does to the bucket it creates and that bucket's
   * access-log bucket. `RemovalPolicy.DESTROY` removes them only when empty. Ignored with `bucket`.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** How long the Lambdas' and the fan-out's logs are kept. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Check Lambda memory, MB. @default CHECK_MEMORY_MB (1769, one full vCPU) */
  readonly checkMemorySize?: number;
  /**
   * Starts every alarm name (`<name>-Stale-<monitor>`) and the dashboard's (`driftwatch-<name>`);
   * unique per account and Region. @default the stack name
   */
  readonly name?: string;
}

/**
 * Monitors whose schedules and alarms fit in the main stack; above this, they are spread over
 * nested stacks of this many monitors each. CloudFormation allows 500 resources per stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html); each
 * monitor brings a schedule and up to a few alarms, the shared part about fifty resources.
 */
export const MONITORS_PER_STACK = 50;

/**
 * Drift monitoring for the monitors given: the bucket snapshots are dropped into (or yours), the
 * check Lambda and its schedules, the large-snapshot fan-out, the alerts topic (or yours) with
 * email, Slack and Chatbot, and a CloudWatch dashboard with alarms.
 */
export class Driftwatch extends Construct {
  /** The bucket reports and state are written to (and snapshots read from, by default). */
  readonly bucket: IBucket;
  /** The bucket this construct created, when no `bucket` was given. */
  readonly snapshotBucket?: SnapshotBucket;
  /** The topic alerts and alarms go to. */
  readonly topic: ITopic;
  /** The topic this construct created, when no `topic` was given. */
  readonly alerts?: AlertsTopic;
  readonly check: CheckFunction;
  readonly fanOut: FanOut;
  readonly schedules: MonitorSchedules[] = [];
  /** The nested stacks holding the monitors' schedules and alarms (none up to MONITORS_PER_STACK monitors). */
  readonly monitorStacks: NestedStack[] = [];
  readonly monitoring: Monitoring;
  readonly slack?: SlackNotifier;
  /** The validated settings, defaults filled in. */
  readonly config: DriftwatchConfig;
  readonly dashboardName: string;
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: DriftwatchProps) {
    super(scope, id);
    const settings = configOf(props);
    // The JSON each Lambda re-validates at start: the settings as given, never the defaults filled in.
    const configJson = JSON.stringify(settings);
    const config = parseConfig(settings, `Driftwatch ${this.node.path}`);
    this.config = config;
    const stack = Stack.of(this);
    const name = props.name ?? stack.stackName;

    const uploadMonitors = config.monitors.filter((m) => runsOnUpload(m.trigger));
    const uploadsToOwnBucket = uploadMonitors.some((m) => m.bucket === undefined);
    if (props.bucket === undefined) {
      this.snapshotBucket = new SnapshotBucket(this, 'Snapshots', {
        removalPolicy: props.removalPolicy,
        eventBridgeEnabled: uploadsToOwnBucket,
      });
    } else if (uploadsToOwnBucket) {
      sendEventsToEventBridge(props.bucket);
    }
    const bucket = props.bucket ?? this.snapshotBucket!.bucket;
    this.bucket = bucket;
    if (props.topic === undefined) this.alerts = new AlertsTopic(this, 'Alerts');
    const topic = props.topic ?? this.alerts!.topic;
    this.topic = topic;
    for (const email of config.alertEmails) topic.addSubscription(new EmailSubscription(email));

    const imported = new Map<string, IBucket>();
    const sourceOf = (bucketName: string | undefined): IBucket => {
      if (bucketName === undefined) return bucket;
      let source = imported.get(bucketName);
      if (source === undefined) {
        // An existing bucket is only ever read: no grant here writes to it.
        source = Bucket.fromBucketName(this, `Source-${bucketName}`, bucketName);
        imported.set(bucketName, source);
      }
      return source;
    };

    this.dashboardName = `driftwatch-${name}`;
    this.dashboardUrl = `https://console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${this.dashboardName}`;
    // One role serves every monitor; its S3 grants name the monitors' prefixes (grouped when many).
    const monitors = grantScopes(
      config.monitors.map((m) => ({ name: m.name, prefix: m.prefix, source: sourceOf(m.bucket) })),
    );
    // The fan-out's reduce step finishes the check's work: both get the same settings.
    const checkSettings = {
      bucket,
      topic,
      namespace: config.namespace,
      configJson,
      monitors,
      memorySize: props.checkMemorySize,
      dashboardUrl: this.dashboardUrl,
      logRetention: props.logRetention,
    };
    this.fanOut = new FanOut(this, 'FanOut', {
      ...checkSettings,
      failedAlarmName: alarmName(name, 'FanOutFailed'),
    });
    this.check = new CheckFunction(this, 'Check', {
      ...checkSettings,
      stateMachine: this.fanOut.stateMachine,
    });
    for (const monitor of config.monitors) this.snapshotBucket?.expireMonitorData(monitor.prefix);

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

    const deadLetterQueues = [
      { label: 'Check-OnFailure', queue: this.check.onFailure },
      { label: 'Schedules', queue: scheduleDeadLetters },
    ];
    if (uploadDeadLetters !== undefined)
      deadLetterQueues.push({ label: 'Uploads', queue: uploadDeadLetters });
    if (config.slackWebhookSecretName !== undefined) {
      this.slack = new SlackNotifier(this, 'Slack', {
        topic,
        webhookSecretName: config.slackWebhookSecretName,
        webhookOrigins: config.slackWebhookOrigins,
        logRetention: props.logRetention,
      });
      deadLetterQueues.push(
        { label: 'Slack-OnFailure', queue: this.slack.onFailure },
        { label: 'Slack-Subscription', queue: this.slack.deadLetterQueue },
      );
    }
    if (config.slackChatbot !== undefined) {
      new ChatbotChannel(this, 'Chatbot', {
        topic,
        slackWorkspaceId: config.slackChatbot.workspaceId,
        slackChannelId: config.slackChatbot.channelId,
      });
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      namespace: config.namespace,
      dashboardName: this.dashboardName,
      alarmNamePrefix: name,
      checkFunction: this.check.function,
      deadLetterQueues,
      alertsTopic: topic,
      monitorScope: (monitorName) => scopeOf.get(monitorName) ?? this,
      ...(this.slack ? { notifierFunction: this.slack.function } : {}),
      monitors: config.monitors.map((m) => ({
        name: m.name,
        maxSnapshotAgeHours: m.maxSnapshotAge / 3_600_000,
        featureMetrics: m.featureMetrics,
        alarmOnDrift: m.alarmOnDrift,
        schedule: m.schedule,
      })),
    });
  }

  /** The check Lambda: invoke it with `{"monitor": "<name>"}` to check a monitor now. */
  get checkFunction(): IFunction {
    return this.check.function;
  }
}

/** The props' monitoring settings as a config file would hold them (unset fields left out). */
function configOf(props: DriftwatchProps): Record<string, unknown> {
  const fields = {
    namespace: props.namespace,
    alertEmails: props.alertEmails,
    slackWebhookSecretName: props.slackWebhookSecretName,
    slackWebhookOrigins: props.slackWebhookOrigins,
    slackChatbot: props.slackChatbot,
    monitors: props.monitors,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The monitors in config order, cut into groups of at most MONITORS_PER_STACK (one group when they fit). */
function monitorGroups<T>(monitors: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < monitors.length; i += MONITORS_PER_STACK)
    groups.push(monitors.slice(i, i + MONITORS_PER_STACK));
  return groups;
}
