import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../lambdas/cli/load-profile.ts';
import { ProfilingWorker, type WorkerStart } from '../../lambdas/cli/profile-in-worker.ts';
import { sortAhead, sortWhileWaiting } from '../../lambdas/cli/sort-ahead.ts';
import { compare } from '../../lambdas/core/compare.ts';
import { makePolicy } from '../../lambdas/core/policy.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { profileToBytes } from '../../lambdas/core/profile/serialize-profile.ts';
import { bundledProfileWorker } from '../support/bundled-worker.ts';
import { REPO } from './run-cli.ts';

const EXAMPLES = join(REPO, 'examples', 'data');

let bundled: WorkerStart;
beforeAll(async () => {
  bundled = await bundledProfileWorker();
});

let workers: ProfilingWorker[] = [];
afterEach(() => {
  for (const worker of workers) worker.close();
  workers = [];
});

/** Every kept-values array of a profile, sorted, by column and field. */
function sortedKept(profile: Profile): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const column of profile.columns) {
    for (const field of ['numbers', 'datetimes'] as const) {
      const summary = column[field];
      if (summary.size > 0)
        out[`${column.name}.${field}`] = [...summary.values.subarray(0, summary.size)].sort((a, b) => a - b);
    }
  }
  return out;
}

/** The example pair, profiled (each call a new pair, to compare a sorted-ahead one with a plain one). */
const readExamplePair = () =>
  Promise.all([
    loadProfile(join(EXAMPLES, 'baseline.csv'), {}),
    loadProfile(join(EXAMPLES, 'current.parquet'), {}),
  ]);

describe('sortAhead', () => {
  const policy = makePolicy({ methodByKind: { numeric: 'ks' } });

  it('sorts every kept array in the workers and gives the report the compare alone gives', async () => {
    const [baseline, current] = await readExamplePair();
    const [plainBaseline, plainCurrent] = await readExamplePair();
    const expectedKept = [sortedKept(baseline), sortedKept(current)];
    workers = [new ProfilingWorker(bundled), new ProfilingWorker(bundled)];
    const precomputed = await sortAhead(baseline, current, policy, workers);

    expect(precomputed.size).toBeGreaterThan(0);
    for (const [, entry] of precomputed) expect(entry.method).toBe('ks');
    for (const [i, profile] of [baseline, current].entries()) {
      for (const column of profile.columns) {
        for (const field of ['numbers', 'datetimes'] as const) {
          const summary = column[field];
          if (summary.size < 2) continue;
          expect(summary.sorted, `${column.name}.${field}`).toBeDefined();
          expect([...(summary.sorted ?? [])]).toEqual(expectedKept[i][`${column.name}.${field}`]);
        }
      }
    }
    expect(compare(baseline, current, policy, precomputed)).toEqual(
      compare(plainBaseline, plainCurrent, policy),
    );
  });

  it('copies the values of a saved profile, whose columns share one buffer, and leaves the others intact', async () => {
    const table = await loadProfile(join(EXAMPLES, 'baseline.csv'), {});
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-sort-ahead-'));
    const saved = join(dir, 'baseline.profile');
    writeFileSync(saved, profileToBytes(table));
    const baseline = await loadProfile(saved, {});
    const current = await loadProfile(join(EXAMPLES, 'no-drift.csv'), {});
    const expected = sortedKept(baseline);
    workers = [new ProfilingWorker(bundled)];
    await sortAhead(baseline, current, policy, workers);
    expect(sortedKept(baseline)).toEqual(expected);
    const reread = await loadProfile(saved, {});
    expect(compare(baseline, current, policy)).toEqual(
      compare(reread, await loadProfile(join(EXAMPLES, 'no-drift.csv'), {}), policy),
    );
  });

  it('sorts in this thread when no worker is available', async () => {
    const baseline = await loadProfile(join(EXAMPLES, 'baseline.csv'), {});
    const current = await loadProfile(join(EXAMPLES, 'current.parquet'), {});
    const expected = sortedKept(current);
    expect((await sortAhead(baseline, current, policy, [])).size).toBe(0);
    const numeric = current.columns.filter((c) => c.numbers.size > 1);
    expect(numeric.length).toBeGreaterThan(0);
    for (const column of numeric) expect(column.numbers.sorted).toBeDefined();
    expect(sortedKept(current)).toEqual(expected);
  });

  it('fails with WorkerUnavailableError when its worker cannot run', async () => {
    const baseline = await loadProfile(join(EXAMPLES, 'baseline.csv'), {});
    const current = await loadProfile(join(EXAMPLES, 'current.parquet'), {});
    workers = [
      new ProfilingWorker({ script: pathToFileURL(join(tmpdir(), 'no-such-worker.mjs')), eval: false }),
    ];
    await expect(sortAhead(baseline, current, policy, workers)).rejects.toThrow(/profiling worker/);
  });

  it('sorts one table while the other is read, stops when it arrives, and sortAhead finishes the rest', async () => {
    const [baseline, current] = await readExamplePair();
    const [plainBaseline, plainCurrent] = await readExamplePair();
    workers = [new ProfilingWorker(bundled), new ProfilingWorker(bundled)];
    const candidates = baseline.columns.filter((c) => c.numbers.size > 1).length;
    expect(candidates).toBeGreaterThan(1);
    let asked = 0;
    // The other table "arrives" after two columns are sorted.
    await sortWhileWaiting(baseline, workers[0], () => asked++ >= 2);
    const sortedEarly = baseline.columns.filter((c) => c.numbers.sorted !== undefined).length;
    expect(sortedEarly).toBe(2);
    await sortWhileWaiting(current, workers[1], () => true);
    expect(current.columns.every((c) => c.numbers.sorted === undefined)).toBe(true);
    const precomputed = await sortAhead(baseline, current, policy, workers);
    expect(precomputed.size).toBeGreaterThan(0);
    expect(compare(baseline, current, policy, precomputed)).toEqual(
      compare(plainBaseline, plainCurrent, policy),
    );
  });

  it('only runs the methods when both tables were sorted while waiting', async () => {
    const baseline = await loadProfile(join(EXAMPLES, 'baseline.csv'), {});
    const current = await loadProfile(join(EXAMPLES, 'current.parquet'), {});
    const plain = compare(
      await loadProfile(join(EXAMPLES, 'baseline.csv'), {}),
      await loadProfile(join(EXAMPLES, 'current.parquet'), {}),
      policy,
    );
    workers = [new ProfilingWorker(bundled), new ProfilingWorker(bundled)];
    await sortWhileWaiting(baseline, workers[0], () => false);
    await sortWhileWaiting(current, workers[1], () => false);
    const precomputed = await sortAhead(baseline, current, policy, workers);
    expect([...precomputed.keys()].sort()).toEqual(
      plain.features
        .filter((f) => f.method === 'ks')
        .map((f) => f.name)
        .sort(),
    );
    expect(compare(baseline, current, policy, precomputed)).toEqual(plain);
  });
});
