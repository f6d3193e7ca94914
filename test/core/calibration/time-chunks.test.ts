import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrateFeature } from '../../../lambdas/core/calibration/calibrate-feature.ts';
import { periodLengthOf, periodText } from '../../../lambdas/core/calibration/period-length.ts';
import { type BaselinePeriods, timeChunks } from '../../../lambdas/core/calibration/time-chunks.ts';
import { DEFAULT_POLICY, makePolicy } from '../../../lambdas/core/policy.ts';
import { categoryColumnOf, numericColumnOf } from '../../../lambdas/core/profile/column-of-values.ts';
import { emptyColumnProfile } from '../../../lambdas/core/profile/column-profile.ts';
import { mergeProfiles } from '../../../lambdas/core/profile/merge-profiles.ts';
import { PROFILE_VERSION, type Profile } from '../../../lambdas/core/profile/profile.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

const stand = emptyColumnProfile('x', 'double', null);
const DAY = 86_400_000;

function normals(n: number, mean: number, random: SeededRandom): Float64Array {
  return Float64Array.from({ length: n }, () => {
    const u = 1 - random.nextDouble();
    return mean + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }).sort();
}

/** `k` daily periods of `n` normal values each, the period means spread by `between` (0: one distribution). */
function numericPeriods(k: number, n: number, between: number, seed = 1): BaselinePeriods {
  const random = new SeededRandom(seed);
  return {
    column: 'ts',
    periodMs: DAY,
    untimedRows: 0,
    periods: Array.from({ length: k }, (_, p) => ({
      start: p * DAY,
      columns: [
        numericColumnOf(stand, 'numeric', normals(n, between * normals(1, 0, random)[0], random), false),
      ],
    })),
  };
}

/** `k` daily periods of `n` values over three categories, the first one's share moving by `between` from period to period. */
function categoryPeriods(k: number, n: number, between: number): BaselinePeriods {
  const random = new SeededRandom(5);
  const labels = ['a', 'b', 'c'];
  return {
    column: 'ts',
    periodMs: DAY,
    untimedRows: 0,
    periods: Array.from({ length: k }, (_, p) => {
      const share = 1 / 3 + between * (random.nextDouble() - 0.5);
      const counts = new Float64Array(4);
      for (let i = 0; i < n; i++) {
        const u = random.nextDouble();
        counts[u < share ? 0 : u < share + (1 - share) / 2 ? 1 : 2]++;
      }
      return { start: p * DAY, columns: [categoryColumnOf(stand, 'categorical', labels, counts)] };
    }),
  };
}

/** The whole baseline as one profile column: what the check compares with. */
function merged(periods: BaselinePeriods) {
  const profiles: Profile[] = periods.periods.map((period) => ({
    version: PROFILE_VERSION,
    rowCount: period.columns[0].rows,
    sources: [],
    sampling: { maxValues: 1_000_000, maxDistinct: 1024, seed: 1, maxCategories: 10_000 },
    columns: [...period.columns],
  }));
  return profiles.reduce((a, b) => mergeProfiles(a, b)).columns[0];
}

const policy = makePolicy({ calibration: { ...DEFAULT_POLICY.calibration, chunks: 100 } });

