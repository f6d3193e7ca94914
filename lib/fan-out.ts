import { ArnFormat, Duration, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  type CfnStateMachine,
  DefinitionBody,
  DistributedMap,
  Fail,
  JitterType,
  JsonPath,
  type RetryProps,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { DEPLOYED_CONFIG } from '../lambdas/check/environment.ts';
import { LAMBDA_ENV } from '../lambdas/environment-variables.ts';
import { grantCheckAccess, type MonitorLocation } from './check-function.ts';
import { DriftwatchFunction } from './driftwatch-function.ts';
import {
  checkResultsPrefix,
  MAP_RUN_RESULTS_DAYS,
  MAP_RUN_RESULTS_PREFIX,
  MapRunResultWriter,
  MonitorSnapshotReader,
} from './fan-out-map-io.ts';
import { LAMBDA_ENTRIES } from './lambda-code.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

/**
 * Where Step Functions state machines log: CloudWatch Logs turns on log-group-level delivery
 * permissions for `/aws/vendedlogs/` groups, so creating the state machine never has to grow the
 * account's CloudWatch Logs resource policy, limited to 5,120 characters (Step Functions developer
 * guide, "Avoiding Amazon CloudWatch Logs resource policy size restrictions").
 */
export const STATE_MACHINE_LOG_GROUP_PREFIX = '/aws/vendedlogs/states/';

/**
 * Throttled invocations (`Lambda.TooManyRequestsException`: the account's or function's
 * concurrency is used up) are retried longer than Lambda's transient service errors, with full
 * jitter so the map's parallel children do not retry in step (Step Functions developer guide,
 * "Handle Lambda service exceptions").
 */
export const THROTTLE_RETRY: RetryProps = {
  errors: ['Lambda.TooManyRequestsException'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 10,
  maxDelay: Duration.minutes(1),
  jitterStrategy: JitterType.FULL,
};

export interface FanOutProps {
  /**
   * The stack's bucket: reports, profile cache (partial profiles included) and state; the Map
   * Run results go under `MAP_RUN_RESULTS_PREFIX`, with a lifecycle rule added here when the
   * bucket is one this app creates (an imported bucket's rules are its owner's).
   */
  readonly bucket: IBucket;
  readonly topic: ITopic;
  readonly namespace: string;
  /** The validated config as written by the user. */
  readonly configJson: string;
  readonly monitors: readonly MonitorLocation[];
  /** Memory of the profile-part and reduce Lambdas, MB. @default 1024 */
  readonly memorySize?: number;
  /** Part files profiled at once. @default 40 */
  readonly maxConcurrency?: number;
  /** Linked from alerts. @default no link */
  readonly dashboardUrl?: string;
  /** Retention of the Lambdas' and the state machine's logs. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Name of the alarm on failed executions. @default a name CloudFormation generates */
  readonly failedAlarmName?: string;
}

/**
 * The fan-out for snapshots too big for the check Lambda (README "Large snapshots"): a Standard
 * state machine whose Distributed Map lists the snapshot's folder with an S3 item reader and
 * profiles each object in a `profile-part` Lambda into `<prefix>cache/parts/<id>/<n>.bin`, then
 * a `reduce` Lambda merges the partial profiles in part order and finishes the check exactly as
 * the check Lambda would (report, metrics, alert, state).
 */
export class FanOut extends Construct {
  readonly stateMachine: StateMachine;
  readonly profilePart: DriftwatchFunction;
  readonly reduce: DriftwatchFunction;
  readonly failedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    checkResultsPrefix(props.monitors);
    // Without this flag DistributedMap renders only the deprecated `resultWriter`, not `resultWriterV2`.
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const memorySize = props.memorySize ?? 1024;
    this.profilePart = new DriftwatchFunction(this, 'ProfilePart', {
      entry: LAMBDA_ENTRIES.profilePart,
      description: 'driftwatch: profiles one part file of a large snapshot',
      memorySize,
      logRetention: props.logRetention,
      environment: { [LAMBDA_ENV.bucket]: props.bucket.bucketName },
      assetFiles: { [DEPLOYED_CONFIG.fileName]: props.configJson },
    });
    this.reduce = new DriftwatchFunction(this, 'Reduce', {
      entry: LAMBDA_ENTRIES.reduce,
      description: 'driftwatch: merges the partial profiles of a large snapshot and finishes its check',
      memorySize,
      logRetention: props.logRetention,
      environment: {
        [LAMBDA_ENV.bucket]: props.bucket.bucketName,
        [LAMBDA_ENV.topicArn]: props.topic.topicArn,
        [LAMBDA_ENV.namespace]: props.namespace,
        ...(props.dashboardUrl ? { [LAMBDA_ENV.dashboardUrl]: props.dashboardUrl } : {}),
      },
      assetFiles: { [DEPLOYED_CONFIG.fileName]: props.configJson },
    });
    this.grantProfilePart(props);
    // The reduce step does what the rest of a check does: the same grants as the check Lambda.
    grantCheckAccess(this.reduce, props);

    if (props.bucket instanceof Bucket) {
      props.bucket.addLifecycleRule({
        id: 'ExpireFanOutMapRunResults',
        prefix: MAP_RUN_RESULTS_PREFIX,
        expiration: Duration.days(MAP_RUN_RESULTS_DAYS),
      });
    }
    const profileParts = new DistributedMap(this, 'ProfileParts', {
      label: 'ProfileParts',
      itemReader: new MonitorSnapshotReader(props.monitors),
      itemSelector: {
        'request.$': '$',
        'object.$': '$$.Map.Item.Value',
        'index.$': '$$.Map.Item.Index',
      },
      maxConcurrency: props.maxConcurrency ?? 40,
      // Standard child executions: a part may take longer than an Express execution's 5 minutes.
      mapExecutionType: StateMachineType.STANDARD,
      // The parts' outputs go to S3, not into the state (256 KiB): see MapRunResultWriter.
      resultWriterV2: new MapRunResultWriter(props.bucket),
      // The reduce step gets the execution input; the partial profiles it reads are in S3.
      resultPath: JsonPath.DISCARD,
    });
    profileParts.itemProcessor(this.invoke('ProfilePartTask', this.profilePart));
    // The S3 item reader lists only buckets in the state machine's own account and Region (Step
    // Functions developer guide, "ItemReader (Map)"): a monitor bucket elsewhere fails here, and
    // the execution says so instead of a bare States.ItemReaderFailed.
    profileParts.addCatch(
      new Fail(this, 'SnapshotFolderNotListable', {
        error: 'SnapshotFolderNotListable',
        cause:
          "The Distributed Map could not list the snapshot folder. Its S3 item reader lists only buckets in the state machine's own account and Region, and the bucket must allow the state machine role s3:ListBucket. Keep such a monitor's snapshots below its fanOut limits, or copy them to a bucket in this account and Region (README, Large snapshots).",
      }),
      { errors: ['States.ItemReaderFailed'] },
    );
    const reduceTask = this.invoke('ReduceTask', this.reduce);

    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `${STATE_MACHINE_LOG_GROUP_PREFIX}${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(profileParts.next(reduceTask)),
      timeout: Duration.hours(2),
      // No X-Ray: the execution history, the Map Run's view and these logs already time every
      // step, the Lambdas are not traced, and tracing needs xray:PutTraceSegments on "*".
      tracingEnabled: false,
    });
    this.logTo(logGroup);

    this.failedAlarm = new Alarm(this, 'ExecutionsFailed', {
      alarmName: props.failedAlarmName,
      alarmDescription: 'A large-snapshot fan-out failed; the next scheduled check retries it.',
      metric: this.stateMachine.metricFailed({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedAlarm.addAlarmAction(new SnsAction(props.topic));

    this.acknowledgeFindings(props);
  }

  /** A Lambda task retrying Lambda's transient service errors and, longer, throttling. */
  private invoke(id: string, lambdaFunction: DriftwatchFunction): LambdaInvoke {
    // retryOnServiceExceptions: ClientExecutionTimeoutException, ServiceException,
    // AWSLambdaException and SdkClientException, the errors the guide says to retry.
    const task = new LambdaInvoke(this, id, {
      lambdaFunction,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    task.addRetry(THROTTLE_RETRY);
    return task;
  }

  /**
   * Logging set on the resource and granted here rather than through StateMachineProps.logs,
   * which grants every log-delivery action on "*". CloudWatch Logs' vended-logs guide ("Logs sent
   * to CloudWatch Logs", Enabling logging from AWS services) asks for PutResourcePolicy,
   * DescribeResourcePolicies and DescribeLogGroups on `log-group:*` of the account and Region (not
   * one group); the V1 log-delivery actions (Create/Get/Update/Delete/ListLogDeliveries) have no
   * resource type and need "*" (Service Authorization Reference, CloudWatch Logs).
   */
  private logTo(logGroup: LogGroup): void {
    const resource = this.stateMachine.node.defaultChild as CfnStateMachine;
    resource.loggingConfiguration = {
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroup.logGroupArn } }],
      level: 'ALL',
      // Execution data holds only keys and snapshot ids, but is left out to keep logs small.
      includeExecutionData: false,
    };
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
        ],
        resources: ['*'],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        resources: [this.accountLogGroups()],
      }),
    );
  }

  private accountLogGroups(): string {
    return Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private grantProfilePart(props: FanOutProps): void {
    for (const monitor of props.monitors) {
      this.profilePart.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [monitor.source.arnForObjects(`${monitor.prefix}snapshots/*`)],
        }),
      );
      this.profilePart.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.bucket.arnForObjects(`${monitor.prefix}cache/parts/*`)],
        }),
      );
    }
  }

  private acknowledgeFindings(props: FanOutProps): void {
    const partRole = this.profilePart.role!;
    const reduceRole = this.reduce.role!;
    const machineRole = this.stateMachine.role;
    for (const monitor of props.monitors) {
      acknowledgeWildcardResource(
        partRole,
        monitor.source.arnForObjects(`${monitor.prefix}snapshots/*`),
        "Reads one part file per invocation; the part files are the user's snapshot objects, named at run time; scoped to the monitor's snapshots folder.",
      );
      acknowledgeWildcardResource(
        partRole,
        props.bucket.arnForObjects(`${monitor.prefix}cache/parts/*`),
        "Writes one partial profile per part file, named by snapshot id and part index at run time; scoped to the monitor's cache/parts folder.",
      );
      for (const pattern of ['snapshots/*', 'baseline/*', 'labels/*']) {
        acknowledgeWildcardResource(
          reduceRole,
          monitor.source.arnForObjects(`${monitor.prefix}${pattern}`),
          `Like the check Lambda, builds baseline profiles from the monitor's ${pattern.slice(0, -2)} objects, unknown until run time; scoped to the monitor's prefix.`,
        );
      }
      for (const pattern of ['reports/*', 'cache/*']) {
        acknowledgeWildcardResource(
          reduceRole,
          props.bucket.arnForObjects(`${monitor.prefix}${pattern}`),
          "Like the check Lambda, writes one report folder per snapshot and reads the partial profiles and cached baselines, named at run time; scoped to the monitor's prefix.",
        );
      }
    }
    acknowledge(
      reduceRole,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the DriftWatch namespace by the cloudwatch:namespace condition.',
    );
    acknowledge(
      reduceRole,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Publishing to the KMS-encrypted alerts topic needs GenerateDataKey on its one key (granted by topic.grantPublish).',
    );
    for (const fn of [this.profilePart, this.reduce]) {
      acknowledgeWildcardResource(
        machineRole,
        `${fn.functionArn}:*`,
        'LambdaInvoke grants invoking any version of its one function; the state machine invokes only this function.',
      );
    }
    // Distributed Map: Describe/Stop/Redrive of its own child executions, in a policy CDK puts under the
    // state machine; the ARN built here as CDK builds it (the machine's name split from its ARN).
    const machineName = Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn));
    for (const suffix of [':*', '/ProfileParts:*']) {
      acknowledgeWildcardResource(
        this.stateMachine,
        Stack.of(this).formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${machineName}${suffix}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        "The Distributed Map describes, stops and redrives its own child executions, named at run time; limited to this state machine's executions.",
      );
    }
    acknowledge(
      machineRole,
      'AwsSolutions-IAM5[Resource::*]',
      'The CloudWatch Logs log-delivery actions (Create/Get/Update/Delete/ListLogDeliveries) have no resource type; Step Functions needs them to deliver its execution logs (README "Large snapshots", grants).',
    );
    acknowledgeWildcardResource(
      machineRole,
      this.accountLogGroups(),
      "CloudWatch Logs asks for PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups on every log group of the account and Region, not one group, to set up vended log delivery; the log group's name is under /aws/vendedlogs/, so no account-level policy grows.",
    );
    acknowledgeWildcardResource(
      machineRole,
      props.bucket.arnForObjects(`${MAP_RUN_RESULTS_PREFIX}*`),
      'The Distributed Map writes each Map Run results manifest and files under its own prefix, named by the Map Run id at run time.',
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-SF2',
      "X-Ray tracing is off on purpose: the execution history, the Map Run's view and the ALL-level logs time every step, the Lambdas are not traced, and tracing would need xray:PutTraceSegments on every resource.",
    );
  }
}
