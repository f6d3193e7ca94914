import { DescribeExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DriftwatchError } from '../core/errors.ts';
import { executionArnOf, executionName } from './execution-name.ts';
import type { FanOutRequest, FanOutStart, FanOutStarter } from './fan-out-request.ts';
import type { Retry } from './retry.ts';

/** Retries of one snapshot version before the check gives up and fails (on-failure queue, alarm). */
export const MAX_FAN_OUT_ATTEMPTS = 20;

/** The fan-out could not be started. */
export class FanOutError extends DriftwatchError {
  override readonly name = 'FanOutError';
}

/**
 * StartExecution with a name derived from the snapshot. ExecutionAlreadyExists is success while
 * that execution runs; when it has ended (failed, or succeeded without reporting the snapshot,
 * e.g. its baseline was missing; the check only asks for unreported snapshots) the next attempt
 * name is tried, so a snapshot is retried each scheduled run as in the single-Lambda path.
 */
export class StepFunctionsStarter implements FanOutStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
    private readonly retry: Retry,
  ) {}

  async start(request: FanOutRequest, identity: string): Promise<FanOutStart> {
    for (let attempt = 1; attempt <= MAX_FAN_OUT_ATTEMPTS; attempt++) {
      const name = executionName(request.monitor, request.snapshotId, identity, attempt);
      try {
        const started = await this.retry('StartExecution', () =>
          this.client.send(
            new StartExecutionCommand({
              stateMachineArn: this.stateMachineArn,
              name,
              input: JSON.stringify(request),
            }),
          ),
        );
        return { executionName: name, executionArn: started.executionArn ?? '', started: true };
      } catch (error) {
        if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
      }
      const executionArn = executionArnOf(this.stateMachineArn, name);
      const described = await this.retry('DescribeExecution', () =>
        this.client.send(new DescribeExecutionCommand({ executionArn })),
      );
      if (described.status === 'RUNNING' || described.status === 'PENDING_REDRIVE') {
        return { executionName: name, executionArn, started: false };
      }
    }
    throw new FanOutError(
      `${request.monitor}: snapshot ${request.snapshotId} was fanned out ${MAX_FAN_OUT_ATTEMPTS} times without being reported; see the state machine's failed executions`,
    );
  }
}
