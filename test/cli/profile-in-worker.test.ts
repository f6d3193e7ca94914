import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../lambdas/cli/describe-error.ts';
import { loadProfile } from '../../lambdas/cli/load-profile.ts';
import { type CliIo, main } from '../../lambdas/cli/main.ts';
import {
  errorFromData,
  type ProfileJob,
  ProfilingWorker,
  type WorkerStart,
} from '../../lambdas/cli/profile-in-worker.ts';
import { defaultWorkerStart } from '../../lambdas/cli/worker-start.ts';
import { ConfigError } from '../../lambdas/config.ts';
import { SnapshotFormatError, UsageError } from '../../lambdas/core/errors.ts';
import { sortedValues } from '../../lambdas/core/profile/numeric-summary.ts';
import { ProfileFormatError } from '../../lambdas/core/profile/serialize-profile.ts';
import type { ReadProgress } from '../../lambdas/io/profile-sources.ts';
import { bundledProfileWorker } from '../support/bundled-worker.ts';
import { REPO } from './run-cli.ts';

const EXAMPLES = join(REPO, 'examples', 'data');
/** A check of the example pair, as JSON: the CLI arguments several tests run both ways. */
const exampleCheck = [
  'check',
  '--baseline',
  join(EXAMPLES, 'baseline.csv'),
  '--current',
  join(EXAMPLES, 'current.parquet'),
  '--format',
  'json',
];
const FIXTURES = join(REPO, 'test', 'fixtures');
const BAD = join(FIXTURES, 'bad');

/**
 * Most tests use the bundled worker (fast start); the tests marked "from source" run the default
 * start (tsx), which is what a developer without a build runs.
 */
let bundled: WorkerStart;
beforeAll(async () => {
  bundled = await bundledProfileWorker();
});

/**
 * `main` as the binary runs it (workers on: the bundled worker, or `source`), as the in-process
 * tests run it (off), or with a given worker start.
 */
async function run(args: readonly string[], workers: boolean | 'source' | WorkerStart) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    workers: typeof workers === 'object' ? workers : workers === 'source' ? true : workers ? bundled : false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function bothWays(args: readonly string[], workers: true | 'source' = true) {
  const [inWorkers, inProcess] = await Promise.all([run(args, workers), run(args, false)]);
  return { inWorkers, inProcess };
}

describe('driftwatch check with a worker per table', () => {
  const pairs: readonly [what: string, baseline: string, current: string, ...flags: string[]][] = [
    ['the sample data', join(EXAMPLES, 'baseline.csv'), join(EXAMPLES, 'current.parquet')],
    [
      'the sample data with KS on every numeric column',
      join(EXAMPLES, 'baseline.csv'),
      join(EXAMPLES, 'no-drift.csv'),
      '--numeric-method',
      'ks',
    ],
    [
      'a Parquet table against its part files',
      join(FIXTURES, 'parquet', 'duckdb-snappy.parquet'),
      join(FIXTURES, 'parts', 'parquet'),
    ],
    [
      'a CSV table against CSV part files',
      join(FIXTURES, 'csv', 'comma.csv'),
      join(FIXTURES, 'parts', 'csv'),
    ],
    [
      'a Parquet table against a CSV table',
      join(FIXTURES, 'parquet', 'hyparquet-writer-snappy.parquet'),
      join(FIXTURES, 'csv', 'comma.csv'),
    ],
  ];
  for (const [what, baseline, current, ...flags] of pairs) {
    it(`reports exactly what the in-process check reports on ${what}`, async () => {
      const args = ['check', '--baseline', baseline, '--current', current, '--format', 'json', ...flags];
      const { inWorkers, inProcess } = await bothWays(args);
      expect(inProcess.stderr).toBe('');
      expect(inWorkers).toEqual(inProcess);
      expect(JSON.parse(inWorkers.stdout).features.length).toBeGreaterThan(0);
    });
  }

  it('reports the same from source (workers loading TypeScript through tsx) as in-process', async () => {
    const { inWorkers, inProcess } = await bothWays(exampleCheck, 'source');
    expect(inProcess.stderr).toBe('');
    expect(inWorkers).toEqual(inProcess);
  });

  it('falls back to reading in this thread, and says so, when the worker cannot start', async () => {
    const missing: WorkerStart = { script: pathToFileURL(join(tmpdir(), 'no-such-worker.mjs')), eval: false };
    const { code, stdout, stderr } = await run(exampleCheck, missing);
    const inProcess = await run(exampleCheck, false);
    expect({ code, stdout }).toEqual({ code: inProcess.code, stdout: inProcess.stdout });
    expect(stderr).toMatch(/profiling worker failed: .*; reading .*baseline\.csv in this thread/);
    expect(stderr).toMatch(/reading .*current\.parquet in this thread/);
  });

  it('checks again in this thread, and says so, when a worker dies while sorting', async () => {
    // The real worker, ending its thread instead of sending back its first sorted column.
    const dying: WorkerStart = {
      script: `const { parentPort } = require('node:worker_threads');
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message, transfer) => (message.type === 'sorted' ? process.exit(3) : post(message, transfer));
import(${JSON.stringify(bundled.script.toString())});`,
      eval: true,
    };
    const { code, stdout, stderr } = await run(exampleCheck, dying);
    const inProcess = await run(exampleCheck, false);
    expect({ code, stdout }).toEqual({ code: inProcess.code, stdout: inProcess.stdout });
    expect(stderr).toMatch(/profiling worker exited \(3\).*; checking again in this thread/);
  });

  it('takes a saved profile as the baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-worker-'));
    const saved = join(dir, 'baseline.json');
    expect((await run(['profile', join(EXAMPLES, 'baseline.csv'), '-o', saved], false)).code).toBe(0);
    const args = [
      'check',
      '--baseline',
      saved,
      '--current',
      join(EXAMPLES, 'current.parquet'),
      '--format',
      'json',
    ];
    const { inWorkers, inProcess } = await bothWays(args);
    expect(inProcess.stderr).toBe('');
    expect(inWorkers).toEqual(inProcess);
  });

  const refused = ['ragged.csv', 'truncated.parquet', 'data.xlsx', 'no-such-file.csv'];
  for (const file of refused) {
    it(`exits 2 with the in-process message when a worker cannot read ${file}`, async () => {
      const args = ['check', '--baseline', join(EXAMPLES, 'baseline.csv'), '--current', join(BAD, file)];
      const { inWorkers, inProcess } = await bothWays(args);
      expect(inProcess.code).toBe(2);
      expect(inWorkers).toEqual(inProcess);
      expect(inWorkers.stderr).not.toMatch(/unexpected error|\n\s+at /);
    });
  }

  it('exits 2 with the in-process message when a saved baseline profile is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-worker-'));
    const saved = join(dir, 'baseline.json');
    writeFileSync(saved, '{"format":"driftwatch-profile","version":99}');
    const args = ['check', '--baseline', saved, '--current', join(EXAMPLES, 'current.parquet')];
    const { inWorkers, inProcess } = await bothWays(args, 'source');
    expect(inProcess.stderr).toMatch(/profile version 99/);
    expect(inWorkers).toEqual(inProcess);
  });

  it("names the baseline's problem first when both tables are bad, as the sequential read does", async () => {
    const args = ['check', '--baseline', join(BAD, 'ragged.csv'), '--current', join(BAD, 'empty.csv')];
    const { inWorkers, inProcess } = await bothWays(args);
    expect(inProcess.stderr).toMatch(/ragged\.csv/);
    expect(inWorkers).toEqual(inProcess);
  });
});

