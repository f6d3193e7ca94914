import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsCheckDependencies } from '../check/aws-check-dependencies.ts';
import { readEnvironment } from '../check/environment.ts';
import { ConfigError } from '../config.ts';
import { createS3Client } from '../io/s3-stores.ts';
import { fanOutRequestSchema } from '../monitor-check/fan-out-request.ts';
import type { CheckSummary } from '../monitor-check/run-monitor-check.ts';
import { type LambdaContext, log, remainingTimeOf, retry } from '../runtime/handler-runtime.ts';
import { reduceFanOut } from './reduce.ts';

const clients = { s3: createS3Client(), sns: new SNSClient({}), cloudWatch: new CloudWatchClient({}) };

/** The state machine's last step, invoked with the execution input; a thrown error fails the execution. */
export async function handler(event: unknown, context?: LambdaContext): Promise<CheckSummary> {
  const parsed = fanOutRequestSchema.safeParse(event);
  if (!parsed.success) {
    throw new ConfigError(
      `the reduce step needs the fan-out request, got ${JSON.stringify(event)?.slice(0, 300)}`,
    );
  }
  const environment = readEnvironment(process.env);
  const deps = await awsCheckDependencies({ clients, environment, monitor: parsed.data.monitor, retry, log });
  return reduceFanOut({ ...deps, ...remainingTimeOf(context) }, parsed.data);
}
