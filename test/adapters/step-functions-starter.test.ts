import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { executionName } from '../../lambdas/adapters/execution-name.ts';
import type { Retry } from '../../lambdas/adapters/retry.ts';
import { MAX_FAN_OUT_ATTEMPTS, StepFunctionsStarter } from '../../lambdas/adapters/step-functions-starter.ts';
import type { FanOutRequest } from '../../lambdas/monitor-check/fan-out-request.ts';

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:FanOut';
const request: FanOutRequest = {
  monitor: 'fraud-model',
  snapshotId: '2026-11-28T11',
  checkedAt: '2026-11-28T12:00:00.000Z',
  dataBucket: 'dw-data',
  snapshotFolder: 'monitors/fraud-model/snapshots/2026-11-28T11/',
};
const identity = '[["k","e"]]';
const noRetry: Retry = (_label, operation) => operation();
const sfn = mockClient(SFNClient);
const alreadyExists = () => new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });

function starter() {
  return new StepFunctionsStarter(new SFNClient({ region: 'eu-west-1' }), MACHINE, noRetry);
}

afterEach(() => sfn.reset());

describe('StepFunctionsStarter', () => {
  it('starts one execution named after the snapshot, with the request as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const start = await starter().start(request, identity);
    expect(start).toEqual({
      executionName: executionName(request.monitor, request.snapshotId, identity),
      executionArn: 'arn:x',
      started: true,
    });
    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call.args[0].input).toEqual({
      stateMachineArn: MACHINE,
      name: start.executionName,
      input: JSON.stringify(request),
    });
  });

  it('treats ExecutionAlreadyExists as success while that execution runs', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    const start = await starter().start(request, identity);
    expect(start.started).toBe(false);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(sfn.commandCalls(DescribeExecutionCommand)[0].args[0].input.executionArn).toBe(
      `arn:aws:states:eu-west-1:123456789012:execution:FanOut:${start.executionName}`,
    );
  });

  it('starts the next attempt when the named execution ended without reporting the snapshot', async () => {
    const first = executionName(request.monitor, request.snapshotId, identity);
    sfn.on(StartExecutionCommand, { name: first }).rejects(alreadyExists());
    sfn.on(StartExecutionCommand, { name: `${first}-r2` }).resolves({ executionArn: 'arn:r2' });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED' });
    const start = await starter().start(request, identity);
    expect(start).toMatchObject({ executionName: `${first}-r2`, started: true });
  });

  it('gives up after the last attempt, and passes other errors on', async () => {
    sfn.on(StartExecutionCommand).rejects(alreadyExists());
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    await expect(starter().start(request, identity)).rejects.toThrow(/fanned out 20 times/);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(MAX_FAN_OUT_ATTEMPTS);
    sfn.reset();
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(starter().start(request, identity)).rejects.toThrow('denied');
  });
});