/** One table profiled by a worker of its own, closed afterwards. */
async function profileInWorker(
  job: ProfileJob,
  onProgress?: (progress: ReadProgress) => void,
  start: WorkerStart = defaultWorkerStart(),
): Promise<Awaited<ReturnType<ProfilingWorker['profile']>>> {
  const worker = new ProfilingWorker(start);
  try {
    return await worker.profile(job, onProgress);
  } finally {
    worker.close();
  }
}

describe('a profiling worker', () => {
  const table = join(EXAMPLES, 'baseline.csv');
  let inProcess: Awaited<ReturnType<typeof loadProfile>>;
  beforeAll(async () => {
    inProcess = await loadProfile(table, {});
  });

  it('hands back the profile a read in this thread makes, typed arrays included', async () => {
    // From source: the typed arrays cross the thread boundary the same way in both starts.
    const profile = await profileInWorker({ path: table, reading: {}, progress: false, sortInPlace: false });
    expect(profile).toEqual(inProcess);
    expect(profile.columns.some((c) => c.numbers.values instanceof Float64Array && c.numbers.size > 0)).toBe(
      true,
    );
  });

  it('sorts the kept values in the worker, giving the sort the compare would have done', async () => {
    const profile = await profileInWorker(
      { path: table, reading: {}, progress: false, sortInPlace: true },
      undefined,
      bundled,
    );
    let sortedColumns = 0;
    for (const [i, column] of profile.columns.entries()) {
      const expected = inProcess.columns[i];
      for (const key of ['numbers', 'datetimes'] as const) {
        const summary = column[key];
        if (summary.size < 2) continue;
        sortedColumns++;
        expect(summary.sorted).toBeDefined();
        expect(sortedValues(summary)).toBe(summary.sorted);
        expect(summary.sorted).toEqual(sortedValues(expected[key]));
        const { values, sorted, ...rest } = summary;
        const { values: _v, sorted: _s, ...expectedRest } = expected[key];
        expect(rest).toEqual(expectedRest);
      }
    }
    expect(sortedColumns).toBeGreaterThan(0);
  });

  it('reports progress after each batch when asked', async () => {
    const seen: number[] = [];
    await profileInWorker(
      { path: table, reading: {}, progress: true, sortInPlace: true },
      (p) => seen.push(p.rows),
      bundled,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(inProcess.rowCount);
  });
});

describe('errorFromData', () => {
  it('rebuilds the error classes the CLI words for users, with the same words', () => {
    const errors: Error[] = [
      new SnapshotFormatError('a.csv', 'row 3', 'expected 2 fields, found 1'),
      new SnapshotFormatError('a.csv', null, 'the file is empty'),
      new UsageError('--threshold must be a positive number'),
      new ConfigError('m.json: invalid drift settings'),
      new ProfileFormatError('p.json: not JSON'),
      Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/x/y.csv' }),
      new RangeError('something else'),
    ];
    for (const error of errors) {
      const errno = error as NodeJS.ErrnoException & {
        source?: string;
        location?: string | null;
        problem?: string;
      };
      const rebuilt = errorFromData({
        name: error.name,
        message: error.message,
        ...(errno.code ? { code: errno.code, path: errno.path } : {}),
        ...(error instanceof SnapshotFormatError
          ? { source: errno.source, location: errno.location, problem: errno.problem }
          : {}),
      });
      expect(describeError(rebuilt)).toBe(describeError(error));
      expect(rebuilt.name).toBe(error instanceof RangeError ? 'Error' : error.name);
    }
  });
});
