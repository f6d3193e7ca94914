/**
 * Times `driftwatch check` against its peers on the same files, in the same script: DuckDB
 * (npm, one thread) full-drift SQL and two profile-only references — our aggregate query
 * (duckdb-profile.ts: counts, moments, min/max, value counts) and DuckDB's own `SUMMARIZE`
 * (duckdb-summarize.ts: adds approximate quantiles and distinct counts) — and the pandas + scipy script (Debian
 * packages; CSV only — Debian has no pyarrow, so pandas reads no Parquet, and its CSV time is
 * the one compared in the Parquet rows too). Wall seconds and peak RSS as the OS accounts them
 * (/usr/bin/time), median of RUNS runs, and the ratios. Not a test: the table goes into
 * docs/performance.md.
 * driftwatch runs as users run it, `node bin/driftwatch.mjs` (the esbuild bundle, built first if
 * missing or stale), with a worker per table; the "1 core" column sets DRIFTWATCH_WORKERS=0.
 *
 *   npx tsx bench/check-bench.ts [rows=1000000] [runs=3] [sections=pair,wide,parts,lambda,multivariate]
 *
 * pair: the ROWS × 20 pair, Parquet and CSV (default check, and KS on every numeric column);
 * wide: 100k × 500; parts: the current snapshot as 10 part files of ROWS rows vs one file
 * (flat memory); lambda: a scheduled check against a saved baseline profile, with the Lambda
 * GB-seconds and cost it implies; multivariate: what multivariate drift adds to the pair's check,
 * as the ratio of runs with and without it (`--multivariate`, `--no-multivariate`) taken in turn
 * on the same files, with the machine's load average beside them (not in the default sections).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript module without type declarations
import { freshBundle } from '../bin/fresh-bundle.mjs';
import { CLI_ENV } from '../lambdas/environment-variables.ts';
import { makeData, makeParts, makeWide } from './make-data.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const sections = new Set((process.argv[4] ?? 'pair,wide,parts,lambda').split(','));
const dataDir = join(import.meta.dirname, 'data');
const repo = join(import.meta.dirname, '..');

interface Timing {
  wall: number;
  rssMiB: number;
}

if ((freshBundle as (root: string) => string | null)(repo) === null) {
  spawnSync('node', ['scripts/bundle-cli.mjs'], { cwd: repo, stdio: 'inherit' });
}

/**
 * A peer's run is stopped after this long (its whole process group, by `timeout`): DuckDB's
 * profile-only query on the wide CSV runs for many minutes. Such a cell reads
 * "stopped after … s", and its ratio is a lower bound.
 */
const PEER_TIMEOUT_S = 180;

function timeOnce(command: string[], env: Record<string, string> = {}, timeoutS?: number): Timing {
  const bounded =
    timeoutS === undefined ? command : ['/usr/bin/timeout', '-s', 'KILL', String(timeoutS), ...command];
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...bounded], {
    cwd: repo,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, rssKiB] = last.split(' ').map(Number);
  // timeout's status when it had to kill: 128 + 9.
  if (timeoutS !== undefined && result.status === 137)
    return { wall: Number.POSITIVE_INFINITY, rssMiB: Number.NaN };
  // driftwatch exits 1 when it finds drift: a finished check.
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  return { wall, rssMiB: rssKiB / 1024 };
}

function median(command: string[], env: Record<string, string> = {}, timeoutS?: number): Timing {
  const timings: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    const timing = timeOnce(command, env, timeoutS);
    // A stopped run is not repeated: the next would be stopped too.
    if (!Number.isFinite(timing.wall)) return timing;
    timings.push(timing);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(timings.map((t) => t.wall)), rssMiB: mid(timings.map((t) => t.rssMiB)) };
}

const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const checkWith = (env: Record<string, string>, baseline: string, current: string, ...flags: string[]) =>
  median(
    [
      'node',
      'bin/driftwatch.mjs',
      'check',
      '--baseline',
      baseline,
      '--current',
      current,
      '--format',
      'json',
      '--out',
      '/dev/null',
      ...flags,
    ],
    env,
  );
const check = (baseline: string, current: string, ...flags: string[]) =>
  checkWith({}, baseline, current, ...flags);
