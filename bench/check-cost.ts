/**
 * The cost of one scheduled check on a 100k-row × 50-column Parquet snapshot (40 numeric,
 * 10 categorical; ~2% nulls; 8 columns drifted), measured on this machine: the check runs in
 * a child process against fauxqs (S3, SNS) and the fake CloudWatch, both in this process so
 * they do not share the check's CPU. Prints duration and peak RSS of a cold check (baseline
 * profile built and cached) and a warm one (cache hit: the scheduled steady state), the AWS
 * requests each made, and the Lambda GB-s and dollar cost per check.
 *
 *   npx tsx bench/check-cost.ts [rows=100000] [runs=3]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const isChild = process.argv[2] === '--child';
const args = isChild ? process.argv.slice(3) : process.argv.slice(2);
const rows = Number(args[0] ?? 100_000);
const runs = Number(args[1] ?? 3);
const dataDir = join(import.meta.dirname, 'data', 'cost');
const NUMERIC = 40;
const CATEGORICAL = 10;

// us-east-1 list prices (FIELD-NOTES.md; AWS pricing pages, 2026).
const PRICE = {
  armGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  putMetricData: 0.01 / 1000,
  snsPublish: 0.5 / 1e6,
  s3Get: 0.0004 / 1000,
  s3PutList: 0.005 / 1000,
};

async function makeTables(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(join(dataDir, `current-${rows}.parquet`))) return;
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run('SELECT setseed(0.42)');
  for (const [name, drifted] of [
    ['baseline', false],
    ['current', true],
    ['next', false],
  ] as const) {
    const normal = 'sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())';
    const numeric = Array.from({ length: NUMERIC }, (_, i) => {
      const shift = drifted && i < 6 ? 0.3 : 0;
      return `CASE WHEN random() < 0.02 THEN NULL ELSE round((${normal}) + ${shift} + ${i}, 6) END AS num_${i}`;
    });
    const categorical = Array.from({ length: CATEGORICAL }, (_, i) => {
      const levels = 3 + i * 4;
      const skew =
        drifted && i < 2
          ? `CASE WHEN random() < 0.3 THEN 0 ELSE floor(random() * ${levels}) END`
          : `floor(random() * ${levels})`;
      return `CASE WHEN random() < 0.02 THEN NULL ELSE 'level_' || CAST(${skew} AS INTEGER) END AS cat_${i}`;
    });
    const file = join(dataDir, `${name}-${rows}.parquet`);
    await connection.run(
      `COPY (SELECT ${[...numeric, ...categorical].join(', ')} FROM range(${rows})) TO '${file}' (FORMAT parquet, COMPRESSION snappy)`,
    );
  }
}

/** The slice of the SDK's middleware stack used here; the clients' stacks differ in their generics. */
interface MiddlewareStack {
  add(middleware: unknown, options: { step: 'initialize' }): void;
}

interface ChildResult {
  readonly label: string;
  readonly ms: number;
  readonly status: string;
  readonly requests: Record<string, number>;
  readonly s3BytesDownloaded: number;
}

/** fauxqs takes bodies up to 11 MiB, like a single part: larger objects go up in 8 MiB parts. */
async function upload(
  s3: import('@aws-sdk/client-s3').S3Client,
  bucket: string,
  key: string,
  body: Uint8Array,
): Promise<void> {
  const sdk = await import('@aws-sdk/client-s3');
  const PART = 8 * 1024 * 1024;
  if (body.byteLength <= PART) {
    await s3.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return;
  }
  const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const parts: { ETag?: string; PartNumber: number }[] = [];
  for (let offset = 0, n = 1; offset < body.byteLength; offset += PART, n++) {
    const { ETag } = await s3.send(
      new sdk.UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: body.subarray(offset, offset + PART),
      }),
    );
    parts.push({ ETag, PartNumber: n });
  }
  await s3.send(
    new sdk.CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

async function child(): Promise<void> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { SNSClient } = await import('@aws-sdk/client-sns');
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  const { readEnvironment } = await import('../lambdas/check/environment.ts');
  const { S3Store } = await import('../lambdas/io/s3-store.ts');
  const { runCheck } = await import('../lambdas/check/run-check.ts');
  const { CloudWatchMetricsSink, SnsAlertSink } = await import('../lambdas/check/aws-sinks.ts');
  const { makeRetry } = await import('../lambdas/check/retry.ts');
  const { renderHtmlReport } = await import('../lambdas/sinks/html-report.ts');
  const requests: Record<string, number> = {};
  let downloaded = 0;
  const count = (client: { middlewareStack: unknown }) =>
    (client.middlewareStack as MiddlewareStack).add(
      (
        next: (args: unknown) => Promise<{ output: { ContentLength?: number } }>,
        context: { commandName: string },
      ) =>
        async (args: unknown) => {
          requests[context.commandName] = (requests[context.commandName] ?? 0) + 1;
          const result = await next(args);
          if (context.commandName === 'GetObjectCommand') downloaded += result.output.ContentLength ?? 0;
          return result;
        },
      { step: 'initialize' },
    );
  const s3 = new S3Client({});
  const sns = new SNSClient({});
  const cloudWatch = new CloudWatchClient({});
  for (const client of [s3, sns, cloudWatch]) count(client);
  const environment = readEnvironment(process.env);
  const config = environment.config;
  const store = new S3Store(s3, environment.bucket, { call: makeRetry() });
  const results: ChildResult[] = [];
  const once = async (label: string, snapshot: string) => {
    await upload(s3, environment.bucket, `monitors/cost/snapshots/${label}.parquet`, readFileSync(snapshot));
    for (const key of Object.keys(requests)) delete requests[key];
    downloaded = 0;
    const started = performance.now();
    const summary = await runCheck({
      monitor: config.monitors[0],
      namespace: config.namespace,
      dataStore: store,
      stateStore: store,
      metrics: new CloudWatchMetricsSink(cloudWatch, makeRetry()),
      alerts: new SnsAlertSink(sns, environment.topicArn, makeRetry()),
      now: () => new Date(),
      renderHtml: renderHtmlReport,
    });
    results.push({
      label,
      ms: performance.now() - started,
      status: summary.status,
      requests: { ...requests },
      s3BytesDownloaded: downloaded,
    });
  };
  await once('1-cold', join(dataDir, `current-${rows}.parquet`));
  await once('2-warm', join(dataDir, `next-${rows}.parquet`));
  process.stdout.write(
    `${JSON.stringify({ results, maxRssMiB: process.resourceUsage().maxRSS / 1024, baselineBytes: 0 })}\n`,
  );
}

