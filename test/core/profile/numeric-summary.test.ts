import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addNumber,
  DEFAULT_SAMPLING,
  emptyNumericSummary,
  populationVariance,
  reserveValues,
  settleMoments,
  sortedValues,
  sortValuesInPlace,
} from '../../../lambdas/core/profile/numeric-summary.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../../lambdas/core/profile/serialize-profile.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

function summaryOf(values: number[]) {
  const summary = emptyNumericSummary();
  const random = new SeededRandom(1);
  for (const value of values) addNumber(summary, value, DEFAULT_SAMPLING, random);
  settleMoments(summary);
  return summary;
}

const ARRIVAL = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 2003) - 1000.5);

describe('sorted kept values', () => {
  it('are a sorted copy when nothing sorted them before, arrival order left alone', () => {
    const summary = summaryOf(ARRIVAL);
    const sorted = sortedValues(summary);
    expect([...sorted]).toEqual([...ARRIVAL].sort((a, b) => a - b));
    expect([...summary.values.subarray(0, summary.size)]).toEqual(ARRIVAL);
    expect(summary.sorted).toBeUndefined();
  });

  it('are sorted in place once, and handed out from the cache after that', () => {
    const summary = summaryOf(ARRIVAL);
    sortValuesInPlace(summary);
    expect([...summary.values.subarray(0, summary.size)]).toEqual([...ARRIVAL].sort((a, b) => a - b));
    expect(sortedValues(summary)).toBe(summary.sorted);
    expect(summary.sorted?.buffer).toBe(summary.values.buffer);
  });

  it('are not served from a cache whose length no longer matches the kept values', () => {
    const summary = summaryOf([3, 1, 2]);
    summary.sorted = Float64Array.of(1, 2);
    expect([...sortedValues(summary)]).toEqual([1, 2, 3]);
  });

  it('never reach a saved profile: the cache leaves the JSON as it was', () => {
    const profiler = new Profiler();
    profiler.declare('x', 'double');
    profiler.add({
      source: 't',
      firstRow: 1,
      rowCount: ARRIVAL.length,
      columns: new Map([['x', { type: 'number', values: Float64Array.from(ARRIVAL), nulls: null }]]),
    });
    const profile = profiler.finish();
    const before = profileToJson(profile);
    const numbers = profile.columns[0].numbers;
    numbers.sorted = sortedValues(numbers);
    expect(numbers.sorted).not.toBe(numbers.values);
    expect(profileToJson(profile)).toBe(before);
  });
});

describe('value buffers', () => {
  it('grow straight to the expected total, capped at the value budget', () => {
    const summary = emptyNumericSummary();
    reserveValues(summary, 100, DEFAULT_SAMPLING, 5000);
    expect(summary.values.length).toBe(5000);
    reserveValues(summary, 100, { ...DEFAULT_SAMPLING, maxValues: 6000 }, 9000);
    expect(summary.values.length).toBe(5000); // room enough: no growth
    const capped = emptyNumericSummary();
    reserveValues(capped, 100, { ...DEFAULT_SAMPLING, maxValues: 3000 }, 9000);
    expect(capped.values.length).toBe(3000);
  });

  it('leave the profile unchanged whatever row count the profiler was told to expect, sampled or not', () => {
    const profileWith = (expected: number | null, maxValues: number) => {
      const profiler = new Profiler({ sampling: { ...DEFAULT_SAMPLING, maxValues } });
      profiler.declare('x', 'double');
      for (let b = 0; b < 4; b++) {
        if (b === 1 && expected !== null) profiler.expectRows(expected);
        const values = Float64Array.from(ARRIVAL.slice(b * 500, (b + 1) * 500));
        profiler.add({
          source: 't',
          firstRow: b * 500 + 1,
          rowCount: 500,
          columns: new Map([['x', { type: 'number', values, nulls: null }]]),
        });
      }
      return profileToJson(profiler.finish());
    };
    for (const maxValues of [10_000, 1500]) {
      const plain = profileWith(null, maxValues);
      for (const expected of [10, 1900, 2100, 50_000]) expect(profileWith(expected, maxValues)).toBe(plain);
    }
  });
});

/**
 * Expected values: test/golden/moments.json, numpy 1.24.2's np.mean and np.var (ddof 0), made by
 * test/golden/gen_moments.py from the same formula as `formulaValues`. Tolerance: none (bit for
 * bit), as the summation follows numpy's order of adds.
 */
const moments = JSON.parse(readFileSync(new URL('../../golden/moments.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: { n: number; scale: number; mean: number; var: number }[];
};

function formulaValues(n: number, scale: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (((i * 2654435761) % 1000003) / 997 - 500.25) * scale);
}

function profiledNumbers(
  values: Float64Array,
  batchSizes: readonly number[],
  maxValues = DEFAULT_SAMPLING.maxValues,
) {
  const profiler = new Profiler({ sampling: { ...DEFAULT_SAMPLING, maxValues } });
  profiler.declare('x', 'double');
  let start = 0;
  for (let b = 0; start < values.length; b++) {
    const rowCount = Math.min(batchSizes[b % batchSizes.length], values.length - start);
    profiler.add({
      source: 't',
      firstRow: start + 1,
      rowCount,
      columns: new Map([
        ['x', { type: 'number', values: values.slice(start, start + rowCount), nulls: null }],
      ]),
    });
    start += rowCount;
  }
  return profiler.finish().columns[0].numbers;
}

describe('moments', () => {
  it('were checked against numpy 1.24.2', () => {
    expect(moments.numpy).toBe('1.24.2');
  });

  for (const c of moments.cases) {
    it(`equal numpy's mean and var bit for bit for ${c.n} values × ${c.scale}, however the rows were batched`, () => {
      const values = formulaValues(c.n, c.scale);
      for (const batches of [[c.n], [1000], [8191, 3, 77]]) {
        const summary = profiledNumbers(values, batches);
        expect(summary.mean).toBe(c.mean);
        expect(populationVariance(summary)).toBe(c.var);
      }
    });
  }

  it("continue by Welford's update from numpy's moments of the kept values once sampling starts", () => {
    const kept = moments.cases.find((c) => c.n === 1000 && c.scale === 1) as { mean: number; var: number };
    const values = formulaValues(2500, 1);
    let mean = kept.mean;
    let m2 = kept.var * 1000;
    for (let i = 1000; i < values.length; i++) {
      const delta = values[i] - mean;
      mean += delta / (i + 1);
      m2 += delta * (values[i] - mean);
    }
    const summary = profiledNumbers(values, [300], 1000);
    expect(summary.exact).toBe(false);
    expect(summary.mean).toBe(mean);
    expect(summary.m2).toBe(m2);
  });

  it('are refused to a reader before they are settled', () => {
    const summary = emptyNumericSummary();
    addNumber(summary, 1, DEFAULT_SAMPLING, new SeededRandom(1));
    expect(() => populationVariance(summary)).toThrow(/settled/);
    settleMoments(summary);
    expect(populationVariance(summary)).toBe(0);
  });
});
