import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type AwsEmulators, startAwsEmulators, useEnvironment } from '../support/aws-emulators.ts';
import { featuresCsv } from '../support/sample-tables.ts';

// What Lambda runs is an esbuild bundle, not these sources: bundle the handler as the CDK
// function would (ESM, Node, SDK included) and run it against the emulators.

let aws: AwsEmulators;
let out: string;
let s3: S3Client;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  out = await mkdtemp(join(tmpdir(), 'handler-bundle-'));
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'lambdas', 'check', 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile: join(out, 'index.mjs'),
    // Some SDK dependencies are CommonJS and call require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  aws = await startAwsEmulators({ bucket: 'bundle-data', topic: 'bundle-alerts' });
  useEnvironment(aws, { monitors: [{ name: 'fraud' }] });
  s3 = new S3Client(aws.clientConfig);
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

it('the bundled handler checks a snapshot, alerts once, and skips it on the next invocation', async () => {
  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  await put('monitors/fraud/baseline/features.csv', featuresCsv(1500, 1, false));
  await put('monitors/fraud/snapshots/2026-11-28T10.csv', featuresCsv(1500, 2, true));
  const { handler } = await import(pathToFileURL(join(out, 'index.mjs')).href);

  expect(await handler({ monitor: 'fraud' })).toMatchObject({ status: 'drift', alert: 'drift' });
  expect(await handler({ monitor: 'fraud' })).toMatchObject({ alreadyReported: true, alert: null });
  expect(aws.takeAlerts().map((a) => a.attributes)).toEqual([{ monitor: 'fraud', status: 'drift' }]);
  expect(aws.cloudWatch.calls).toHaveLength(1);
  const state = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: 'monitors/fraud/state.json' }));
  expect(JSON.parse(await state.Body!.transformToString())).toMatchObject({
    lastSnapshotId: '2026-11-28T10',
  });
});
