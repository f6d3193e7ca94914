import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { AlertContent } from '../render/alert-content.ts';

/** Where a check's metrics go: CloudWatch in the Lambda, stdout in `driftwatch run`. */
export interface MetricsSink {
  /** Puts every datum (the sink batches); throws when they could not be put. */
  put(namespace: string, data: readonly MetricDatum[]): Promise<void>;
}

/** Where a check's alert goes: SNS in the Lambda, stdout (and Slack) in `driftwatch run`. */
export interface AlertSink {
  publish(alert: AlertContent): Promise<void>;
}
