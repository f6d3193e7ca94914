import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { StepFunctionsStarter } from '../adapters/step-functions-starter.ts';
import { createS3Client } from '../io/s3-stores.ts';
import { type CheckSummary, runMonitorCheck } from '../monitor-check/run-monitor-check.ts';
import { log, retry } from '../runtime/handler-runtime.ts';
import { awsCheckDependencies } from './aws-check-dependencies.ts';
import { parseCheckEvent } from './check-event.ts';
import { readEnvironment } from './environment.ts';

// Created once per container, from the SDK's standard settings (region, credentials and
// AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH / _SFN), so local emulators need no code path of their own.
const clients = { s3: createS3Client(), sns: new SNSClient({}), cloudWatch: new CloudWatchClient({}) };
const stepFunctions = new SFNClient({});

/** EventBridge Scheduler invokes this with `{"monitor": "<name>"}`; a thrown error fails the invocation. */
export async function handler(event: unknown): Promise<CheckSummary> {
  const { monitor } = parseCheckEvent(event);
  const environment = readEnvironment(process.env);
  const deps = await awsCheckDependencies({ clients, environment, monitor, retry, log });
  return runMonitorCheck({
    ...deps,
    ...(environment.stateMachineArn
      ? { fanOut: new StepFunctionsStarter(stepFunctions, environment.stateMachineArn, retry) }
      : {}),
  });
}
