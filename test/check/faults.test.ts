import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricsSink, SnsAlertSink } from '../../lambdas/adapters/aws-sinks.ts';
import { makeRetry } from '../../lambdas/adapters/retry.ts';
import { parseConfig } from '../../lambdas/config.ts';
import { S3Store } from '../../lambdas/io/s3-store.ts';
import { encodeHistory, readHistory } from '../../lambdas/monitor-check/history-store.ts';
import { runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { featuresCsv } from '../support/sample-tables.ts';

// Fault injection with client-level mocks (aws-sdk-client-mock): S3 calls fail first and then
// reach the fauxqs emulator through a real client; SNS and CloudWatch fail or succeed on cue.

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode: status } });
}

let aws: AwsEmulators;
let realS3: S3Client;
const retries: string[] = [];
const retry = makeRetry({ sleep: async () => {}, onRetry: (label) => retries.push(label) });

/** An S3 client whose calls go to fauxqs unless a test queues a failure first. */
function flakyS3(): { client: S3Client; mock: ReturnType<typeof mockClient> } {
  const client = new S3Client(aws.clientConfig);
  const mock = mockClient(client);
  mock.on(ListObjectsV2Command).callsFake((input) => realS3.send(new ListObjectsV2Command(input)));
  mock.on(GetObjectCommand).callsFake((input) => realS3.send(new GetObjectCommand(input)));
  mock.on(PutObjectCommand).callsFake((input) => realS3.send(new PutObjectCommand(input)));
  mock.on(HeadObjectCommand).callsFake((input) => realS3.send(new HeadObjectCommand(input)));
  return { client, mock };
}

function setup(monitorName: string) {
  const config = parseConfig({ namespace: 'Faults', monitors: [{ name: monitorName }] }, 'test');
  const s3 = flakyS3();
  const sns = mockClient(new SNSClient({ region: 'us-east-1' }));
  const cloudWatch = mockClient(new CloudWatchClient({ region: 'us-east-1' }));
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  cloudWatch.on(PutMetricDataCommand).resolves({});
  const store = new S3Store(s3.client, aws.bucket, { call: retry });
  const run = () =>
    runMonitorCheck({
      monitor: config.monitors[0],
      namespace: config.namespace,
      dataStore: store,
      stateStore: store,
      metrics: new CloudWatchMetricsSink(cloudWatch as unknown as CloudWatchClient, retry),
      alerts: new SnsAlertSink(sns as unknown as SNSClient, 'arn:aws:sns:us-east-1:000000000000:t', retry),
      now: () => new Date(),
      renderHtml: renderHtmlReport,
    });
  return { s3: s3.mock, sns, cloudWatch, store, run };
}

async function seed(monitor: string): Promise<void> {
  const put = (key: string, body: string) =>
    realS3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  await put(`monitors/${monitor}/baseline/features.csv`, featuresCsv(1500, 1, false));
  await put(`monitors/${monitor}/snapshots/2026-11-28T10.csv`, featuresCsv(1500, 3, true));
}

beforeAll(async () => {
  aws = await startAwsEmulators({ bucket: 'faults', topic: 'unused' });
  realS3 = new S3Client(aws.clientConfig);
});

afterAll(async () => {
  realS3?.destroy();
  await aws?.stop();
});

beforeEach(() => {
  retries.length = 0;
});