async function parent(): Promise<void> {
  await makeTables();
  const { startAwsEmulators, useEnvironment } = await import('../test/support/aws-emulators.ts');
  const config = {
    namespace: 'DriftWatchBench',
    monitors: [{ name: 'cost', featureMetrics: ['num_0', 'cat_0'] }],
  };
  const measurements: { results: ChildResult[]; maxRssMiB: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const aws = await startAwsEmulators({ bucket: `cost-${run}`, topic: `cost-${run}` });
    useEnvironment(aws, config);
    const { S3Client } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client(aws.clientConfig);
    await upload(
      s3,
      aws.bucket,
      'monitors/cost/baseline/baseline.parquet',
      readFileSync(join(dataDir, `baseline-${rows}.parquet`)),
    );
    // spawnSync would block this process, which serves the emulators: run the child async.
    const output = await new Promise<string>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, '--child', String(rows)],
        {
          env: process.env,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let text = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        text += chunk;
      });
      proc.on('close', (code: number) =>
        code === 0 ? resolve(text) : reject(new Error(`child exited ${code}`)),
      );
    });
    measurements.push(JSON.parse(output.trim().split('\n').at(-1)!));
    s3.destroy();
    await aws.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const snapshotBytes = readFileSync(join(dataDir, `current-${rows}.parquet`)).byteLength;
  console.log(
    `one check: ${rows} rows × ${NUMERIC + CATEGORICAL} columns, snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB Parquet, median of ${runs} runs`,
  );
  console.log(
    `peak RSS of the check process: ${median(measurements.map((m) => m.maxRssMiB)).toFixed(0)} MiB\n`,
  );
  console.log(
    '| check | seconds | S3 GET | S3 LIST | S3 PUT | S3 MB down | PutMetricData | SNS Publish | status |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const label of ['1-cold', '2-warm']) {
    const of = measurements.map((m) => m.results.find((r) => r.label === label)!);
    const r = of[0];
    const seconds = median(of.map((x) => x.ms)) / 1000;
    console.log(
      `| ${label} | ${seconds.toFixed(2)} | ${r.requests.GetObjectCommand ?? 0} | ${r.requests.ListObjectsV2Command ?? 0} | ${r.requests.PutObjectCommand ?? 0} | ${(r.s3BytesDownloaded / 1e6).toFixed(1)} | ${r.requests.PutMetricDataCommand ?? 0} | ${r.requests.PublishCommand ?? 0} | ${r.status} |`,
    );
  }
  const warm = median(measurements.map((m) => m.results.find((r) => r.label === '2-warm')!.ms)) / 1000;
  const warmReq = measurements[0].results.find((r) => r.label === '2-warm')!.requests;
  // Lambda gives one full vCPU at 1,769 MB; below that CPU shrinks in proportion, and this
  // check is single-threaded and CPU-bound, so duration scales by 1769 / memory.
  console.log(
    '\n| Lambda memory (arm64) | est. seconds | GB-s | Lambda $ | requests $ (Lambda+S3+CW+SNS) | $ per check | $ per month hourly |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const mb of [1024, 1769, 2048]) {
    const seconds = warm * Math.max(1, 1769 / mb);
    const gbs = (seconds * mb) / 1024;
    const lambda = gbs * PRICE.armGbSecond;
    const req =
      PRICE.lambdaRequest +
      (warmReq.GetObjectCommand ?? 0) * PRICE.s3Get +
      ((warmReq.ListObjectsV2Command ?? 0) + (warmReq.PutObjectCommand ?? 0)) * PRICE.s3PutList +
      (warmReq.PutMetricDataCommand ?? 0) * PRICE.putMetricData +
      (warmReq.PublishCommand ?? 0) * PRICE.snsPublish;
    console.log(
      `| ${mb} MB | ${seconds.toFixed(2)} | ${gbs.toFixed(2)} | ${lambda.toExponential(2)} | ${req.toExponential(2)} | ${(lambda + req).toExponential(2)} | ${((lambda + req) * 730).toFixed(3)} |`,
    );
  }
}

if (isChild) await child();
else await parent();
