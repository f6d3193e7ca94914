import { type CloudWatchClient, type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertSink, MetricsSink } from '../monitor-check/sinks.ts';
import type { AlertContent } from '../render/alert-content.ts';
import { metricBatches } from '../render/cloudwatch-metrics.ts';
import { snsPublishInput } from '../render/sns-message.ts';
import type { Retry } from './retry.ts';

/** PutMetricData in calls of at most 1,000 metrics, each retried with backoff. */
export class CloudWatchMetricsSink implements MetricsSink {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly retry: Retry,
  ) {}

  async put(namespace: string, data: readonly MetricDatum[]): Promise<void> {
    for (const batch of metricBatches(data)) {
      await this.retry('PutMetricData', () =>
        this.client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch })),
      );
    }
  }
}

/** One SNS Publish per alert (MessageStructure json), retried with backoff. */
export class SnsAlertSink implements AlertSink {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
    private readonly retry: Retry,
  ) {}

  async publish(alert: AlertContent): Promise<void> {
    await this.retry('Publish', () =>
      this.client.send(new PublishCommand(snsPublishInput(alert, this.topicArn))),
    );
  }
}
