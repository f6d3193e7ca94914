import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsCheckDependencies } from './aws-check-dependencies.ts';
import { parseCheckEvent } from './check-event.ts';
import { readEnvironment } from './environment.ts';
import { makeRetry } from './retry.ts';
import { type CheckSummary, runCheck } from './run-check.ts';
import { StepFunctionsStarter } from './step-functions-starter.ts';

// Created once per container, from the SDK's standard settings (region, credentials and
// AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH / _SFN), so local emulators need no code path of their own.
const clients = { s3: new S3Client({}), sns: new SNSClient({}), cloudWatch: new CloudWatchClient({}) };
const stepFunctions = new SFNClient({});
const log = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
const retry = makeRetry({
  onRetry: (label, attempt, error) =>
    log({ level: 'warn', message: 'retrying', call: label, attempt, error: String(error) }),
});

/** EventBridge Scheduler invokes this with `{"monitor": "<name>"}`; a thrown error fails the invocation. */
export async function handler(event: unknown): Promise<CheckSummary> {
  const { monitor } = parseCheckEvent(event);
  const environment = readEnvironment(process.env);
  const deps = await awsCheckDependencies({ clients, environment, monitor, retry, log });
  return runCheck({
    ...deps,
    ...(environment.stateMachineArn
      ? { fanOut: new StepFunctionsStarter(stepFunctions, environment.stateMachineArn, retry) }
      : {}),
  });
}
