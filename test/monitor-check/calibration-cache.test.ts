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

function check(drift: object, cacheProfiles = true, remainingMs?: () => number) {
  const config = parseConfig({ monitors: [{ name: 'c', drift, cacheProfiles }] }, 'test');
  return runMonitorCheck({
    ...(remainingMs !== undefined ? { remainingMs } : {}),
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

  it('stops calibrating when the invocation runs short of time, says so per feature, and goes on next check', async () => {
    await putCsv('monitors/c/snapshots/001.csv', featuresCsv(500, 2, false));
    // Four minutes left for the first two calibrations asked, then under the reserve.
    let asked = 0;
    await check({ thresholds: 'calibrated' }, true, () => (asked++ < 2 ? 240_000 : 45_000));
    const first = (await report('001')).features.filter((f) => f.method !== null);
    const calibrated = first.filter((f) => f.thresholdSource === 'calibrated');
    const waiting = first.filter((f) => f.thresholdSource !== 'calibrated');
    expect(calibrated).toHaveLength(2);
    expect(waiting.length).toBeGreaterThan(0);
    for (const f of waiting) {
      // The default rule: the method's number, or a distance's noise floor where that is higher.
      expect(['default', 'noise_floor']).toContain(f.thresholdSource);
      expect(f.calibration?.problem).toBe(
        "not calibrated in this check: 45 s were left before the function's timeout and 60 s are kept for the report; a later check calibrates it, going on from the cached calibrations",
      );
    }
    const [entry] = await calibrationEntries();
    expect(calibrationTableFromJson((await store.getText(entry))!.text).size).toBe(2);

    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', featuresCsv(500, 3, false));
    await check({ thresholds: 'calibrated' }, true, () => 240_000);
    const second = (await report('002')).features.filter((f) => f.method !== null);
    expect(second.every((f) => f.thresholdSource === 'calibrated')).toBe(true);
    expect(calibrationTableFromJson((await store.getText(entry))!.text).size).toBe(first.length);
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

/** `days` days of `perDay` rows from day 0 (UTC), `x` normal around a mean that moves by day. */
function dailyCsv(days: number, perDay: number, firstDay: number, seed: number): string {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const lines = ['ts,x'];
  for (let day = firstDay; day < firstDay + days; day++) {
    const dayMean = 0.4 * normal();
    for (let i = 0; i < perDay; i++) {
      const ms = Date.UTC(2026, 0, 1) + day * 86_400_000 + Math.floor((i * 86_400_000) / perDay);
      lines.push(`${new Date(ms).toISOString()},${(dayMean + normal()).toFixed(5)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('time chunks by the timestamp column', () => {
  const drift = { thresholds: 'calibrated', columns: { timestamp: 'ts' } };

  it('chunks the baseline by day when the monitor names a timestamp column, once per baseline and period', async () => {
    await putCsv('monitors/c/baseline/base.csv', dailyCsv(30, 200, 0, 1));
    await putCsv('monitors/c/snapshots/001.csv', dailyCsv(1, 200, 40, 2));
    await check(drift);
    const byTime = (await report('001')).features.find((f) => f.name === 'x')!;
    expect(byTime.thresholdSource).toBe('calibrated');
    expect(byTime.calibration).toMatchObject({ strategy: 'time', chunks: 30, periodMs: 86_400_000 });
    expect(logs.filter((e) => e.message === 'baseline split by period for time-chunk calibration')).toEqual([
      expect.objectContaining({ periods: 30, untimedRows: 0 }),
    ]);

    // The next day's snapshot: the cached calibration, no second split.
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/002.csv', dailyCsv(1, 200, 41, 3));
    await check(drift);
    expect((await report('002')).features.find((f) => f.name === 'x')!.threshold).toBe(byTime.threshold);
    expect(
      logs.filter((e) => e.message === 'baseline split by period for time-chunk calibration'),
    ).toHaveLength(1);

    // Random chunks of the same baseline miss the day-to-day movement: a narrower threshold.
    clock += 3_600_000;
    await putCsv('monitors/c/snapshots/003.csv', dailyCsv(1, 200, 42, 4));
    await check({ thresholds: 'calibrated' });
    const random = (await report('003')).features.find((f) => f.name === 'x')!;
    expect(random.calibration?.strategy).toBe('random');
    expect(byTime.threshold!).toBeGreaterThan(1.5 * random.threshold!);
  });

  it('falls back to random chunks, and says why in the report, when the baseline has too few periods', async () => {
    await putCsv('monitors/c/baseline/base.csv', dailyCsv(5, 1000, 0, 1));
    await putCsv('monitors/c/snapshots/001.csv', dailyCsv(1, 200, 40, 2));
    await check(drift);
    const x = (await report('001')).features.find((f) => f.name === 'x')!;
    expect(x.thresholdSource).toBe('calibrated');
    expect(x.calibration).toMatchObject({ strategy: 'random', chunks: 100 });
    // Half the snapshot's size class (197) makes a period a chunk.
    expect(x.calibration?.fallback).toBe(
      "only 5 of the baseline's 5 periods of 1 d (by ts) hold at least 99 values; time chunks need 10",
    );
  });
});
