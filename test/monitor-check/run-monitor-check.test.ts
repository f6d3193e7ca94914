import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import { HISTORY_MAX_CHECKS } from '../../lambdas/core/check-history.ts';
import { profileFromBytes, profileToBytes } from '../../lambdas/core/profile/serialize-profile.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';
import { encodeHistory, readHistory } from '../../lambdas/monitor-check/history-store.ts';
import { runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import type { HtmlReportOptions } from '../../lambdas/render/html-report.ts';
import { featuresCsv } from '../support/sample-tables.ts';

const HOUR = 3_600_000;
let root: string;
let store: LocalStore;
let clock: number;
let alerts: AlertContent[];
let metrics: MetricDatum[][];

let logs: Record<string, unknown>[];

function check(
  monitor: object,
  renderHtml: (report: DriftReport, options?: HtmlReportOptions) => string = (report) =>
    `<html>${report.status}</html>`,
) {
  const config = parseConfig({ monitors: [monitor] }, 'test');
  return runMonitorCheck({
    log: (event) => void logs.push(event),
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics: { put: async (_ns, data) => void metrics.push([...data]) },
    alerts: { publish: async (alert) => void alerts.push(alert) },
    now: () => new Date(clock),
    renderHtml,
  });
}

/** Writes a snapshot and dates it at the current test clock. */
async function snapshot(monitor: string, id: string, csv: string): Promise<void> {
  await store.putText(`monitors/${monitor}/snapshots/${id}.csv`, csv, 'text/csv');
  const path = join(root, 'monitors', monitor, 'snapshots', `${id}.csv`);
  await utimes(path, new Date(clock), new Date(clock));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-monitor-check-'));
  store = new LocalStore(root);
  clock = Date.now();
  alerts = [];
  metrics = [];
  logs = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runMonitorCheck baselines', () => {
  it("states the monitor's own rule in a report with no comparison", async () => {
    const monitor = {
      name: 'r',
      baseline: { mode: 'previous' },
      drift: { compat: 'evidently', driftShare: 0.3 },
    };
    await snapshot('r', '001', featuresCsv(1500, 1, false));
    expect(await check(monitor)).toMatchObject({ status: 'waiting' });
    const report = JSON.parse(await readFile(join(root, 'monitors/r/reports/001/report.json'), 'utf8'));
    expect(report).toMatchObject({
      status: 'waiting',
      compat: 'evidently',
      dataset: { driftShareThreshold: 0.3 },
    });
  });

  it('compares with the previous snapshot in "previous" mode, waiting without alerting for the first', async () => {
    const monitor = { name: 'p', baseline: { mode: 'previous' } };
    await snapshot('p', '001', featuresCsv(1500, 1, false));
    const first = await check(monitor);
    expect(first).toMatchObject({ status: 'waiting', alert: null, snapshotId: '001' });
    expect(first.detail).toMatch(/waiting for baseline: .*"previous".*001 is the first/);
    expect(alerts).toEqual([]);
    await snapshot('p', '002', featuresCsv(1500, 2, true));
    const summary = await check(monitor);
    expect(summary).toMatchObject({ status: 'drift', snapshotId: '002', alert: 'drift', baselineBuilt: 1 });
    expect(alerts[0].report.context?.baselineId).toBe('001');
  });

  it.each([
    { mode: 'previous', baseline: { mode: 'previous' } },
    { mode: 'rolling', baseline: { mode: 'rolling', snapshots: 3 } },
  ])(
    'a first $mode snapshot waits for its baseline: no alert, and no "recovered" after it',
    async ({ baseline }) => {
      const monitor = { name: 'w', baseline };
      await snapshot('w', '001', featuresCsv(1500, 1, false));
      expect(await check(monitor)).toMatchObject({ status: 'waiting', alert: null });
      const state = JSON.parse((await store.getText('monitors/w/state.json'))!.text);
      expect(state).toMatchObject({ lastSnapshotId: '001', lastStatus: 'waiting', lastAlertReason: null });
      const waitingMetrics = Object.fromEntries(metrics[0].map((d) => [d.MetricName, d.Value]));
      expect(waitingMetrics).toMatchObject({ CheckFailed: 0 });
      expect(waitingMetrics.QualityFailed).toBeUndefined();
      // Nothing new: still no alert.
      expect(await check(monitor)).toMatchObject({ alreadyReported: true, status: 'waiting', alert: null });
      await snapshot('w', '002', featuresCsv(1500, 2, false));
      const second = await check(monitor);
      expect(second.status).not.toBe('drift');
      expect(second.alert).toBeNull();
      expect(alerts).toEqual([]);
    },
  );

  it('merges the last N snapshots in "rolling" mode, profiling each only once across runs', async () => {
    const monitor = { name: 'r', baseline: { mode: 'rolling', snapshots: 2 } };
    await snapshot('r', '001', featuresCsv(800, 1, false));
    await snapshot('r', '002', featuresCsv(800, 2, false));
    await snapshot('r', '003', featuresCsv(800, 3, false));
    const first = await check(monitor);
    // Not 'ok': a feature drifts between these seeds, below driftShare, so nothing pages.
    expect(first).toMatchObject({ status: 'feature_drift', baselineBuilt: 2, alert: null });
    const report = JSON.parse((await store.getText('monitors/r/reports/003/report.json'))!.text);
    expect(report.context.baselineId).toBe('rolling:001..002');
    expect(report.baseline.rowCount).toBe(1600);
    await snapshot('r', '004', featuresCsv(800, 4, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
  });

  it('rebuilds the cached baseline profile when a baseline file changes or the cache is corrupt or truncated', async () => {
    const monitor = { name: 'f' };
    await store.putText('monitors/f/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('f', '001', featuresCsv(1500, 2, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
    const [cacheObject] = await store.list('monitors/f/cache/');
    await writeFile(join(root, cacheObject.key), '{"not": "a profile"}');
    await snapshot('f', '002', featuresCsv(1500, 3, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
    await snapshot('f', '003', featuresCsv(1500, 4, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 0 });
    // A container cut short (an upload that died half way) is rebuilt too, not half-trusted.
    const [container] = await store.list('monitors/f/cache/');
    expect(container.key).toMatch(/cache\/profile-[0-9a-f]{32}\.bin$/);
    const whole = (await store.getBytes(container.key))!.bytes;
    await writeFile(join(root, container.key), whole.subarray(0, whole.byteLength >> 1));
    await snapshot('f', '003b', featuresCsv(1500, 4, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
    expect((await store.getBytes(container.key))!.bytes).toEqual(whole);
    await store.putText('monitors/f/baseline/a.csv', featuresCsv(1500, 5, false), 'text/csv');
    await utimes(join(root, 'monitors/f/baseline/a.csv'), new Date(clock + 1000), new Date(clock + 1000));
    await snapshot('f', '004', featuresCsv(1500, 6, false));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
  });

  it('caches a fixed baseline with its values sorted, upgrades an unsorted entry once, and reports the same', async () => {
    const monitor = { name: 's' };
    await store.putText('monitors/s/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('s', '001', featuresCsv(1500, 2, true));
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 1 });
    const [entry] = await store.list('monitors/s/cache/');
    const cached = profileFromBytes((await store.getBytes(entry.key))!.bytes);
    const numeric = cached.columns.filter((c) => c.numbers.size > 1);
    expect(numeric.length).toBeGreaterThan(0);
    for (const column of numeric) {
      const kept = [...column.numbers.values];
      expect(column.numbers.sorted, column.name).toBeDefined();
      expect(kept).toEqual([...kept].sort((a, b) => a - b));
    }
    const sortedReport = JSON.parse((await store.getText('monitors/s/reports/001/report.json'))!.text);
    // An entry written in arrival order (by an older driftwatch) is read, sorted and rewritten.
    const profile = await profileSources([new LocalFileSource(join(root, 'monitors/s/baseline/a.csv'))], {});
    await store.putBytes(entry.key, profileToBytes(profile), 'application/octet-stream');
    await rm(join(root, 'monitors/s/state.json'));
    await rm(join(root, 'monitors/s/reports'), { recursive: true });
    expect(await check(monitor)).toMatchObject({ baselineBuilt: 0 });
    const upgraded = profileFromBytes((await store.getBytes(entry.key))!.bytes);
    expect(upgraded.columns.filter((c) => c.numbers.sorted !== undefined).length).toBe(numeric.length);
    const again = JSON.parse((await store.getText('monitors/s/reports/001/report.json'))!.text);
    expect({ ...again, context: null }).toEqual({ ...sortedReport, context: null });
  });

  it('retries a snapshot whose baseline was missing once the baseline appears, alerting once for the error', async () => {
    const monitor = { name: 'b' };
    await snapshot('b', '001', featuresCsv(1500, 2, true));
    expect(await check(monitor)).toMatchObject({ status: 'error', alert: 'error' });
    expect(alerts[0].report.error).toMatch(/monitors\/b\/baseline\/: no baseline files/);
    expect(await check(monitor)).toMatchObject({ status: 'error', alert: null, alreadyReported: false });
    await store.putText('monitors/b/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    expect(await check(monitor)).toMatchObject({ status: 'drift', alert: 'drift', snapshotId: '001' });
  });
});

describe('runMonitorCheck alerts and state', () => {
  it('reminds after the cooldown while drift persists across new snapshots, and not before', async () => {
    const monitor = { name: 'd', alertCooldown: '6h' };
    await store.putText('monitors/d/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('d', '001', featuresCsv(1500, 2, true));
    expect((await check(monitor)).alert).toBe('drift');
    clock += 3 * HOUR;
    await snapshot('d', '002', featuresCsv(1500, 3, true));
    expect((await check(monitor)).alert).toBeNull();
    clock += 3 * HOUR;
    await snapshot('d', '003', featuresCsv(1500, 4, true));
    expect((await check(monitor)).alert).toBe('reminder');
    expect(alerts.map((a) => a.reason)).toEqual(['drift', 'reminder']);
  });

  it('pages on an empty snapshot with reason quality, under the same cooldown as drift, then recovers', async () => {
    const monitor = { name: 'q', alertCooldown: '6h' };
    const headerOnly = `${featuresCsv(1, 1, false).split('\n')[0]}\n`;
    await store.putText('monitors/q/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('q', '001', headerOnly);
    expect(await check(monitor)).toMatchObject({ status: 'invalid', alert: 'quality' });
    expect(alerts[0].report.quality).toContainEqual(
      expect.objectContaining({ check: 'row_count', severity: 'error', message: 'current has no rows' }),
    );
    expect(metrics[0].find((d) => d.MetricName === 'QualityFailed')?.Value).toBe(1);
    expect(metrics[0].find((d) => d.MetricName === 'CheckFailed')?.Value).toBe(0);
    clock += 3 * HOUR;
    await snapshot('q', '002', headerOnly);
    expect(await check(monitor)).toMatchObject({ status: 'invalid', alert: null });
    clock += 3 * HOUR;
    await snapshot('q', '003', headerOnly);
    expect(await check(monitor)).toMatchObject({ status: 'invalid', alert: 'quality' });
    await snapshot('q', '004', featuresCsv(1500, 1, false));
    expect(await check(monitor)).toMatchObject({ status: 'ok', alert: 'recovered' });
    expect(alerts.map((a) => a.reason)).toEqual(['quality', 'quality', 'recovered']);
  });

  it('pages on drift of a feature named in alertOn, below driftShare', async () => {
    const monitor = { name: 'f', drift: { driftShare: 1, alertOn: { features: ['amount'] } } };
    await store.putText('monitors/f/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('f', '001', featuresCsv(1500, 2, true));
    expect(await check(monitor)).toMatchObject({ status: 'drift', alert: 'drift' });
    expect(alerts[0].report.dataset.drifted).toBe(false);
    expect(alerts[0].report.alertOnFeatures).toEqual(['amount']);
  });

  it('reports a role naming no column as an error that alerts, naming the setting', async () => {
    const monitor = { name: 'roles', drift: { columns: { timestamp: 'event_tz' } } };
    await store.putText('monitors/roles/baseline/a.csv', featuresCsv(300, 1, false), 'text/csv');
    await snapshot('roles', '001', featuresCsv(300, 2, false));
    expect(await check(monitor)).toMatchObject({ status: 'error', alert: 'error' });
    expect(alerts[0].report.error).toMatch(
      /^monitor roles: drift\.columns\.timestamp: "event_tz" is not a column of the table/,
    );
  });

  it('treats an unreadable state.json as absent and still completes', async () => {
    const monitor = { name: 's' };
    await store.putText('monitors/s/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('s', '001', featuresCsv(1500, 2, false));
    await store.putText('monitors/s/state.json', '{ half a state', 'application/json');
    expect(await check(monitor)).toMatchObject({ status: 'ok', alreadyReported: false });
    expect(JSON.parse((await store.getText('monitors/s/state.json'))!.text).lastSnapshotId).toBe('001');
  });

  it('reports a snapshot folder of part files with a bad part as an error naming the file', async () => {
    const monitor = { name: 'parts' };
    await store.putText('monitors/parts/baseline/a.csv', featuresCsv(500, 1, false), 'text/csv');
    await store.putText('monitors/parts/snapshots/001/part-0.csv', featuresCsv(200, 2, false), 'text/csv');
    await store.putText('monitors/parts/snapshots/001/part-1.csv', 'amount,other\n1,2\n', 'text/csv');
    await store.putText('monitors/parts/snapshots/001/_SUCCESS', '', 'text/plain');
    const summary = await check(monitor);
    expect(summary).toMatchObject({ status: 'error', snapshotId: '001' });
    expect(alerts[0].report.error).toMatch(/part-1\.csv: its columns differ/);
    expect(metrics[0].find((d) => d.MetricName === 'CheckFailed')?.Value).toBe(1);
  });

  it("reads the snapshot and the baseline under the monitor's readLimits", async () => {
    const columns = featuresCsv(1, 1, false).split('\n')[0].split(',').length;
    const monitor = { name: 'narrow', drift: { readLimits: { maxColumns: columns - 1 } } };
    await store.putText('monitors/narrow/baseline/a.csv', featuresCsv(500, 1, false), 'text/csv');
    await snapshot('narrow', '001', featuresCsv(300, 2, false));
    const summary = await check(monitor);
    expect(summary).toMatchObject({ status: 'error', snapshotId: '001' });
    expect(alerts[0].report.error).toMatch(/a\.csv.*at most \d+ are read \(readLimits\.maxColumns\)/);
    await store.putText('monitors/wide/baseline/a.csv', featuresCsv(500, 1, false), 'text/csv');
    await snapshot('wide', '001', featuresCsv(300, 2, false));
    const wide = await check({ name: 'wide', drift: { readLimits: { maxColumns: columns } } });
    expect(wide.status).not.toBe('error');
    expect(wide.snapshotId).toBe('001');
  });
});

describe('runMonitorCheck on snapshots still being written', () => {
  async function part(id: string, name: string, body: string): Promise<void> {
    await store.putText(`monitors/m/snapshots/${id}/${name}`, body, 'text/csv');
    const path = join(root, 'monitors', 'm', 'snapshots', id, name);
    await utimes(path, new Date(clock), new Date(clock));
  }

  it('says when a folder without markers will count as complete', async () => {
    await store.putText('monitors/m/baseline/features.csv', featuresCsv(800, 1, false), 'text/csv');
    await snapshot('m', '001', featuresCsv(400, 2, false));
    expect(await check({ name: 'm', snapshotSettle: '15m' })).toMatchObject({ snapshotId: '001' });
    clock += HOUR;
    await part('002', 'part-00000.csv', featuresCsv(50, 3, false));
    const summary = await check({ name: 'm', snapshotSettle: '15m' });
    const completeAt = new Date(clock + 15 * 60_000).toISOString();
    expect(summary).toMatchObject({ alreadyReported: true, settling: [{ id: '002', completeAt }] });
    expect(logs.at(-1)?.message).toBe(
      `already reported; snapshot 002 is still being written (checked from ${completeAt} if nothing in it changes before)`,
    );
  });

  it('checks a Spark-style folder only once its _SUCCESS marker is there', async () => {
    await store.putText('monitors/m/baseline/features.csv', featuresCsv(800, 1, false), 'text/csv');
    await part('2026-11-28T10', 'part-00000.csv', featuresCsv(400, 2, false));
    await part('2026-11-28T10', '_SUCCESS', '');
    expect(await check({ name: 'm' })).toMatchObject({ snapshotId: '2026-11-28T10', alreadyReported: false });
    // The next hour's job has written one part of two and no marker yet.
    clock += HOUR;
    await part('2026-11-28T11', 'part-00000.csv', featuresCsv(50, 3, true));
    expect(await check({ name: 'm' })).toMatchObject({
      snapshotId: '2026-11-28T10',
      alreadyReported: true,
      settling: [{ id: '2026-11-28T11', completeAt: null }],
    });
    // The log says why nothing was checked, not only that the previous snapshot was reported.
    expect(logs.at(-1)).toMatchObject({
      message:
        'already reported; snapshot 2026-11-28T11 is still being written (checked once its _SUCCESS marker appears)',
    });
    await part('2026-11-28T11', 'part-00001.csv', featuresCsv(350, 4, true));
    await part('2026-11-28T11', '_SUCCESS', '');
    expect(await check({ name: 'm' })).toMatchObject({
      snapshotId: '2026-11-28T11',
      status: 'drift',
      alert: 'drift',
    });
  });
});

describe('runMonitorCheck on SageMaker Data Capture', () => {
  it('checks the last complete hour of capture files against a CSV baseline', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures', 'capture');
    const capture = await readFile(join(fixtures, 'capture-csv.jsonl'), 'utf8');
    await store.putText(
      'monitors/cap/baseline/train.csv',
      await readFile(join(fixtures, 'equivalent.csv'), 'utf8'),
      'text/csv',
    );
    const hourFolder = 'monitors/cap/snapshots/fraud-endpoint/AllTraffic/2026/12/06/10/';
    const lines = capture.trim().split('\n');
    await store.putText(`${hourFolder}a.jsonl`, `${lines.slice(0, 150).join('\n')}\n`, 'application/jsonl');
    await store.putText(`${hourFolder}b.jsonl`, `${lines.slice(150).join('\n')}\n`, 'application/jsonl');
    // The hour still being written: not checked before it ends and settles.
    await store.putText(
      'monitors/cap/snapshots/fraud-endpoint/AllTraffic/2026/12/06/11/c.jsonl',
      `${lines[0]}\n`,
      'application/jsonl',
    );
    for (const [hour, name] of [
      [10, 'a.jsonl'],
      [10, 'b.jsonl'],
      [11, 'c.jsonl'],
    ] as const) {
      const written = new Date(Date.UTC(2026, 11, 6, hour, 30));
      await utimes(
        join(
          root,
          ...`monitors/cap/snapshots/fraud-endpoint/AllTraffic/2026/12/06/${hour}/${name}`.split('/'),
        ),
        written,
        written,
      );
    }
    clock = Date.UTC(2026, 11, 6, 11, 45);
    const summary = await check({
      name: 'cap',
      format: 'sagemaker-capture',
      captureColumns: ['amount', 'age', 'device'],
      maxSnapshotAge: '3h',
    });
    expect(summary).toMatchObject({
      snapshotId: '2026-12-06T10',
      status: 'ok',
      settling: [{ id: '2026-12-06T11', completeAt: '2026-12-06T12:10:00.000Z' }],
    });
    const report = JSON.parse((await store.getText(summary.reportKey!))!.text);
    expect(report.current.rowCount).toBe(400);
    expect(report.features.map((feature: { name: string }) => feature.name)).toEqual(
      expect.arrayContaining(['amount', 'age', 'device', 'prediction']),
    );
  });
});

describe('runMonitorCheck history and overview', () => {
  async function historyIds(monitor: string): Promise<[string, string, string | null][]> {
    const { entries } = await readHistory(store, `monitors/${monitor}/`, () => {});
    return entries.map((entry) => [entry.id, entry.status, entry.alert]);
  }

  it('adds each check once, one entry for a stale spell, and rewrites the overview page linking each report', async () => {
    const monitor = { name: 'h', maxSnapshotAge: '2h' };
    await store.putText('monitors/h/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('h', '001', featuresCsv(1500, 2, true));
    expect(await check(monitor)).toMatchObject({ status: 'drift', overviewKey: 'monitors/h/index.html' });
    clock += HOUR;
    await snapshot('h', '002', featuresCsv(1500, 3, false));
    await check(monitor);
    expect(await check(monitor)).toMatchObject({ alreadyReported: true, overviewKey: null });
    clock += 3 * HOUR;
    expect(await check(monitor)).toMatchObject({ status: 'stale', alert: 'stale' });
    clock += HOUR;
    expect(await check(monitor)).toMatchObject({ status: 'stale', alert: null });
    expect(await historyIds('h')).toEqual([
      ['001', 'drift', 'drift'],
      ['002', 'ok', 'recovered'],
      ['stale:002', 'stale', 'stale'],
    ]);
    const overview = await readFile(join(root, 'monitors/h/index.html'), 'utf8');
    for (const href of ['reports/001/report.html', 'reports/002/report.html', 'reports/stale/report.html']) {
      expect(overview).toContain(`href="${href}"`);
    }
    expect(alerts.map((a) => a.links.overview)).toEqual(Array(3).fill(join(root, 'monitors/h/index.html')));
  });

  it('hands the report its history, this check included, and the way to the overview page', async () => {
    const monitor = { name: 't' };
    const seen: { ids: string[]; overviewHref?: string }[] = [];
    const render = (report: DriftReport, options?: HtmlReportOptions) => {
      seen.push({ ids: (options?.history ?? []).map((h) => h.id), overviewHref: options?.overviewHref });
      return `<html>${report.status}</html>`;
    };
    await store.putText('monitors/t/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('t', '001', featuresCsv(1500, 2, false));
    await check(monitor, render);
    await snapshot('t', '002', featuresCsv(1500, 3, true));
    await check(monitor, render);
    expect(seen).toEqual([
      { ids: ['001'], overviewHref: '../../index.html' },
      { ids: ['001', '002'], overviewHref: '../../index.html' },
    ]);
  });

  it(`keeps the last ${HISTORY_MAX_CHECKS} checks: a check added to a full history drops the oldest`, async () => {
    const monitor = { name: 'full' };
    const old = Array.from({ length: HISTORY_MAX_CHECKS }, (_, i) => ({
      id: `000-${String(i).padStart(4, '0')}`,
      checkedAt: new Date(clock - (HISTORY_MAX_CHECKS - i) * HOUR).toISOString(),
      status: 'ok' as const,
      alert: null,
      reportKey: null,
      driftedShare: 0,
      driftShareThreshold: 0.5,
      features: [],
    }));
    await store.putText(
      'monitors/full/history.json',
      encodeHistory('full', old, 'monitors/full/'),
      'application/json',
    );
    await store.putText('monitors/full/baseline/a.csv', featuresCsv(1500, 1, false), 'text/csv');
    await snapshot('full', '001', featuresCsv(1500, 2, false));
    await check(monitor);
    const ids = (await historyIds('full')).map(([id]) => id);
    expect(ids).toHaveLength(HISTORY_MAX_CHECKS);
    expect(ids[0]).toBe('000-0001');
    expect(ids.at(-1)).toBe('001');
  });
});
