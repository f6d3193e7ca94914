import { describe, expect, it } from 'vitest';
import type { ColumnValues, RecordBatch } from '../../lambdas/core/columns.ts';
import { compare } from '../../lambdas/core/compare.ts';
import { makePolicy, type PolicyOverrides } from '../../lambdas/core/policy.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { SeededRandom } from '../../lambdas/core/random.ts';
import type { FeatureResult } from '../../lambdas/core/report.ts';

/**
 * The noise floor of distance thresholds (lambdas/core/noise-floor.ts) on seeded no-drift pairs:
 * both sides drawn from one distribution, so every drift verdict is a false alarm. Counts are of
 * seeded draws, so they do not vary between runs; the bounds leave room for the binomial error
 * of the pairs drawn (a 3σ band, about 0.1% of unchanged features per check in a normal world).
 */
function profileOf(values: ColumnValues, rows: number): Profile {
  const batch: RecordBatch = {
    source: 't.csv',
    firstRow: 1,
    rowCount: rows,
    columns: new Map([['x', values]]),
  };
  const profiler = new Profiler();
  profiler.add(batch);
  return profiler.finish();
}

function zipfCategories(rows: number, categories: number, random: SeededRandom): ColumnValues {
  const weights = Array.from({ length: categories }, (_, i) => 1 / (i + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  const draw = () => {
    const u = random.nextDouble();
    let i = 0;
    while (i < categories - 1 && u > cumulative[i]) i++;
    return `c${i}`;
  };
  return { type: 'string', values: Array.from({ length: rows }, draw) };
}

function normals(rows: number, random: SeededRandom, shift = 0): ColumnValues {
  const values = Float64Array.from(
    { length: rows },
    () =>
      Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()) + shift,
  );
  return { type: 'number', values, nulls: null };
}

function feature(baseline: Profile, current: Profile, overrides: PolicyOverrides = {}): FeatureResult {
  return compare(baseline, current, makePolicy(overrides)).features[0];
}

describe('noise floor of default distance thresholds', () => {
  it('keeps unchanged snapshots of a many-valued category from drifting at a few hundred rows', () => {
    const random = new SeededRandom(11);
    let flagged = 0;
    let flaggedEvidently = 0;
    for (let pair = 0; pair < 40; pair++) {
      const baseline = profileOf(zipfCategories(3000, 200, random), 3000);
      const current = profileOf(zipfCategories(300, 200, random), 300);
      const f = feature(baseline, current);
      expect(f).toMatchObject({ method: 'jensen_shannon', thresholdSource: 'noise_floor' });
      expect(f.threshold).toBeGreaterThan(0.1);
      if (f.drifted) flagged++;
      if (feature(baseline, current, { compat: 'evidently' }).drifted) flaggedEvidently++;
    }
    // Evidently's fixed 0.1 flags nearly every one: the distance's noise at these sizes is ~0.3.
    expect(flaggedEvidently).toBeGreaterThanOrEqual(36);
    expect(flagged).toBeLessThanOrEqual(2);
  });

  it("leaves Evidently's default where the noise is below it, and says the source is the default", () => {
    const random = new SeededRandom(12);
    const f = feature(
      profileOf(zipfCategories(30000, 5, random), 30000),
      profileOf(zipfCategories(3000, 5, random), 3000),
    );
    expect(f).toMatchObject({ method: 'jensen_shannon', thresholdSource: 'default', threshold: 0.1 });
  });

  it('gives the same floor for the same baseline and sizes', () => {
    const random = new SeededRandom(13);
    const baseline = profileOf(zipfCategories(3000, 60, random), 3000);
    const current = profileOf(zipfCategories(300, 60, random), 300);
    expect(feature(baseline, current).threshold).toBe(feature(baseline, current).threshold);
  });

  it('holds normed Wasserstein under its noise at 300 rows and still catches a 0.5σ shift', () => {
    const random = new SeededRandom(14);
    let flagged = 0;
    let flaggedEvidently = 0;
    let caught = 0;
    for (let pair = 0; pair < 100; pair++) {
      const baseline = profileOf(normals(3000, random), 3000);
      const current = profileOf(normals(300, random), 300);
      const f = feature(baseline, current);
      expect(f).toMatchObject({ method: 'wasserstein', thresholdSource: 'noise_floor' });
      if (f.drifted) flagged++;
      if (feature(baseline, current, { compat: 'evidently' }).drifted) flaggedEvidently++;
      if (feature(baseline, profileOf(normals(300, random, 0.5), 300)).drifted) caught++;
    }
    // Evidently's 0.1 flags about a fifth of these unchanged snapshots.
    expect(flaggedEvidently).toBeGreaterThanOrEqual(10);
    expect(flagged).toBeLessThanOrEqual(2);
    expect(caught).toBeGreaterThanOrEqual(95);
  });

  it('puts the energy distance, in the units of the data, above its noise on integer-valued data', () => {
    const random = new SeededRandom(15);
    const minutes = (rows: number): ColumnValues => ({
      type: 'number',
      values: Float64Array.from({ length: rows }, () => Math.floor(-20 * Math.log(1 - random.nextDouble()))),
      nulls: null,
    });
    let flagged = 0;
    for (let pair = 0; pair < 60; pair++) {
      const f = feature(profileOf(minutes(3000), 3000), profileOf(minutes(300), 300), {
        methodByKind: { numeric: 'energy' },
      });
      expect(f.thresholdSource).toBe('noise_floor');
      if (f.drifted) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(2);
  });

  it('uses a configured distance threshold as given', () => {
    const random = new SeededRandom(16);
    const f = feature(
      profileOf(zipfCategories(3000, 200, random), 3000),
      profileOf(zipfCategories(300, 200, random), 300),
      { thresholdByMethod: { jensen_shannon: 0.1 } },
    );
    expect(f).toMatchObject({ thresholdSource: 'configured', threshold: 0.1, drifted: true });
  });
});
