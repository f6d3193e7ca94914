import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrateFeature,
  chunkSizeOf,
  chunkStatistics,
  falseAlarmQuantile,
} from '../../../lambdas/core/calibration/calibrate-feature.ts';
import { calibrationStatistic } from '../../../lambdas/core/calibration/calibration-statistic.ts';
import type { MethodId } from '../../../lambdas/core/method-registry.ts';
import { DEFAULT_POLICY, makePolicy } from '../../../lambdas/core/policy.ts';
import { categoryColumnOf, numericColumnOf } from '../../../lambdas/core/profile/column-of-values.ts';
import { emptyColumnProfile } from '../../../lambdas/core/profile/column-profile.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

const stand = emptyColumnProfile('x', 'double', null);

function normals(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: n }, () => {
    const u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }).sort();
}

const numeric = (n: number, seed: number) => numericColumnOf(stand, 'numeric', normals(n, seed), false);

/** `n` values spread evenly over `k` categories. */
function categorical(n: number, k: number) {
  const labels = Array.from({ length: k }, (_, i) => `c${i}`);
  const counts = Float64Array.from({ length: k + 1 }, (_, i) => (i < k ? Math.floor(n / k) : 0));
  return categoryColumnOf(stand, 'categorical', labels, counts);
}

const policyWith = (calibration: Partial<typeof DEFAULT_POLICY.calibration>) =>
  makePolicy({ calibration: { ...DEFAULT_POLICY.calibration, chunks: 40, ...calibration } });

describe('calibrateFeature', () => {
  it('gives the same calibration for the same seed, whatever the seed', () => {
    const baseline = numeric(2000, 7);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const policy = policyWith({ seed, chunks: 20 });
        expect(calibrateFeature(baseline, 'numeric', 'ks', 200, policy)).toEqual(
          calibrateFeature(baseline, 'numeric', 'ks', 200, policy),
        );
      }),
      { numRuns: 20 },
    );
  });

  it('draws other chunks under another seed', () => {
    const baseline = numeric(2000, 7);
    const means = [1, 2, 3].map(
      (seed) => calibrateFeature(baseline, 'numeric', 'wasserstein', 200, policyWith({ seed })).mean,
    );
    expect(new Set(means).size).toBe(3);
  });

  it('widens the threshold of a feature whose chunks vary more: smaller snapshots', () => {
    const baseline = numeric(5000, 3);
    const policy = policyWith({});
    const small = calibrateFeature(baseline, 'numeric', 'wasserstein', 100, policy);
    const large = calibrateFeature(baseline, 'numeric', 'wasserstein', 1000, policy);
    expect(small.std).toBeGreaterThan(large.std);
    expect(small.threshold!).toBeGreaterThan(large.threshold!);
  });

  it('widens the threshold of a feature whose chunks vary more: many categories', () => {
    const policy = policyWith({});
    const few = calibrateFeature(categorical(6000, 3), 'categorical', 'jensen_shannon', 300, policy);
    const many = calibrateFeature(categorical(6000, 200), 'categorical', 'jensen_shannon', 300, policy);
    expect(many.threshold!).toBeGreaterThan(2 * few.threshold!);
  });

  it('sets mean + k·std of the chunk statistics, or their empirical quantile', () => {
    const baseline = numeric(3000, 11);
    const rules: (typeof DEFAULT_POLICY.calibration.rule)[] = [
      { sigmas: 3 },
      { sigmas: 1.5 },
      { falseAlarmRate: 0.05 },
    ];
    for (const rule of rules) {
      const policy = policyWith({ rule });
      const { statistics } = chunkStatistics(baseline, 'numeric', 'ks', 300, policy);
      const calibration = calibrateFeature(baseline, 'numeric', 'ks', 300, policy);
      const mean = statistics.reduce((a, b) => a + b, 0) / statistics.length;
      const std = Math.sqrt(statistics.reduce((a, b) => a + (b - mean) ** 2, 0) / (statistics.length - 1));
      expect(calibration.chunks).toBe(40);
      expect(calibration.mean).toBeCloseTo(mean, 12);
      expect(calibration.std).toBeCloseTo(std, 12);
      const expected =
        'sigmas' in rule ? mean + rule.sigmas * std : falseAlarmQuantile(statistics, rule.falseAlarmRate);
      expect(calibration.threshold).toBeCloseTo(expected, 12);
    }
  });

  it('calibrates p-value tests on their statistic, folded for two-sided signed statistics', () => {
    const baseline = numeric(3000, 5);
    for (const method of ['t_test', 'mann_whitney', 'ks', 'anderson_darling'] as MethodId[]) {
      const calibration = calibrateFeature(baseline, 'numeric', method, 300, policyWith({}));
      expect(calibration.threshold).not.toBeNull();
      expect(calibration.mean).toBeGreaterThanOrEqual(method === 'anderson_darling' ? -2 : 0);
      expect(calibration.threshold!).toBeGreaterThan(calibration.mean);
    }
    expect(
      calibrationStatistic('t_test', { statistic: -2.5, pValue: 0.01 }, { reference: 10, current: 10 }),
    ).toBe(2.5);
    expect(
      calibrationStatistic('mann_whitney', { statistic: 20, pValue: 0.5 }, { reference: 10, current: 10 }),
    ).toBe(0.3);
    expect(
      calibrationStatistic('fisher', { statistic: 0, pValue: 0.01 }, { reference: 10, current: 10 }),
    ).toBe(50);
  });

  it('says why a feature cannot be calibrated instead of inventing a threshold', () => {
    const tiny = numericColumnOf(stand, 'numeric', Float64Array.of(1, 2, 3), false);
    const calibration = calibrateFeature(tiny, 'numeric', 'ks', 2, policyWith({}));
    expect(calibration.threshold).toBeNull();
    expect(calibration.problem).toMatch(/too few values/);
  });
});

