/**
 * Times `driftwatch check` on a ROWS × 20 pair (Parquet and CSV) against DuckDB's
 * profile-only query (one thread) on the same files, in the same script: wall seconds and
 * peak RSS as the OS accounts them (/usr/bin/time), median of RUNS runs, and the ratio.
 *
 *   npx tsx bench/check-bench.ts [rows=1000000] [runs=3]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeData } from './make-data.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const dataDir = join(import.meta.dirname, 'data');
const repo = join(import.meta.dirname, '..');
await makeData(rows, dataDir);

interface Timing {
  wall: number;
  rssMiB: number;
}

function timeOnce(command: string[]): Timing {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { cwd: repo, encoding: 'utf8' });
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, rssKiB] = last.split(' ').map(Number);
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  return { wall, rssMiB: rssKiB / 1024 };
}

function median(command: string[]): Timing {
  const timings = Array.from({ length: runs }, () => timeOnce(command));
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(timings.map((t) => t.wall)), rssMiB: mid(timings.map((t) => t.rssMiB)) };
}

const tsx = join(repo, 'node_modules', '.bin', 'tsx');
console.log(`${rows} rows × 20 columns, median of ${runs} runs`);
console.log('format   | driftwatch check      | duckdb profile-only (1 thread) | ratio');
for (const format of ['parquet', 'csv']) {
  const ref = join(dataDir, `reference-${rows}.${format}`);
  const cur = join(dataDir, `current-${rows}.${format}`);
  const check = median([
    'node',
    'bin/driftwatch.mjs',
    'check',
    '--baseline',
    ref,
    '--current',
    cur,
    '--format',
    'json',
    '--out',
    '/dev/null',
  ]);
  const duck = median([tsx, 'bench/duckdb-profile.ts', ref, cur]);
  console.log(
    `${format.padEnd(8)} | ${check.wall.toFixed(2)} s, ${check.rssMiB.toFixed(0)} MiB`.padEnd(33) +
      `| ${duck.wall.toFixed(2)} s, ${duck.rssMiB.toFixed(0)} MiB`.padEnd(33) +
      `| ${(check.wall / duck.wall).toFixed(2)}×`,
  );
}
