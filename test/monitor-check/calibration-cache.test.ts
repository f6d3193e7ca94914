import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import { calibrationTableFromJson } from '../../lambdas/core/calibration/calibration-table.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import { featuresCsv } from '../support/sample-tables.ts';

let root: string;
let store: LocalStore;
let clock: number;
let logs: Record<string, unknown>[];

function check(drift: object, cacheProfiles = true) {
  const config = parseConfig({ monitors: [{ name: 'c', drift, cacheProfiles }] }, 'test');
  return runMonitorCheck({
    log: (event) => void logs.push(event),
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics: { put: async () => {} },
    alerts: { publish: async () => {} },
    now: () => new Date(clock),
    renderHtml: (report) => `<html>${report.status}</html>`,
  });
}

async function putCsv(key: string, csv: string): Promise<void> {
  await store.putText(key, csv, 'text/csv');
  await utimes(join(root, key), new Date(clock), new Date(clock));
}

async function calibrationEntries(): Promise<string[]> {
  return (await store.list('monitors/c/cache/calibration-')).map((object) => object.key);
}

async function report(id: string): Promise<DriftReport> {
  return JSON.parse(
    await readFile(join(root, `monitors/c/reports/${id}/report.json`), 'utf8'),
  ) as DriftReport;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'calibration-cache-'));
  store = new LocalStore(root);
  clock = Date.now();
  logs = [];
  await putCsv('monitors/c/baseline/base.csv', featuresCsv(3000, 1, false));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('calibrations cached beside the baseline profile', () => {
  it('calibrates once per baseline and snapshot size, and the next check reuses it', async () => {
    await putCsv('monitors/c/snapshots/001.csv', featuresCsv(500, 2, false));
    await check({ thresholds: 'calibrated' });
    const [entry] = await calibrationEntries();
    expect(entry).toMatch(/^monitors\/c\/cache\/calibration-[0-9a-f]{32}\.json$/);
    const first = await store.getText(entry);
    const table = calibrationTableFromJson(first!.text);
    const features = (await report('001')).features.filter((f) => f.method !== null);
    expect(table.size).toBe(features.length);
    for (const f of features) expect(f.thresholdSource).toBe('calibrated');

    // A snapshot of about the same size: the same entry, untouched (not rewritten).
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', featuresCsv(510, 3, false));
    await check({ thresholds: 'calibrated' });
    expect(await calibrationEntries()).toEqual([entry]);
    expect((await store.getText(entry))!.etag).toBe(first!.etag);
    const second = (await report('002')).features.find((f) => f.method !== null)!;
    const cached = [...table.values()].find(
      (c) => c.method === second.method && c.threshold === second.threshold,
    );
    expect(cached).toBeDefined();
  });

  it('adds a size class to the entry, and starts a new entry (deleting the old) for a new baseline', async () => {
    await putCsv('monitors/c/snapshots/001.csv', featuresCsv(500, 2, false));
    await check({ thresholds: 'calibrated' });
    const [entry] = await calibrationEntries();
    const size = calibrationTableFromJson((await store.getText(entry))!.text).size;
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', featuresCsv(1500, 3, false));
    await check({ thresholds: 'calibrated' });
    expect(calibrationTableFromJson((await store.getText(entry))!.text).size).toBe(2 * size);

    clock += 3_600_000;
    await putCsv('monitors/c/baseline/base.csv', featuresCsv(3000, 9, false));
    await putCsv('monitors/c/snapshots/003.csv', featuresCsv(500, 4, false));
    await check({ thresholds: 'calibrated' });
    const entries = await calibrationEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).not.toBe(entry);
  });

  it('caches nothing when no feature is calibrated, or when the monitor caches no profiles', async () => {
    await putCsv('monitors/c/snapshots/001.csv', featuresCsv(500, 2, false));
    await check({});
    expect(await calibrationEntries()).toEqual([]);
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', featuresCsv(500, 3, false));
    await check({ thresholds: 'calibrated' }, false);
    expect(await calibrationEntries()).toEqual([]);
    expect((await report('002')).features.some((f) => f.thresholdSource === 'calibrated')).toBe(true);
  });

  it('recalibrates over an unreadable entry, and says so', async () => {
    await putCsv('monitors/c/snapshots/001.csv', featuresCsv(500, 2, false));
    await check({ thresholds: 'calibrated' });
    const [entry] = await calibrationEntries();
    await store.putText(entry, '{"version": 1, "entries": "broken"', 'application/json');
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', featuresCsv(500, 3, false));
    await check({ thresholds: 'calibrated' });
    expect(logs.some((event) => event.message === 'unreadable calibration cache entry; recalibrating')).toBe(
      true,
    );
    expect(calibrationTableFromJson((await store.getText(entry))!.text).size).toBeGreaterThan(0);
  });
});