describe('timeChunks', () => {
  it('gives a feature whose periods vary more a wider threshold than random chunks do', () => {
    const periods = numericPeriods(30, 400, 0.3);
    const baseline = merged(periods);
    for (const method of ['wasserstein', 'ks'] as const) {
      const byTime = calibrateFeature(baseline, 'numeric', method, 400, policy, timeChunks(periods));
      const random = calibrateFeature(baseline, 'numeric', method, 400, policy);
      expect(byTime.strategy).toBe('time');
      expect(byTime.chunks).toBe(30);
      expect(byTime.periodMs).toBe(DAY);
      expect(byTime.threshold!).toBeGreaterThan(1.5 * random.threshold!);
    }
    const categories = categoryPeriods(30, 500, 0.2);
    const byTime = calibrateFeature(
      merged(categories),
      'categorical',
      'jensen_shannon',
      500,
      policy,
      timeChunks(categories),
    );
    const random = calibrateFeature(merged(categories), 'categorical', 'jensen_shannon', 500, policy);
    expect(byTime.threshold!).toBeGreaterThan(1.5 * random.threshold!);
  });

  it('agrees with random chunks when the periods do not differ', () => {
    const periods = numericPeriods(40, 400, 0);
    const baseline = merged(periods);
    const byTime = calibrateFeature(baseline, 'numeric', 'ks', 400, policy, timeChunks(periods));
    const random = calibrateFeature(baseline, 'numeric', 'ks', 400, policy);
    // Both estimate one spread from 40 and 100 chunks: within their sampling error (about 20%).
    expect(byTime.threshold! / random.threshold!).toBeGreaterThan(0.75);
    expect(byTime.threshold! / random.threshold!).toBeLessThan(1.33);
  });

  it('is deterministic for a seed, sampling periods and values the same way each time', () => {
    // 120 periods of 600 values against chunks of 300 from 50: both samples are exercised.
    const periods = numericPeriods(120, 600, 0.2);
    const baseline = merged(periods);
    const seeded = (seed: number) =>
      makePolicy({ calibration: { ...DEFAULT_POLICY.calibration, chunks: 50, seed } });
    const once = calibrateFeature(baseline, 'numeric', 'wasserstein', 300, seeded(4), timeChunks(periods));
    expect(once.chunks).toBe(50);
    expect(calibrateFeature(baseline, 'numeric', 'wasserstein', 300, seeded(4), timeChunks(periods))).toEqual(
      once,
    );
    expect(
      calibrateFeature(baseline, 'numeric', 'wasserstein', 300, seeded(5), timeChunks(periods)).mean,
    ).not.toBe(once.mean);
  });

  it('compares each period, cut to the chunk size, with every value of the other periods', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 14 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer(),
        (k, n, seed) => {
          const periods = numericPeriods(k, n, 1, seed);
          const size = Math.max(2, n - 2);
          const draw = timeChunks(periods).draw(
            merged(periods),
            'numeric',
            size,
            100,
            new SeededRandom(seed),
          )!;
          let p = 0;
          for (const { chunk, rest } of draw.pairs) {
            const own = Array.from(periods.periods[p].columns[0].numbers.values);
            const others = periods.periods.flatMap((period, q) =>
              q === p ? [] : Array.from(period.columns[0].numbers.values),
            );
            const chunkValues = Array.from(chunk.numbers.values);
            expect(chunkValues.length).toBe(Math.min(size, n));
            for (const value of chunkValues) expect(own).toContain(value);
            expect(Array.from(rest.numbers.values)).toEqual(others.sort((a, b) => a - b));
            p++;
          }
          expect(p).toBe(k);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('falls back to random chunks, and says why, when too few periods hold enough values', () => {
    const periods = numericPeriods(6, 400, 0.3);
    const calibration = calibrateFeature(merged(periods), 'numeric', 'ks', 400, policy, timeChunks(periods));
    expect(calibration.strategy).toBe('random');
    expect(calibration.chunks).toBe(100);
    expect(calibration.threshold).not.toBeNull();
    expect(calibration.fallback).toBe(
      "only 6 of the baseline's 6 periods of 1 d (by ts) hold at least 200 values; time chunks need 10",
    );
    // Periods under half the snapshot's size are no chunks.
    const short = calibrateFeature(
      merged(periods),
      'numeric',
      'ks',
      1000,
      policy,
      timeChunks(numericPeriods(12, 400, 0)),
    );
    expect(short.fallback).toMatch(/^only 0 of the baseline's 12 periods/);
  });
});

describe('periodLengthOf', () => {
  const stamps = (values: number[], distinct = true) => {
    const column = numericColumnOf(stand, 'datetime', Float64Array.from(values).sort(), distinct);
    return column.datetimes;
  };

  it('is the time a snapshot covers, one stamp spacing added, to the nearest whole unit', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => 20 * DAY + h * 3_600_000);
    expect(periodLengthOf(stamps(hourly))).toBe(DAY);
    // Many rows over a day, first at 00:00:03 and last at 23:59:58: too many stamps to count distinct.
    const random = new SeededRandom(2);
    const day = Array.from({ length: 5000 }, () => 20 * DAY + 3000 + random.nextInt(DAY - 5000));
    day.push(20 * DAY + 3000, 21 * DAY - 2000);
    expect(periodLengthOf(stamps(day, false))).toBe(DAY);
    expect(periodLengthOf(stamps([0, 6 * 3_600_000, 12 * 3_600_000, 18 * 3_600_000]))).toBe(DAY);
    expect(periodLengthOf(stamps([0, 60_000, 120_000]))).toBe(180_000);
    expect(periodLengthOf(stamps([5, 5, 5]))).toBeNull();
    expect(periodText(DAY)).toBe('1 d');
    expect(periodText(6 * 3_600_000)).toBe('6 h');
    expect(periodText(180_000)).toBe('3 min');
  });
});
