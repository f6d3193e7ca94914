import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { DEPLOYED_CONFIG } from '../../lambdas/check/environment.ts';
import { type FakeCloudWatch, startFakeCloudWatch } from './fake-cloudwatch.ts';

/** One SNS notification as the subscribed SQS queue received it. */
export interface DeliveredAlert {
  readonly subject: string;
  /** The published Message: with MessageStructure json, `{default, email}` (fauxqs delivers it whole). */
  readonly message: { default: string; email: string };
  /** The `default` payload parsed. */
  readonly alert: {
    reason: string;
    status: string;
    monitor: string;
    report: { status: string; error?: string };
  };
  readonly attributes: Record<string, string>;
}

export interface AwsEmulators {
  readonly fauxqs: FauxqsServer;
  readonly cloudWatch: FakeCloudWatch;
  readonly endpoint: string;
  readonly bucket: string;
  readonly topicArn: string;
  /** Messages delivered to the topic's queue since the last call. */
  takeAlerts(): DeliveredAlert[];
  /** Client settings for test-side SDK clients. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: boolean;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/**
 * fauxqs (S3, SNS, SQS) and the fake CloudWatch on 127.0.0.1, ports chosen by the OS, with a
 * bucket, an alerts topic and a queue subscribed to it. `useEnvironment` points the AWS SDK's
 * standard variables at them, as a deployed Lambda's would point at AWS.
 */
export async function startAwsEmulators(
  names = { bucket: 'dw-data', topic: 'dw-alerts' },
): Promise<AwsEmulators> {
  const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  const cloudWatch = await startFakeCloudWatch();
  const endpoint = `http://127.0.0.1:${fauxqs.port}`;
  fauxqs.createBucket(names.bucket);
  const { topicArn } = fauxqs.createTopic(names.topic);
  const queue = `${names.topic}-queue`;
  fauxqs.createQueue(queue);
  fauxqs.subscribe({ topic: names.topic, queue });
  let taken = 0;
  return {
    fauxqs,
    cloudWatch,
    endpoint,
    bucket: names.bucket,
    topicArn,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
    takeAlerts() {
      const ready = (fauxqs.inspectQueue(queue)?.messages.ready ?? []).slice(taken);
      taken += ready.length;
      const alerts = ready.map((sqsMessage) => {
        const notification = JSON.parse(sqsMessage.body) as {
          Subject: string;
          Message: string;
          MessageAttributes?: Record<string, { Value: string }>;
        };
        const message = JSON.parse(notification.Message) as { default: string; email: string };
        return {
          subject: notification.Subject,
          message,
          alert: JSON.parse(message.default),
          attributes: Object.fromEntries(
            Object.entries(notification.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value]),
          ),
        };
      });
      return alerts;
    },
    async stop() {
      await Promise.all([fauxqs.stop(), cloudWatch.stop()]);
    },
  };
}

/**
 * Sets the variables a deployed check Lambda gets (README "Environment"), and writes `config` to
 * a file for DRIFTWATCH_CONFIG_FILE (a deployed Lambda reads the one bundled beside its code).
 */
export function useEnvironment(emulators: AwsEmulators, config: unknown): void {
  const configFile = join(mkdtempSync(join(tmpdir(), 'driftwatch-config-')), DEPLOYED_CONFIG.fileName);
  writeFileSync(configFile, JSON.stringify(config));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_S3: emulators.endpoint,
    AWS_ENDPOINT_URL_SNS: emulators.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: emulators.cloudWatch.endpoint,
    DRIFTWATCH_BUCKET: emulators.bucket,
    DRIFTWATCH_TOPIC_ARN: emulators.topicArn,
    [DEPLOYED_CONFIG.pathVariable]: configFile,
  });
}
