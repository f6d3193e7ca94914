import { readDeployedConfig } from '../check/environment.ts';
import { ConfigError, findMonitor } from '../config.ts';
import { LAMBDA_ENV } from '../environment-variables.ts';
import { createS3Client, monitorStores } from '../io/s3-stores.ts';
import { log, retry } from '../runtime/handler-runtime.ts';
import { type PartResult, partItemSchema, profilePart } from './profile-part.ts';

const s3 = createS3Client();

/**
 * One Distributed Map item. Its environment is the check's minus the topic and namespace
 * (it only reads a part and writes a partial profile): the bucket, and the deployed config.
 */
export async function handler(event: unknown): Promise<PartResult> {
  const parsed = partItemSchema.safeParse(event);
  if (!parsed.success) {
    throw new ConfigError(`profile-part needs a map item, got ${JSON.stringify(event)?.slice(0, 300)}`);
  }
  const bucket = process.env[LAMBDA_ENV.bucket];
  if (!bucket) throw new ConfigError(`${LAMBDA_ENV.bucket} must be set`);
  const monitor = findMonitor(readDeployedConfig(process.env), parsed.data.request.monitor);
  // The data bucket comes from the config, not the event: the event only says which snapshot.
  const { stateStore, dataStore } = await monitorStores({
    client: s3,
    stateBucket: bucket,
    dataBucket: monitor.bucket,
    call: retry,
  });
  const result = await profilePart({ monitor, dataStore, stateStore }, parsed.data);
  log({ level: 'info', message: 'profiled part', monitor: monitor.name, ...result });
  return result;
}
