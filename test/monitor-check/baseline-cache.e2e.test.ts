import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import { checkSetupOf } from '../../lambdas/drift-settings.ts';
import { S3Store } from '../../lambdas/io/s3-store.ts';
import { loadBaselineProfile } from '../../lambdas/monitor-check/baseline-profile.ts';
import { groupSnapshots } from '../../lambdas/monitor-check/snapshots.ts';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { classifierCsv, classifierRows } from '../support/classifier-rows.ts';
import { featuresCsv } from '../support/sample-tables.ts';

/**
 * The baseline cache over S3 (fauxqs on 127.0.0.1): a cached profile holds copies of its table's
 * values, so an entry the baseline no longer uses is deleted, and a monitor with
 * `cacheProfiles: false` keeps none.
 */
let aws: AwsEmulators;
let s3: S3Client;
let store: S3Store;

beforeAll(async () => {
  aws = await startAwsEmulators({ bucket: 'dw-cache', topic: 'dw-cache-alerts' });
  s3 = new S3Client(aws.clientConfig);
  store = new S3Store(s3, aws.bucket);
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

async function putSnapshot(prefix: string, id: string, seed: number): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: aws.bucket,
      Key: `${prefix}snapshots/${id}.csv`,
      Body: featuresCsv(300, seed, false),
    }),
  );
}

async function baselineFor(monitorConfig: Record<string, unknown>) {
  const monitor = parseConfig({ monitors: [monitorConfig] }, 'test').monitors[0];
  const snapshotsFolder = `${monitor.prefix}snapshots/`;
  const snapshots = groupSnapshots(await store.list(snapshotsFolder), snapshotsFolder);
  const setup = checkSetupOf(monitor.drift);
  return loadBaselineProfile({
    monitor,
    dataStore: store,
    cacheStore: store,
    snapshots,
    reading: setup,
    model: setup.model,
  });
}

async function cachedKeys(prefix: string): Promise<string[]> {
  return (await store.list(`${prefix}cache/`)).map((object) => object.key);
}