describe('check under failing AWS calls', () => {
  it('retries S3 503s and throttling on listing, reading and writing, and completes', async () => {
    await seed('s3-flaky');
    const { s3, sns, run } = setup('s3-flaky');
    s3.on(ListObjectsV2Command)
      .rejectsOnce(awsError('SlowDown', 503))
      .callsFake((input) => realS3.send(new ListObjectsV2Command(input)));
    s3.on(GetObjectCommand)
      .rejectsOnce(awsError('InternalError', 500))
      .rejectsOnce(awsError('ThrottlingException', 400))
      .callsFake((input) => realS3.send(new GetObjectCommand(input)));
    s3.on(PutObjectCommand)
      .rejectsOnce(awsError('ServiceUnavailable', 503))
      .callsFake((input) => realS3.send(new PutObjectCommand(input)));

    const summary = await run();
    expect(summary).toMatchObject({ status: 'drift', alert: 'drift' });
    expect(retries.filter((label) => label.startsWith('ListObjectsV2'))).toHaveLength(1);
    expect(retries.filter((label) => label.startsWith('GetObject'))).toHaveLength(2);
    expect(retries.filter((label) => label.startsWith('PutObject'))).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('does not retry an access-denied error: it fails the check at once', async () => {
    const { s3, run } = setup('denied');
    s3.on(ListObjectsV2Command).rejects(awsError('AccessDenied', 403));
    await expect(run()).rejects.toThrow(/AccessDenied/);
    expect(retries).toEqual([]);
  });

  it('when SNS keeps failing, fails after retries with the report written, and the next run alerts', async () => {
    await seed('sns-down');
    const { sns, store, run } = setup('sns-down');
    sns.on(PublishCommand).rejects(awsError('InternalErrorException', 500));
    await expect(run()).rejects.toThrow(/InternalErrorException/);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(4);
    const report = await store.getText('monitors/sns-down/reports/2026-11-28T10/report.json');
    expect(JSON.parse(report!.text).status).toBe('drift');
    expect(await store.getText('monitors/sns-down/state.json')).toBeNull();

    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const summary = await run();
    expect(summary).toMatchObject({ alert: 'drift', alreadyReported: false });
    expect(JSON.parse((await store.getText('monitors/sns-down/state.json'))!.text).lastAlertReason).toBe(
      'drift',
    );
  });

  it('when CloudWatch keeps failing, fails with the report written, and the next run puts metrics and alerts', async () => {
    await seed('cw-down');
    const { cloudWatch, sns, store, run } = setup('cw-down');
    cloudWatch.on(PutMetricDataCommand).rejects(awsError('Throttling', 400));
    await expect(run()).rejects.toThrow(/Throttling/);
    expect(cloudWatch.commandCalls(PutMetricDataCommand)).toHaveLength(4);
    expect(await store.getText('monitors/cw-down/reports/2026-11-28T10/report.json')).not.toBeNull();
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);

    cloudWatch.on(PutMetricDataCommand).resolves({});
    const summary = await run();
    expect(summary).toMatchObject({ alert: 'drift' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('a throttled PutMetricData and a failed Publish that succeed on retry lose nothing and alert once', async () => {
    await seed('blips');
    const { cloudWatch, sns, run } = setup('blips');
    cloudWatch
      .on(PutMetricDataCommand)
      .rejectsOnce(awsError('Throttling', 400))
      .rejectsOnce(awsError('Throttling', 400))
      .resolves({});
    sns.on(PublishCommand).rejectsOnce(awsError('ThrottledException', 400)).resolves({ MessageId: 'x' });
    expect(await run()).toMatchObject({ alert: 'drift' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(await run()).toMatchObject({ alreadyReported: true, alert: null });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });
});

describe('history when a check dies part-way', () => {
  type PutInput = ConstructorParameters<typeof PutObjectCommand>[0];

  /** Puts go to fauxqs, except that `fail` may throw for a key first. */
  function puts(s3: ReturnType<typeof setup>['s3'], fail: (input: PutInput) => Promise<void> | void) {
    s3.on(PutObjectCommand).callsFake(async (input: PutInput) => {
      await fail(input);
      return realS3.send(new PutObjectCommand(input));
    });
  }

  async function historyOf(store: S3Store, monitor: string) {
    const { entries } = await readHistory(store, `monitors/${monitor}/`, () => {});
    return entries.map((entry) => [entry.id, entry.status, entry.alert]);
  }

  it('a crash between the history write and the state write neither loses nor duplicates the check', async () => {
    await seed('crash-state');
    const { s3, sns, store, run } = setup('crash-state');
    puts(s3, (input) => {
      if (input.Key === 'monitors/crash-state/state.json') throw awsError('AccessDenied', 403);
    });
    await expect(run()).rejects.toThrow(/AccessDenied/);
    expect(await historyOf(store, 'crash-state')).toEqual([['2026-11-28T10', 'drift', 'drift']]);
    expect(await store.getText('monitors/crash-state/state.json')).toBeNull();

    puts(s3, () => {});
    expect(await run()).toMatchObject({ status: 'drift', alreadyReported: false, alert: 'drift' });
    expect(await run()).toMatchObject({ alreadyReported: true });
    expect(await historyOf(store, 'crash-state')).toEqual([['2026-11-28T10', 'drift', 'drift']]);
    expect(JSON.parse((await store.getText('monitors/crash-state/state.json'))!.text).lastSnapshotId).toBe(
      '2026-11-28T10',
    );
    // The alert went out before the crash and again with the repeated check (README: the next run
    // repeats the check and its alert); the history holds the check once, marked as alerted.
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('a crash at the history write leaves no state, and the next run writes the check once', async () => {
    await seed('crash-history');
    const { s3, store, run } = setup('crash-history');
    puts(s3, (input) => {
      if (input.Key === 'monitors/crash-history/history.json') throw awsError('AccessDenied', 403);
    });
    await expect(run()).rejects.toThrow(/AccessDenied/);
    expect(await store.getText('monitors/crash-history/history.json')).toBeNull();
    expect(await store.getText('monitors/crash-history/state.json')).toBeNull();

    puts(s3, () => {});
    expect(await run()).toMatchObject({ status: 'drift', alreadyReported: false });
    expect(await historyOf(store, 'crash-history')).toEqual([['2026-11-28T10', 'drift', 'drift']]);
  });

  it("keeps another run's check written between this run's read and write: S3 refuses the stale If-None-Match, the run reads again", async () => {
    await seed('race');
    const { s3, store, run } = setup('race');
    const other = {
      id: '2026-11-28T09',
      checkedAt: '2026-11-28T09:05:00.000Z',
      status: 'ok' as const,
      alert: null,
      reportKey: null,
      driftedShare: 0,
      driftShareThreshold: 0.5,
      features: [],
    };
    let raced = false;
    puts(s3, async (input) => {
      if (input.Key !== 'monitors/race/history.json' || raced) return;
      raced = true;
      // The other run wins: its history lands, and S3 answers this run's write as it documents.
      await realS3.send(
        new PutObjectCommand({
          Bucket: aws.bucket,
          Key: input.Key,
          Body: encodeHistory('race', [other], 'monitors/race/'),
        }),
      );
      throw awsError('PreconditionFailed', 412);
    });
    expect(await run()).toMatchObject({ status: 'drift' });
    expect(await historyOf(store, 'race')).toEqual([
      ['2026-11-28T09', 'ok', null],
      ['2026-11-28T10', 'drift', 'drift'],
    ]);
    const historyPuts = s3
      .commandCalls(PutObjectCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Key === 'monitors/race/history.json');
    expect(historyPuts.map((input) => [input.IfNoneMatch, typeof input.IfMatch])).toEqual([
      ['*', 'undefined'],
      [undefined, 'string'],
    ]);
  });
});