const checkOneCore = (baseline: string, current: string, ...flags: string[]) =>
  checkWith({ [CLI_ENV.workers]: '0' }, baseline, current, ...flags);
const peer = (command: string[]) => median(command, {}, PEER_TIMEOUT_S);
const duckProfile = (ref: string, cur: string) => peer([tsx, 'bench/duckdb-profile.ts', ref, cur]);
const duckSummarize = (ref: string, cur: string) => peer([tsx, 'bench/duckdb-summarize.ts', ref, cur]);
const duckDrift = (ref: string, cur: string) => peer([tsx, 'bench/duckdb-drift.ts', ref, cur]);
const pandas = (ref: string, cur: string) => peer(['/usr/bin/python3', 'bench/pandas-check.py', ref, cur]);

const show = (t: Timing) =>
  Number.isFinite(t.wall)
    ? `${t.wall.toFixed(2)} s, ${t.rssMiB.toFixed(0)} MiB`
    : `stopped after ${PEER_TIMEOUT_S} s`;
const ratio = (peer: Timing, ours: Timing) =>
  Number.isFinite(peer.wall)
    ? `${(peer.wall / ours.wall).toFixed(1)}×`
    : `> ${(PEER_TIMEOUT_S / ours.wall).toFixed(0)}×`;

function row(cells: string[]): void {
  console.log(`| ${cells.join(' | ')} |`);
}

async function pairTable(
  label: string,
  refOf: (f: string) => string,
  curOf: (f: string) => string,
): Promise<void> {
  console.log(`\n### ${label}, median of ${runs} runs (peer ÷ driftwatch in brackets)\n`);
  row([
    'format',
    'driftwatch check',
    'driftwatch --numeric-method ks',
    'same, 1 core',
    'pandas + scipy (CSV)',
    'DuckDB full drift, 1 thread',
    'DuckDB profile-only query, 1 thread',
    'DuckDB SUMMARIZE, 1 thread',
  ]);
  row(['---', '---', '---', '---', '---', '---', '---', '---']);
  const pandasTiming = pandas(refOf('csv'), curOf('csv'));
  for (const format of ['parquet', 'csv']) {
    const ref = refOf(format);
    const cur = curOf(format);
    const ours = check(ref, cur);
    const ks = check(ref, cur, '--numeric-method', 'ks');
    const ksOneCore = checkOneCore(ref, cur, '--numeric-method', 'ks');
    const drift = duckDrift(ref, cur);
    const profile = duckProfile(ref, cur);
    const summarize = duckSummarize(ref, cur);
    row([
      format,
      show(ours),
      show(ks),
      show(ksOneCore),
      `${show(pandasTiming)} (${ratio(pandasTiming, ks)})`,
      `${show(drift)} (${ratio(drift, ks)})`,
      `${show(profile)} (${ratio(profile, ks)})`,
      `${show(summarize)} (${ratio(summarize, ks)})`,
    ]);
  }
}

if (sections.has('pair')) {
  await makeData(rows, dataDir);
  await pairTable(
    `${rows} rows × 20 columns`,
    (f) => join(dataDir, `reference-${rows}.${f}`),
    (f) => join(dataDir, `current-${rows}.${f}`),
  );
}

if (sections.has('wide')) {
  const wideRows = 100_000;
  await makeWide(wideRows, dataDir);
  await pairTable(
    `${wideRows} rows × 500 columns`,
    (f) => join(dataDir, `wide-reference-${wideRows}.${f}`),
    (f) => join(dataDir, `wide-current-${wideRows}.${f}`),
  );
}

if (sections.has('parts')) {
  await makeData(rows, dataDir);
  const parts = 10;
  const folder = await makeParts(rows, parts, dataDir);
  const ref = join(dataDir, `reference-${rows}.parquet`);
  console.log(
    `\n### Flat memory: current snapshot of ${rows} rows vs ${parts} part files × ${rows} rows (Parquet)\n`,
  );
  row(['current', 'driftwatch check', 'peak RSS vs one file']);
  row(['---', '---', '---']);
  const one = check(ref, join(dataDir, `current-${rows}.parquet`));
  const many = check(ref, folder);
  row([`1 file, ${rows} rows`, show(one), '1.00']);
  row([`${parts} files, ${rows * parts} rows`, show(many), (many.rssMiB / one.rssMiB).toFixed(2)]);
}

