import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { StepFunctionsStarter } from '../adapters/step-functions-starter.ts';
import { createS3Client } from '../io/s3-stores.ts';
import { type CheckSummary, runMonitorCheck } from '../monitor-check/run-monitor-check.ts';
import { type LambdaContext, log, remainingTimeOf, retry } from '../runtime/handler-runtime.ts';
import { awsCheckDependencies } from './aws-check-dependencies.ts';
import { checkTargetOf, parseCheckEvent } from './check-event.ts';
import { readEnvironment } from './environment.ts';

// Created once per container, from the SDK's standard settings (region, credentials and
// AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH / _SFN), so local emulators need no code path of their own.
const clients = { s3: createS3Client(), sns: new SNSClient({}), cloudWatch: new CloudWatchClient({}) };
const stepFunctions = new SFNClient({});

/** An upload that completes no snapshot (a part file): nothing is read, checked or put. */
export interface IgnoredUpload {
  readonly monitor: string;
  readonly ignored: string;
}

/**
 * EventBridge Scheduler invokes this with `{"monitor": "<name>"}`, a monitor's upload rule with
 * `{"monitor": "<name>", "event": <S3 Object Created event>}` (check-event.ts); a thrown error
 * fails the invocation.
 */
export async function handler(
  event: unknown,
  context?: LambdaContext,
): Promise<CheckSummary | IgnoredUpload> {
  const request = parseCheckEvent(event);
  const environment = readEnvironment(process.env);
  const { monitor, upload } = checkTargetOf(request, environment.config, environment.bucket);
  if (upload !== undefined && !upload.completesSnapshot) {
    // The rule's pattern cannot exclude part files inside a snapshot folder (upload-trigger.ts).
    const ignored = `s3://${upload.bucket}/${upload.key} completes no snapshot (only a single file in snapshots/ or a folder's _SUCCESS does)`;
    log({ level: 'info', message: 'upload ignored', monitor: monitor.name, key: upload.key, why: ignored });
    return { monitor: monitor.name, ignored };
  }
  const deps = await awsCheckDependencies({ clients, environment, monitor: monitor.name, retry, log });
  return runMonitorCheck(
    {
      ...deps,
      ...remainingTimeOf(context),
      ...(environment.stateMachineArn
        ? { fanOut: new StepFunctionsStarter(stepFunctions, environment.stateMachineArn, retry) }
        : {}),
    },
    upload !== undefined ? { uploadedSnapshotId: upload.snapshotId } : {},
  );
}
