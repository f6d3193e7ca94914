import { describe, expect, it } from 'vitest';
import {
  addNumber,
  DEFAULT_SAMPLING,
  emptyNumericSummary,
  reserveValues,
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