if (sections.has('lambda')) {
  await makeData(rows, dataDir);
  const profile = join(dataDir, `reference-${rows}.profile`);
  timeOnce([
    'node',
    'bin/driftwatch.mjs',
    'profile',
    join(dataDir, `reference-${rows}.parquet`),
    '-o',
    profile,
  ]);
  // One thread, as the check Lambda runs it (it profiles in-process; workers are the CLI's).
  const scheduled = checkOneCore(profile, join(dataDir, `current-${rows}.parquet`));
  // Lambda arm64 price (us-east-1, 2026): $0.0000133334 per GB-second; 1769 MB is one full vCPU,
  // the share this single-threaded check was measured with here.
  const memoryMb = 1769;
  const gbSeconds = (memoryMb / 1024) * scheduled.wall;
  console.log(`\n### Scheduled check: saved baseline profile + ${rows}-row Parquet snapshot\n`);
  row(['wall', 'peak RSS', 'Lambda memory', 'GB-seconds', 'cost per check']);
  row(['---', '---', '---', '---', '---']);
  row([
    `${scheduled.wall.toFixed(2)} s`,
    `${scheduled.rssMiB.toFixed(0)} MiB`,
    `${memoryMb} MB`,
    gbSeconds.toFixed(2),
    `$${(gbSeconds * 0.0000133334).toFixed(6)}`,
  ]);
}

if (sections.has('multivariate')) {
  await makeData(rows, dataDir);
  console.log(
    `\n### Multivariate drift on the ${rows} × 20 pair: check with ÷ without, median of ${runs} runs each, taken in turn\n`,
  );
  row([
    'format',
    'workers',
    'wall without',
    'wall with',
    'wall ratio',
    'CPU without',
    'CPU with',
    'CPU ratio',
    'load average (1 min) before / after',
  ]);
  row(['---', '---', '---', '---', '---', '---', '---', '---', '---']);
  for (const format of ['parquet', 'csv']) {
    const ref = join(dataDir, `reference-${rows}.${format}`);
    const cur = join(dataDir, `current-${rows}.${format}`);
    for (const [label, env] of [
      ['a worker per table', {}],
      ['1 core', { [CLI_ENV.workers]: '0' }],
    ] as const) {
      const before = loadavg()[0];
      const without: CpuTiming[] = [];
      const withIt: CpuTiming[] = [];
      // In turn, so a change of the machine's load falls on both sides alike.
      for (let run = 0; run < runs; run++) {
        without.push(cpuTimed(env, ref, cur, '--no-multivariate'));
        withIt.push(cpuTimed(env, ref, cur, '--multivariate'));
      }
      const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const wall = [mid(without.map((t) => t.wall)), mid(withIt.map((t) => t.wall))];
      const cpu = [mid(without.map((t) => t.cpu)), mid(withIt.map((t) => t.cpu))];
      row([
        format,
        label,
        `${wall[0].toFixed(2)} s`,
        `${wall[1].toFixed(2)} s`,
        (wall[1] / wall[0]).toFixed(3),
        `${cpu[0].toFixed(2)} s`,
        `${cpu[1].toFixed(2)} s`,
        (cpu[1] / cpu[0]).toFixed(3),
        `${before.toFixed(2)} / ${loadavg()[0].toFixed(2)}`,
      ]);
    }
  }
}

interface CpuTiming {
  readonly wall: number;
  /** User + system seconds of the process and its threads: what the check itself burnt, less moved by a shared machine's load than wall time. */
  readonly cpu: number;
}

function cpuTimed(env: Record<string, string>, baseline: string, current: string, flag: string): CpuTiming {
  const command = [
    'node',
    'bin/driftwatch.mjs',
    'check',
    '--baseline',
    baseline,
    '--current',
    current,
    '--format',
    'json',
    '--out',
    '/dev/null',
    flag,
  ];
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...command], {
    cwd: repo,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  const [wall, user, system] = (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wall, cpu: user + system };
}
