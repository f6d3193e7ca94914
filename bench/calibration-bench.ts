/**
 * What calibrated thresholds cost a scheduled check: `runMonitorCheck` over a local store (the
 * Lambda's code path, one thread), the baseline profile cached as in production, on the bench's
 * ROWS × 20 Parquet reference against a current snapshot of CURRENT rows (the bench's drifted
 * table of that size; ROWS by default). Three timings, median of RUNS checks each, wall and CPU
 * seconds (the CPU time of this process: steadier than wall time on a shared machine), every check
 * on a new snapshot (a copy of the current file):
 *   - today's check (method defaults),
 *   - the first calibrated check (builds the calibration: 100 chunks per feature),
 *   - a calibrated check with the calibration cached (what a scheduled check pays after the first).
 *
 *   npx tsx bench/calibration-bench.ts [rows=200000] [runs=3] [current=rows]
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
const currentRows = Number(process.argv[4] ?? rows);
const dataDir = join(import.meta.dirname, 'data');
await makeData(rows, dataDir);
await makeData(currentRows, dataDir);

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

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** One scheduled check of a new copy of the current file; its wall and CPU seconds. */
async function timedCheck(monitorName: string, drift: object): Promise<Timing> {
  clock += 3_600_000;
  snapshotNumber++;
  place(
    `monitors/${monitorName}/snapshots/${String(snapshotNumber).padStart(4, '0')}.parquet`,
    join(dataDir, `current-${currentRows}.parquet`),
  );
  const config = parseConfig({ monitors: [{ name: monitorName, drift }] }, 'bench');
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

for (const name of ['today', 'calibrated'])
  place(`monitors/${name}/baseline/reference.parquet`, join(dataDir, `reference-${rows}.parquet`));
// Warm the baseline caches, as every check after a monitor's first finds them.
await timedCheck('today', {});
const today: Timing[] = [];
const building: Timing[] = [];
const cached: Timing[] = [];
for (let run = 0; run < runs; run++) {
  today.push(await timedCheck('today', {}));
  // A new calibration seed each run: the calibration is built again, the profile cache kept.
  building.push(await timedCheck('calibrated', { thresholds: 'calibrated', calibration: { seed: run + 1 } }));
  cached.push(await timedCheck('calibrated', { thresholds: 'calibrated', calibration: { seed: run + 1 } }));
}
rmSync(root, { recursive: true, force: true });
const base = { wall: median(today.map((t) => t.wall)), cpu: median(today.map((t) => t.cpu)) };
console.log(
  `\n### Calibrated thresholds in a scheduled check: ${rows.toLocaleString('en-US')} × 20 Parquet baseline, ${currentRows.toLocaleString('en-US')}-row snapshot, one thread\n`,
);
console.log('| check | wall (median) | vs today | CPU (median) | vs today |');
console.log('|---|---|---|---|---|');
for (const [label, times] of [
  ['today (method defaults)', today],
  ['calibrated, first check (builds the calibration)', building],
  ['calibrated, calibration cached', cached],
] as const) {
  const wall = median(times.map((t) => t.wall));
  const cpu = median(times.map((t) => t.cpu));
  console.log(
    `| ${label} | ${wall.toFixed(2)} s | ${(wall / base.wall).toFixed(2)}× | ${cpu.toFixed(2)} s | ${(cpu / base.cpu).toFixed(2)}× |`,
  );
}
