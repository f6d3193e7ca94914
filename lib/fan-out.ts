import { ArnFormat, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  DefinitionBody,
  DistributedMap,
  type IItemReader,
  JsonPath,
  LogLevel,
  type QueryLanguage,
  S3ObjectsItemReader,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { LAMBDA_ENV } from '../lambdas/environment-variables.ts';
import { grantCheckAccess, type MonitorLocation } from './check-function.ts';
import { DriftwatchFunction } from './driftwatch-function.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

export interface FanOutProps {
  /** The stack's bucket: reports, profile cache (partial profiles included) and state. */
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
  /** Linked from alerts. */
  readonly dashboardUrl?: string;
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
    const memorySize = props.memorySize ?? 1024;
    this.profilePart = new DriftwatchFunction(this, 'ProfilePart', {
      entry: 'lambdas/fanout/profile-part-handler.ts',
      description: 'driftwatch: profiles one part file of a large snapshot',
      memorySize,
      environment: { [LAMBDA_ENV.bucket]: props.bucket.bucketName, [LAMBDA_ENV.config]: props.configJson },
    });
    this.reduce = new DriftwatchFunction(this, 'Reduce', {
      entry: 'lambdas/fanout/reduce-handler.ts',
      description: 'driftwatch: merges the partial profiles of a large snapshot and finishes its check',
      memorySize,
      environment: {
        [LAMBDA_ENV.bucket]: props.bucket.bucketName,
        [LAMBDA_ENV.topicArn]: props.topic.topicArn,
        [LAMBDA_ENV.namespace]: props.namespace,
        [LAMBDA_ENV.config]: props.configJson,
        ...(props.dashboardUrl ? { [LAMBDA_ENV.dashboardUrl]: props.dashboardUrl } : {}),
      },
    });
    this.grantProfilePart(props);
    // The reduce step does what the rest of a check does: the same grants as the check Lambda.
    grantCheckAccess(this.reduce, props);

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
      // Each item's result is in S3; keeping none keeps the state under the 256 KiB payload limit.
      resultPath: JsonPath.DISCARD,
    });
    profileParts.itemProcessor(
      new LambdaInvoke(this, 'ProfilePartTask', {
        lambdaFunction: this.profilePart,
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
      }),
    );
    const reduceTask = new LambdaInvoke(this, 'ReduceTask', {
      lambdaFunction: this.reduce,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(profileParts.next(reduceTask)),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      // Execution data holds only keys and snapshot ids, but is left out to keep logs small.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    this.failedAlarm = new Alarm(this, 'ExecutionsFailed', {
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
      for (const pattern of ['snapshots/*', 'baseline/*']) {
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
      'X-Ray PutTraceSegments/PutTelemetryRecords and the CloudWatch Logs delivery actions (CreateLogDelivery, DescribeResourcePolicies...) have no resource-level permissions; Step Functions needs them for tracing and logging.',
    );
  }
}

/**
 * The S3 item reader over `<dataBucket>/<snapshotFolder>` from the execution input. CDK's
 * reader with a bucket path grants ListBucket on every bucket; this one grants it only on the
 * monitors' buckets and only under their snapshot folders.
 */
class MonitorSnapshotReader implements IItemReader {
  private readonly reader = new S3ObjectsItemReader({
    bucketNamePath: JsonPath.stringAt('$.dataBucket'),
    prefix: JsonPath.stringAt('$.snapshotFolder'),
  });
  readonly resource = this.reader.resource;
  readonly bucketNamePath = this.reader.bucketNamePath;

  constructor(private readonly monitors: readonly MonitorLocation[]) {}

  get bucket(): IBucket {
    return this.monitors[0].source;
  }

  // biome-ignore lint/suspicious/noExplicitAny: IItemReader.render is typed `any` by aws-cdk-lib.
  render(queryLanguage?: QueryLanguage): any {
    return this.reader.render(queryLanguage);
  }

  providePolicyStatements(): PolicyStatement[] {
    return this.monitors.map(
      (monitor) =>
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [monitor.source.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${monitor.prefix}snapshots/*`] } },
        }),
    );
  }

  validateItemReader(): string[] {
    return this.monitors.length === 0 ? ['the fan-out needs at least one monitor'] : [];
  }
}
