import { Duration, Names, Stack, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { acknowledge, acknowledgeWildcardResource } from './nag.ts';

export interface ScheduledMonitor {
  readonly name: string;
  /** `rate(1 hour)`, `cron(0 6 * * ? *)` or `at(2027-01-31T06:00:00)` (EventBridge Scheduler syntax, validated by the config). */
  readonly expression: string;
  /** IANA time zone a cron or at expression is read in. @default 'UTC' */
  readonly timeZone?: string;
}

export interface MonitorSchedulesProps {
  readonly checkFunction: IFunction;
  readonly monitors: readonly ScheduledMonitor[];
  /** Where undeliverable invocations go; one queue can serve several MonitorSchedules. @default a new queue */
  readonly deadLetterQueue?: Queue;
}

/**
 * One EventBridge Scheduler schedule per monitor, invoking the check with
 * `{"monitor": name}`; invocations Scheduler cannot deliver land in a dead-letter queue.
 */
export class MonitorSchedules extends Construct {
  readonly deadLetterQueue: Queue;
  readonly schedules: Schedule[] = [];

  constructor(scope: Construct, id: string, props: MonitorSchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = props.deadLetterQueue ?? monitorSchedulesDeadLetterQueue(this, 'DeadLetters');
    // The Scheduler role LambdaInvoke creates lives at the stack root and may invoke any
    // version or alias of the one check function.
    const reason =
      'EventBridge Scheduler may invoke any version or alias of the check function, and only that function.';
    const stack = Stack.of(this);
    const functionStack = Stack.of(props.checkFunction);
    if (stack === functionStack || props.checkFunction.node.defaultChild === undefined) {
      acknowledgeWildcardResource(stack, `${props.checkFunction.functionArn}:*`, reason);
    } else {
      // In a nested stack the ARN arrives as the parameter CDK names
      // `referenceto<unique id of the function resource><attribute>`; cdk-nag prints that Ref.
      const parameter = `referenceto${Names.uniqueId(props.checkFunction.node.defaultChild)}Arn`;
      acknowledge(stack, `AwsSolutions-IAM5[Resource::<${parameter}>:*]`, reason);
    }
    for (const monitor of props.monitors) {
      const target = new LambdaInvoke(props.checkFunction, {
        input: ScheduleTargetInput.fromObject({ monitor: monitor.name }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      });
      this.schedules.push(
        new Schedule(this, `Schedule-${monitor.name}`, {
          description: `driftwatch check of monitor ${monitor.name}`,
          schedule: scheduleExpression(monitor),
          target,
        }),
      );
    }
  }
}

/** The queue for schedule invocations Scheduler could not deliver. */
export function monitorSchedulesDeadLetterQueue(scope: Construct, id: string): Queue {
  return deadLetterQueue(scope, id, 'schedule invocations Scheduler could not deliver');
}

function scheduleExpression(monitor: ScheduledMonitor): ScheduleExpression {
  // Scheduler reads cron and at expressions in the schedule's time zone; a rate has none.
  const zoned = !monitor.expression.startsWith('rate(');
  return ScheduleExpression.expression(
    monitor.expression,
    zoned ? TimeZone.of(monitor.timeZone ?? 'UTC') : undefined,
  );
}
