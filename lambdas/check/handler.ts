import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { findMonitor } from '../config.ts';
import { S3Store } from '../io/s3-store.ts';
import { renderHtmlReport } from '../sinks/html-report.ts';
import { CloudWatchMetricsSink, SnsAlertSink } from './aws-sinks.ts';
import { parseCheckEvent } from './check-event.ts';
import { readEnvironment } from './environment.ts';
import { makeRetry } from './retry.ts';
import { type CheckSummary, runCheck } from './run-check.ts';

// Created once per container, from the SDK's standard settings (region, credentials and
// AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH), so local emulators need no code path of their own.
const s3 = new S3Client({});
const sns = new SNSClient({});
const cloudWatch = new CloudWatchClient({});
const log = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
const retry = makeRetry({
  onRetry: (label, attempt, error) =>
    log({ level: 'warn', message: 'retrying', call: label, attempt, error: String(error) }),
});

/** EventBridge Scheduler invokes this with `{"monitor": "<name>"}`; a thrown error fails the invocation. */
export async function handler(event: unknown): Promise<CheckSummary> {
  const { monitor: name } = parseCheckEvent(event);
  const environment = readEnvironment(process.env);
  const monitor = findMonitor(environment.config, name);
  const region = await s3.config.region();
  const stateStore = new S3Store(s3, environment.bucket, { call: retry, region });
  const dataStore =
    monitor.bucket === undefined ? stateStore : new S3Store(s3, monitor.bucket, { call: retry, region });
  return runCheck({
    monitor,
    namespace: environment.namespace,
    dataStore,
    stateStore,
    metrics: new CloudWatchMetricsSink(cloudWatch, retry),
    alerts: new SnsAlertSink(sns, environment.topicArn, retry),
    now: () => new Date(),
    renderHtml: renderHtmlReport,
    log,
    ...(environment.dashboardUrl ? { dashboardUrl: environment.dashboardUrl } : {}),
  });
}
