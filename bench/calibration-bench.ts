/**
 * What calibrated thresholds cost a scheduled check: `runMonitorCheck` over a local store (the
 * Lambda's code path, one thread), the baseline profile cached as in production, on the bench's
 * ROWS × 20 Parquet pair. Three timings, median of RUNS checks each, every check on a new snapshot
 * (a copy of the current file):
 *   - today's check (method defaults),
 *   - the first calibrated check (builds the calibration: 100 chunks per feature),
 *   - a calibrated check with the calibration cached (what a scheduled check pays after the first).
 *
 *   npx tsx bench/calibration-bench.ts [rows=200000] [runs=3]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../lambdas/config.ts';
import { LocalStore } from '../lambdas/io/local-store.ts';
import { runMonitorCheck } from '../lambdas/monitor-check/run-monitor-check.ts';
import { makeData } from './make-data.ts';

const rows = Number(process.argv[2] ?? 200_000);
const runs = Number(process.argv[3] ?? 3);
const dataDir = join(import.meta.dirname, 'data');
await makeData(rows, dataDir);

const root = mkdtempSync(join(tmpdir(), 'calibration-bench-'));
const store = new LocalStore(root);
let snapshotNumber = 0;
let clock = Date.now();

function place(key: string, file: string): void {
  const path = join(root, key);
  mkdirSync(join(path, '..'), { recursive: true });
  copyFileSync(file, path);
  utimesSync(path, new Date(clock), new Date(clock));
}

/** One scheduled check of a new copy of the current file; its wall seconds. */
async function timedCheck(monitorName: string, drift: object): Promise<number> {
  clock += 3_600_000;
  snapshotNumber++;
  place(
    `monitors/${monitorName}/snapshots/${String(snapshotNumber).padStart(4, '0')}.parquet`,
    join(dataDir, `current-${rows}.parquet`),
  );
  const config = parseConfig({ monitors: [{ name: monitorName, drift }] }, 'bench');
  const started = performance.now();
  await runMonitorCheck({
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics: { put: async () => {} },
    alerts: { publish: async () => {} },
    now: () => new Date(clock),
    renderHtml: () => '',
  });
  return (performance.now() - started) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

for (const name of ['today', 'calibrated'])
  place(`monitors/${name}/baseline/reference.parquet`, join(dataDir, `reference-${rows}.parquet`));
// Warm the baseline caches, as every check after a monitor's first finds them.
await timedCheck('today', {});
const today: number[] = [];
const building: number[] = [];
const cached: number[] = [];
for (let run = 0; run < runs; run++) {
  today.push(await timedCheck('today', {}));
  // A new calibration seed each run: the calibration is built again, the profile cache kept.
  building.push(await timedCheck('calibrated', { thresholds: 'calibrated', calibration: { seed: run + 1 } }));
  cached.push(await timedCheck('calibrated', { thresholds: 'calibrated', calibration: { seed: run + 1 } }));
}
rmSync(root, { recursive: true, force: true });
const base = median(today);
console.log(
  `\n### Calibrated thresholds in a scheduled check: ${rows.toLocaleString('en-US')} × 20 Parquet, one thread\n`,
);
console.log('| check | wall (median) | vs today |');
console.log('|---|---|---|');
for (const [label, times] of [
  ['today (method defaults)', today],
  ['calibrated, first check (builds the calibration)', building],
  ['calibrated, calibration cached', cached],
] as const) {
  console.log(`| ${label} | ${median(times).toFixed(2)} s | ${(median(times) / base).toFixed(2)}× |`);
}
