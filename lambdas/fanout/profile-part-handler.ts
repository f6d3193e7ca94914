import { S3Client } from '@aws-sdk/client-s3';
import { makeRetry } from '../check/retry.ts';
import { ConfigError, findMonitor, parseConfigText } from '../config.ts';
import { LAMBDA_ENV } from '../environment-variables.ts';
import { S3Store } from '../io/s3-store.ts';
import { type PartResult, partItemSchema, profilePart } from './profile-part.ts';

const s3 = new S3Client({});
const log = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
const retry = makeRetry({
  onRetry: (label, attempt, error) =>
    log({ level: 'warn', message: 'retrying', call: label, attempt, error: String(error) }),
});

/**
 * One Distributed Map item. Its environment is the check's minus the topic and namespace
 * (it only reads a part and writes a partial profile): the bucket and the config.
 */
export async function handler(event: unknown): Promise<PartResult> {
  const parsed = partItemSchema.safeParse(event);
  if (!parsed.success) {
    throw new ConfigError(`profile-part needs a map item, got ${JSON.stringify(event)?.slice(0, 300)}`);
  }
  const bucket = process.env[LAMBDA_ENV.bucket];
  const configText = process.env[LAMBDA_ENV.config];
  if (!bucket || !configText)
    throw new ConfigError(`${LAMBDA_ENV.bucket} and ${LAMBDA_ENV.config} must be set`);
  const monitor = findMonitor(parseConfigText(configText, LAMBDA_ENV.config), parsed.data.request.monitor);
  const region = await s3.config.region();
  const stateStore = new S3Store(s3, bucket, { call: retry, region });
  // The data bucket comes from the config, not the event: the event only says which snapshot.
  const dataStore =
    monitor.bucket === undefined ? stateStore : new S3Store(s3, monitor.bucket, { call: retry, region });
  const result = await profilePart({ monitor, dataStore, stateStore }, parsed.data);
  log({ level: 'info', message: 'profiled part', monitor: monitor.name, ...result });
  return result;
}