describe('falseAlarmQuantile', () => {
  it('is the ⌈(n + 1)(1 − rate)⌉-th smallest statistic, the largest past n', () => {
    const values = Array.from({ length: 99 }, (_, i) => 99 - i); // 1..99, shuffled order
    expect(falseAlarmQuantile(values, 0.05)).toBe(95); // ⌈100 · 0.95⌉ = 95
    expect(falseAlarmQuantile(values, 0.1)).toBe(90);
    expect(falseAlarmQuantile(values, 0.001)).toBe(99);
  });

  it('is exceeded by a new draw of the same distribution at most at the rate asked', () => {
    // Exchangeability: among n + 1 draws, the new one is above the k-th smallest of the other n
    // with probability (n + 1 − k) / (n + 1), counted here over every place the new draw can take.
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 300 }),
        fc.double({ min: 0.005, max: 0.5, noNaN: true }),
        (n, rate) => {
          const values = Array.from({ length: n }, (_, i) => i + 1);
          const threshold = falseAlarmQuantile(values, rate);
          // Ranks 0.5, 1.5, ..., n + 0.5: the new draw's equally likely places among the n.
          let above = 0;
          for (let place = 0; place <= n; place++) if (place + 0.5 > threshold) above++;
          expect(above / (n + 1)).toBeLessThanOrEqual(rate + 1e-12 + (rate * (n + 1) < 1 ? 1 / (n + 1) : 0));
        },
      ),
    );
  });
});

describe('chunkSizeOf', () => {
  it('gives sizes within about 9% one class, so a wobbling snapshot size reuses its calibration', () => {
    expect(chunkSizeOf(2800)).toBe(chunkSizeOf(3000));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000_000 }), (n) => {
        const size = chunkSizeOf(n);
        expect(Math.abs(Math.log2(size / n))).toBeLessThanOrEqual(1 / 16 + 1e-9 + Math.log2(1 + 1 / n));
      }),
    );
  });
});
