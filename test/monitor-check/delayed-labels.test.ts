import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import type { SnapshotStore } from '../../lambdas/io/snapshot-store.ts';
import type { LabelsState } from '../../lambdas/monitor-check/labels-state.ts';
import { type CheckSummary, runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import { type ClassifierRow, classifierCsv, classifierRows } from '../support/classifier-rows.ts';

// Delayed labels on a local store folder (what `driftwatch run` reads): the window, and what a
// run that dies or meets another run leaves behind. The same code runs in the Lambda
// (test/check/delayed-labels.e2e.test.ts).

const DAY = 86_400_000;
const MONITOR = {
  name: 'm',
  drift: {
    columns: { id: 'id', target: 'label', prediction: 'predicted' },
    exclude: ['score'],
    model: { task: 'classification', positiveClass: 1, metrics: ['accuracy'], labelWindowDays: 10 },
  },
};

let root: string;
let store: LocalStore;
let clock: number;
let alerts: AlertContent[];

function check(options: { store?: SnapshotStore; publish?: (alert: AlertContent) => Promise<void> } = {}) {
  const config = parseConfig({ monitors: [MONITOR] }, 'test');
  return runMonitorCheck({
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: options.store ?? store,
    stateStore: options.store ?? store,
    metrics: { put: async () => {} },
    alerts: { publish: options.publish ?? (async (alert) => void alerts.push(alert)) },
    now: () => new Date(clock),
    renderHtml: (report) => `<html>${report.status}</html>`,
  });
}

/** Writes a file under the monitor's folder, dated `at`. */
async function write(key: string, text: string, at = clock): Promise<void> {
  await store.putText(`monitors/m/${key}`, text, 'text/csv');
  await utimes(join(root, 'monitors/m', key), new Date(at), new Date(at));
}

function labelsCsv(rows: readonly ClassifierRow[]): string {
  return `${['id,label', ...rows.map((r) => `${r.id},${r.label}`)].join('\n')}\n`;
}

async function labelsState(): Promise<LabelsState> {
  return JSON.parse(await readFile(join(root, 'monitors/m/labels.json'), 'utf8')) as LabelsState;
}

const bad = classifierRows(600, 0.5, 3, 5000);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'delayed-labels-'));
  store = new LocalStore(root);
  clock = Date.now();
  alerts = [];
  await write('baseline/train.csv', classifierCsv(classifierRows(2000, 0.9, 1)));
  await write('snapshots/2026-12-02.csv', classifierCsv(bad, false));
  expect(await check()).toMatchObject({ snapshotId: '2026-12-02', alert: null });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('delayed labels on a store folder', () => {
  it('does not read snapshots or label batches older than model.labelWindowDays', async () => {
    const old = classifierRows(600, 0.5, 4, 9000);
    await write('snapshots/2026-11-01.csv', classifierCsv(old, false), clock - 11 * DAY);
    await write('labels/old.csv', labelsCsv(bad), clock - 11 * DAY);
    await write('labels/new.csv', labelsCsv(old));
    const summary = await check();
    // The old snapshot is out of the window: its labels have nothing to join (unmatched), and the
    // old batch is not read at all, so the snapshot in the window has no label yet.
    expect(summary.labels).toMatchObject({
      batches: 1,
      evaluated: [],
      join: { labelRows: 600, matched: 0, unmatched: 600 },
    });
    expect((await labelsState()).snapshots).toEqual({
      '2026-12-02': expect.objectContaining({ labelled: 0, evaluated: false }),
    });
  });

  it('does not judge a snapshot below model.minLabelCoverage, and says so', async () => {
    await write('labels/part.csv', labelsCsv(bad.slice(0, 400)));
    expect((await check()).labels).toMatchObject({ evaluated: [], alerts: [] });
    expect((await labelsState()).snapshots['2026-12-02']).toMatchObject({
      rows: 600,
      labelled: 400,
      evaluated: false,
      notEvaluated: '67% of its predictions have a label; judged from 80% (model.minLabelCoverage)',
    });
  });

  it('publishes a claimed alert on the next run when the run that claimed it died before publishing', async () => {
    await write('labels/all.csv', labelsCsv(bad));
    const failing = async () => {
      throw new Error('SNS unavailable (injected)');
    };
    await expect(check({ publish: failing })).rejects.toThrow(/SNS unavailable/);
    expect((await labelsState()).snapshots['2026-12-02']).toMatchObject({ degraded: true, alert: 'claimed' });
    const next = await check();
    expect(next.labels).toMatchObject({ newBatches: 0, alerts: ['2026-12-02'] });
    expect(alerts.map((alert) => alert.reason)).toEqual(['model_degraded']);
    expect((await labelsState()).snapshots['2026-12-02']).toMatchObject({ alert: 'sent' });
    expect((await check()).labels).toMatchObject({ alerts: [] });
    expect(alerts).toHaveLength(1);
  });

  it('alerts once when another run joins the same batches between this run reading and claiming', async () => {
    await write('labels/all.csv', labelsCsv(bad));
    let other: Promise<CheckSummary> | null = null;
    // The first write of labels.json by run A lets run B do its whole run first.
    const racing: SnapshotStore = Object.assign(Object.create(store) as LocalStore, {
      putText: async (...args: Parameters<SnapshotStore['putText']>) => {
        if (args[0].endsWith('labels.json') && other === null) {
          other = check();
          await other;
        }
        return store.putText(...args);
      },
    });
    const first = await check({ store: racing });
    expect((await other!).labels).toMatchObject({ alerts: ['2026-12-02'] });
    expect(first.labels).toMatchObject({ alerts: [] });
    expect(alerts.map((alert) => alert.reason)).toEqual(['model_degraded']);
  });

  it('joins a batch again when it is rewritten (a new ETag), but never alerts a snapshot twice', async () => {
    await write('labels/all.csv', labelsCsv(bad));
    expect((await check()).labels).toMatchObject({ alerts: ['2026-12-02'] });
    await write('labels/all.csv', `${labelsCsv(bad)}nobody,1\n`);
    expect((await check()).labels).toMatchObject({
      newBatches: 1,
      evaluated: ['2026-12-02'],
      alerts: [],
      join: { unmatched: 1 },
    });
    expect(alerts).toHaveLength(1);
  });
});
