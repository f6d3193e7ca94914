import { Duration } from 'aws-cdk-lib';
import { type IRuleRef, Rule, RuleTargetInput, type RuleTargetInputProperties } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigError } from '../lambdas/config-error.ts';
import { ACCEPTED_EXTENSIONS } from '../lambdas/io/format.ts';
import { uploadEventPattern } from '../lambdas/upload-trigger.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';

export interface UploadMonitor {
  readonly name: string;
  /** e.g. `monitors/fraud/` */
  readonly prefix: string;
  /** The bucket holding its snapshots; it must send its events to EventBridge. */
  readonly bucket: IBucket;
}

export interface UploadTriggersProps {
  readonly checkFunction: IFunction;
  readonly monitors: readonly UploadMonitor[];
  /** Events EventBridge could not deliver to the check function after its retries. */
  readonly deadLetterQueue: IQueue;
}

/**
 * One EventBridge rule per upload-triggered monitor on the default event bus: S3 "Object Created"
 * events of a `_SUCCESS` marker or a data file under the monitor's `snapshots/` folder
 * (`uploadEventPattern`) invoke the check function with `{"monitor": <name>, "event": <the S3
 * event>}`. EventBridge invokes Lambda asynchronously, and an event may arrive more than once: a
 * service with durable delivery sends it at least once, and EventBridge retries its targets
 * (EventBridge User Guide, "Event delivery from AWS services", "How EventBridge retries delivering
 * events"): duplicates find the snapshot
 * reported in `state.json` and stop; what EventBridge cannot deliver after its retries lands in
 * `deadLetterQueue`, and the check's own failures retry as any asynchronous invocation does
 * (Lambda developer guide, "How Lambda handles errors and retries with asynchronous invocation").
 * Each rule's target adds one resource-based permission: events.amazonaws.com may invoke the
 * function, only with that rule's ARN as source.
 */
export class UploadTriggers extends Construct {
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: UploadTriggersProps) {
    super(scope, id);
    for (const monitor of props.monitors) {
      const rule = new Rule(this, `Upload-${monitor.name}`, {
        description: `driftwatch: a snapshot of monitor ${monitor.name} landed`,
        eventPattern: uploadEventPattern(
          monitor.bucket.bucketName,
          `${monitor.prefix}snapshots/`,
          ACCEPTED_EXTENSIONS,
        ),
      });
      rule.addTarget(
        new LambdaFunction(props.checkFunction, {
          event: new MonitorUploadInput(monitor.name),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(1),
        }),
      );
      this.rules.push(rule);
    }
  }
}

/**
 * `{"monitor": "<name>", "event": <aws.events.event.json>}`: the predefined variable is the whole
 * original event, inserted unescaped, so it may only stand as a JSON value (EventBridge User
 * Guide, "Amazon EventBridge input transformation", predefined variables).
 */
class MonitorUploadInput extends RuleTargetInput {
  constructor(private readonly monitor: string) {
    super();
  }

  bind(_rule: IRuleRef): RuleTargetInputProperties {
    return { inputTemplate: `{"monitor":${JSON.stringify(this.monitor)},"event":<aws.events.event.json>}` };
  }
}

/** The queue for upload events EventBridge could not deliver to the check function. */
export function uploadDeadLetterQueue(scope: Construct, id: string): Queue {
  return deadLetterQueue(scope, id, 'upload events EventBridge could not deliver to the check function');
}

/**
 * Turns on EventBridge notifications of a bucket this app defines (AWS::S3::Bucket
 * EventBridgeConfiguration). An imported bucket cannot be changed by the stack: synth says so.
 */
export function sendEventsToEventBridge(bucket: IBucket): void {
  const resource = bucket.node.defaultChild;
  if (!(resource instanceof CfnBucket)) {
    throw new ConfigError(
      `monitors with "trigger": "upload" read the bucket ${bucket.node.path}, which this app does not define, so it cannot turn its EventBridge notifications on; turn them on for the bucket and name it in those monitors as "bucket" with "bucketEventBridge": true (README "Checks on upload")`,
    );
  }
  resource.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