describe('the baseline profile cache in S3', () => {
  it('deletes the profile of a snapshot that left the baseline, keeping the one in use', async () => {
    const prefix = 'monitors/previous/';
    const monitor = { name: 'previous', baseline: { mode: 'previous' } };
    await putSnapshot(prefix, '2026-12-01', 1);
    await putSnapshot(prefix, '2026-12-02', 2);
    const first = await baselineFor(monitor);
    expect(first).toMatchObject({ id: '2026-12-01', built: 1, pruned: 0 });
    const [firstEntry] = await cachedKeys(prefix);
    expect(firstEntry).toMatch(/^monitors\/previous\/cache\/profile-[0-9a-f]{32}\.bin$/);

    // Unchanged baseline: served from the cache, nothing deleted.
    expect(await baselineFor(monitor)).toMatchObject({ built: 0, pruned: 0 });
    expect(await cachedKeys(prefix)).toEqual([firstEntry]);

    await putSnapshot(prefix, '2026-12-03', 3);
    const second = await baselineFor(monitor);
    expect(second).toMatchObject({ id: '2026-12-02', built: 1, pruned: 1 });
    const entries = await cachedKeys(prefix);
    expect(entries).toHaveLength(1);
    expect(entries).not.toContain(firstEntry);
  });

  it("rebuilds the profile when a feature's forced kind changes", async () => {
    const prefix = 'monitors/kinds/';
    const monitor = (kind?: string) => ({
      name: 'kinds',
      baseline: { mode: 'previous' },
      ...(kind ? { drift: { features: { amount: { kind } } } } : {}),
    });
    await putSnapshot(prefix, '2026-12-01', 1);
    await putSnapshot(prefix, '2026-12-02', 2);
    const kindOf = (built: Awaited<ReturnType<typeof baselineFor>>) =>
      built.profile.columns.find((column) => column.name === 'amount')?.kindOverride;
    expect(kindOf(await baselineFor(monitor()))).toBeNull();
    const forced = await baselineFor(monitor('categorical'));
    expect(forced.built).toBe(1);
    expect(kindOf(forced)).toBe('categorical');
    expect(await baselineFor(monitor('categorical'))).toMatchObject({ built: 0 });
  });

  it('keeps one entry per snapshot of a rolling window and drops the one that slid out', async () => {
    const prefix = 'monitors/rolling/';
    const monitor = { name: 'rolling', baseline: { mode: 'rolling', snapshots: 2 } };
    for (const [i, id] of ['2026-12-01', '2026-12-02', '2026-12-03'].entries())
      await putSnapshot(prefix, id, i);
    expect(await baselineFor(monitor)).toMatchObject({ built: 2, pruned: 0 });
    const before = await cachedKeys(prefix);
    expect(before).toHaveLength(2);
    await putSnapshot(prefix, '2026-12-04', 9);
    expect(await baselineFor(monitor)).toMatchObject({ built: 1, pruned: 1 });
    const after = await cachedKeys(prefix);
    expect(after).toHaveLength(2);
    expect(after.filter((key) => before.includes(key))).toHaveLength(1);
  });

  it('with cacheProfiles false keeps no copy of the baseline, deleting entries left from before', async () => {
    const prefix = 'monitors/private/';
    await putSnapshot(prefix, '2026-12-01', 1);
    await putSnapshot(prefix, '2026-12-02', 2);
    await baselineFor({ name: 'private', baseline: { mode: 'previous' } });
    expect(await cachedKeys(prefix)).toHaveLength(1);

    const uncached = { name: 'private', baseline: { mode: 'previous' }, cacheProfiles: false };
    expect(await baselineFor(uncached)).toMatchObject({ built: 1, pruned: 1 });
    expect(await cachedKeys(prefix)).toEqual([]);
    expect(await baselineFor(uncached)).toMatchObject({ built: 1, pruned: 0 });
    expect(await cachedKeys(prefix)).toEqual([]);
  });

  it('measures the model on the baseline once, and again when the model settings change', async () => {
    const prefix = 'monitors/model/';
    await s3.send(
      new PutObjectCommand({
        Bucket: aws.bucket,
        Key: `${prefix}baseline/train.csv`,
        Body: classifierCsv(classifierRows(500, 0.9, 5)),
      }),
    );
    await putSnapshot(prefix, '2026-12-01', 1);
    const monitor = (metrics: string[]) => ({
      name: 'model',
      drift: { model: { task: 'classification', target: 'label', prediction: 'predicted', metrics } },
    });
    const performanceKeys = async () =>
      (await cachedKeys(prefix)).filter((key) => key.startsWith(`${prefix}cache/performance-`));
    const first = await baselineFor(monitor(['accuracy']));
    expect(first.built).toBe(1);
    expect(first.performance).toMatchObject({
      measurement: { task: 'classification', rows: 500, metrics: [{ name: 'accuracy' }] },
    });
    const [entry] = await performanceKeys();
    expect(entry).toMatch(/^monitors\/model\/cache\/performance-[0-9a-f]{32}\.json$/);

    const again = await baselineFor(monitor(['accuracy']));
    expect(again.built).toBe(0);
    expect(again.performance).toStrictEqual(first.performance);

    // Another metric: another key, so the baseline is read again and the old entry deleted.
    const changed = await baselineFor(monitor(['accuracy', 'f1_macro']));
    expect(changed.built).toBe(1);
    expect(changed.performance).toMatchObject({
      measurement: { metrics: [{ name: 'accuracy' }, { name: 'f1_macro' }] },
    });
    const entries = await performanceKeys();
    expect(entries).toHaveLength(1);
    expect(entries).not.toContain(entry);
  });

  it('leaves the fan-out partial profiles in cache/parts/ alone', async () => {
    const prefix = 'monitors/parts/';
    await s3.send(
      new PutObjectCommand({ Bucket: aws.bucket, Key: `${prefix}cache/parts/2026-12-02/0.bin`, Body: 'x' }),
    );
    await putSnapshot(prefix, '2026-12-01', 1);
    await putSnapshot(prefix, '2026-12-02', 2);
    await baselineFor({ name: 'parts', baseline: { mode: 'previous' }, cacheProfiles: false });
    expect(await cachedKeys(prefix)).toEqual([`${prefix}cache/parts/2026-12-02/0.bin`]);
  });
});
