import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchMetricsSink, SnsAlertSink } from '../adapters/aws-sinks.ts';
import type { Retry } from '../adapters/retry.ts';
import { findMonitor } from '../config.ts';
import { monitorStores } from '../io/s3-stores.ts';
import type { CheckDependencies } from '../monitor-check/run-monitor-check.ts';
import { renderHtmlReport } from '../render/html-report.ts';
import type { CheckEnvironment } from './environment.ts';

/**
 * A check's dependencies on AWS, shared by the check handler and the fan-out's reduce handler
 * so both finish a check with the same stores and sinks.
 */
export async function awsCheckDependencies(options: {
  readonly clients: { readonly s3: S3Client; readonly sns: SNSClient; readonly cloudWatch: CloudWatchClient };
  readonly environment: CheckEnvironment;
  readonly monitor: string;
  readonly retry: Retry;
  readonly log: (event: Record<string, unknown>) => void;
}): Promise<CheckDependencies> {
  const { clients, environment, retry, log } = options;
  const monitor = findMonitor(environment.config, options.monitor);
  const { stateStore, dataStore } = await monitorStores({
    client: clients.s3,
    stateBucket: environment.bucket,
    dataBucket: monitor.bucket,
    call: retry,
  });
  return {
    monitor,
    namespace: environment.namespace,
    dataStore,
    stateStore,
    metrics: new CloudWatchMetricsSink(clients.cloudWatch, retry),
    alerts: new SnsAlertSink(clients.sns, environment.topicArn, retry),
    now: () => new Date(),
    renderHtml: renderHtmlReport,
    log,
    ...(environment.dashboardUrl ? { dashboardUrl: environment.dashboardUrl } : {}),
  };
}
