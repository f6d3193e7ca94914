import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEPLOYED_CONFIG } from '../lambdas/check/environment.ts';
import { LAMBDA_ENV } from '../lambdas/environment-variables.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { DriftwatchFunction } from './driftwatch-function.ts';
import { LAMBDA_ENTRIES } from './lambda-code.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

/** Where one monitor's data lives (or a group of monitors', see grantScopes), for least-privilege grants. */
export interface MonitorLocation {
  readonly name: string;
  /** e.g. `monitors/fraud/`, or `monitors/*\/` for a group */
  readonly prefix: string;
  /** Bucket holding the monitor's snapshots and baseline (read only). */
  readonly source: IBucket;
}

export interface CheckFunctionProps {
  /** The stack's bucket: reports, profile cache and state of every monitor. */
  readonly bucket: IBucket;
  readonly topic: ITopic;
  readonly namespace: string;
  /** The validated config as written by the user, bundled into the asset (re-validated by the Lambda at start). */
  readonly configJson: string;
  readonly monitors: readonly MonitorLocation[];
  /**
   * The scheduled check of a 1M-row × 20-column snapshot against a saved baseline profile needs
   * far less memory than this and is CPU-bound (bench/check-bench.ts, section `lambda`;
   * docs/performance.md); 1769 MB is the size where Lambda gives one full vCPU. Memory is bought
   * here for CPU.
   * @default 1769
   */
  readonly memorySize?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** Linked from alerts. @default no link */
  readonly dashboardUrl?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** The fan-out the check starts for snapshots above a monitor's `fanOut` limits. @default none: every snapshot is checked in the Lambda */
  readonly stateMachine?: StateMachine;
}

/**
 * The scheduled drift check: the Lambda with exactly the permissions its code uses (read the
 * monitor prefixes; write reports, cache and state; PutMetricData only in its namespace;
 * Publish to the alerts topic), asynchronous retries, and an on-failure queue so that a
 * failed check is never lost.
 */
/** One full vCPU: the check is CPU-bound (docs/performance.md, the scheduled check). */
export const CHECK_MEMORY_MB = 1769;

export class CheckFunction extends Construct {
  readonly function: DriftwatchFunction;
  readonly onFailure: Queue;

  constructor(scope: Construct, id: string, props: CheckFunctionProps) {
    super(scope, id);
    this.onFailure = deadLetterQueue(this, 'OnFailure', 'check invocations that failed after their retries');
    this.function = new DriftwatchFunction(this, 'Function', {
      entry: LAMBDA_ENTRIES.check,
      description: 'driftwatch: compares the newest snapshot of a monitor with its baseline',
      memorySize: props.memorySize ?? CHECK_MEMORY_MB,
      timeout: props.timeout ?? Duration.minutes(5),
      logRetention: props.logRetention,
      environment: {
        [LAMBDA_ENV.bucket]: props.bucket.bucketName,
        [LAMBDA_ENV.topicArn]: props.topic.topicArn,
        [LAMBDA_ENV.namespace]: props.namespace,
        ...(props.dashboardUrl ? { [LAMBDA_ENV.dashboardUrl]: props.dashboardUrl } : {}),
        ...(props.stateMachine ? { [LAMBDA_ENV.stateMachineArn]: props.stateMachine.stateMachineArn } : {}),
      },
      assetFiles: { [DEPLOYED_CONFIG.fileName]: props.configJson },
    });
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.onFailure),
    });
    grantCheckAccess(this.function, props);
    const role = this.function.role!;
    if (props.stateMachine !== undefined) {
      props.stateMachine.grantStartExecution(this.function);
      // DescribeExecution tells a running fan-out (nothing to do) from an ended one (retry it).
      const executions = Stack.of(this).formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${props.stateMachine.stateMachineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.function.addToRolePolicy(
        new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }),
      );
      acknowledgeWildcardResource(
        role,
        executions,
        "DescribeExecution on the fan-out state machine's executions only, whose names derive from snapshot ids at run time.",
      );
    }
    for (const monitor of props.monitors) {
      for (const pattern of ['snapshots/*', 'baseline/*', 'labels/*']) {
        acknowledgeWildcardResource(
          role,
          monitor.source.arnForObjects(`${monitor.prefix}${pattern}`),
          `Reads every object of the monitor's ${pattern.slice(0, -2)} folder: the objects are the user's snapshot, baseline or label files, unknown until run time; scoped to the monitor's prefix.`,
        );
      }
      for (const pattern of ['reports/*', 'cache/*']) {
        acknowledgeWildcardResource(
          role,
          props.bucket.arnForObjects(`${monitor.prefix}${pattern}`),
          `Writes one report folder per snapshot id and one cached profile per baseline version, named at run time; scoped to the monitor's prefix.`,
        );
      }
    }
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the DriftWatch namespace by the cloudwatch:namespace condition.',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Publishing to the KMS-encrypted alerts topic needs GenerateDataKey on its one key (granted by topic.grantPublish).',
    );
  }
}

export function grantCheckAccess(fn: IFunction, props: CheckFunctionProps): void {
  for (const monitor of props.monitors) {
    // labels/: delayed label batches, joined by the scheduled check (README "Delayed labels").
    const readable = [
      `${monitor.prefix}snapshots/*`,
      `${monitor.prefix}baseline/*`,
      `${monitor.prefix}labels/*`,
    ];
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: readable.map((pattern) => monitor.source.arnForObjects(pattern)),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [monitor.source.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${monitor.prefix}*`] } },
      }),
    );
    // history.json and labels.json are read and rewritten by each check (conditionally: If-Match
    // needs no more than s3:PutObject); the overview page index.html is only written.
    const own = [
      `${monitor.prefix}reports/*`,
      `${monitor.prefix}cache/*`,
      `${monitor.prefix}state.json`,
      `${monitor.prefix}history.json`,
      `${monitor.prefix}labels.json`,
    ];
    const overview = `${monitor.prefix}index.html`;
    if (monitor.prefix.includes('*') && fn.role !== undefined) {
      for (const key of ['state.json', 'history.json', 'labels.json', 'index.html']) {
        acknowledgeWildcardResource(
          fn.role,
          props.bucket.arnForObjects(`${monitor.prefix}${key}`),
          `Each monitor's ${key}, for monitors grouped under their parent folder because one role serves them all and IAM caps its policy size (lib/grant-scopes.ts).`,
        );
      }
    }
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: own.map((pattern) => props.bucket.arnForObjects(pattern)),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.bucket.arnForObjects(overview)] }),
    );
    // Superseded cached profiles (copies of baseline values) are deleted, not left to pile up.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [props.bucket.arnForObjects(`${monitor.prefix}cache/*`)],
      }),
    );
    if (monitor.source !== props.bucket) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${monitor.prefix}*`] } },
        }),
      );
    }
  }
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      // PutMetricData has no resource ARN; the namespace condition is what limits it.
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': props.namespace } },
    }),
  );
  props.topic.grantPublish(fn);
}
