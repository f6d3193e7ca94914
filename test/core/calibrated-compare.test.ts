import { describe, expect, it } from 'vitest';
import { calibrationKey } from '../../lambdas/core/calibration/calibration-table.ts';
import type { ColumnValues, RecordBatch } from '../../lambdas/core/columns.ts';
import { compare } from '../../lambdas/core/compare.ts';
import { makePolicy, type PolicyOverrides } from '../../lambdas/core/policy.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { SeededRandom } from '../../lambdas/core/random.ts';

function profile(rows: number, seed: number, shift = 0): Profile {
  const random = new SeededRandom(seed);
  const x = Float64Array.from({ length: rows }, () => random.nextDouble() + shift);
  const colours = ['red', 'green', 'blue'];
  const columns = new Map<string, ColumnValues>([
    ['x', { type: 'number', values: x, nulls: null }],
    ['colour', { type: 'string', values: Array.from({ length: rows }, () => colours[random.nextInt(3)]) }],
  ]);
  const batch: RecordBatch = { source: 't.csv', firstRow: 1, rowCount: rows, columns };
  const profiler = new Profiler();
  profiler.add(batch);
  return profiler.finish();
}

const baseline = profile(4000, 1);
const current = profile(400, 2);
const check = (overrides: PolicyOverrides, calibrations = new Map()) =>
  compare(baseline, current, makePolicy(overrides), undefined, calibrations);
const feature = (report: ReturnType<typeof check>, name: string) =>
  report.features.find((f) => f.name === name)!;

describe('compare with calibrated thresholds', () => {
  it("says each threshold's source: the method's default, or the configuration", () => {
    const report = check({ thresholdByMethod: { wasserstein: 0.2 } });
    expect(feature(report, 'x')).toMatchObject({ thresholdSource: 'configured', threshold: 0.2 });
    expect(feature(report, 'colour')).toMatchObject({ thresholdSource: 'default', threshold: 0.1 });
    expect(feature(report, 'colour').calibration).toBeUndefined();
  });

  it('calibrates every feature under a monitor-wide rule, and reports the spread it came from', () => {
    const report = check({ threshold: 'calibrated' });
    for (const f of report.features) {
      expect(f.thresholdSource).toBe('calibrated');
      expect(f.decision).toBe('distance');
      expect(f.calibration).toMatchObject({ chunks: 100, strategy: 'random', withReplacement: false });
      expect(f.calibration!.chunkSize).toBeGreaterThan(380);
      expect(f.calibration!.std).toBeGreaterThan(0);
      expect(f.threshold).toBeCloseTo(f.calibration!.mean + 3 * f.calibration!.std, 12);
      expect(f.drifted).toBe(f.calibration!.statistic > f.threshold!);
    }
  });

  it('lets the feature, then the method, then the kind override the monitor-wide rule', () => {
    const report = check({
      threshold: 0.3,
      thresholdByKind: { categorical: 'calibrated' },
      features: new Map([['x', { threshold: 'calibrated' as const }]]),
    });
    expect(feature(report, 'x').thresholdSource).toBe('calibrated');
    expect(feature(report, 'colour').thresholdSource).toBe('calibrated');
    const byMethod = check({
      thresholdByKind: { categorical: 'calibrated' },
      thresholdByMethod: { jensen_shannon: 0.05 },
    });
    expect(feature(byMethod, 'colour')).toMatchObject({ thresholdSource: 'configured', threshold: 0.05 });
  });

  it('decides a p-value test on its statistic once calibrated, so the correction leaves it alone', () => {
    const report = check({
      threshold: 'calibrated',
      methodByKind: { numeric: 't_test' },
      correction: 'bonferroni',
    });
    const x = feature(report, 'x');
    expect(x.method).toBe('t_test');
    expect(x.decision).toBe('distance');
    expect(x.calibration!.statistic).toBeCloseTo(Math.abs(x.statistic!), 12);
    expect(x.pValueAdjusted).toBeUndefined();
  });

  it('takes a calibration from the table it is given, and adds the ones it makes', () => {
    const table = new Map();
    const first = check({ threshold: 'calibrated' }, table);
    expect(table.size).toBe(2);
    const x = feature(first, 'x');
    const key = calibrationKey('x', x.method!, x.calibration!.chunkSize);
    table.set(key, { ...table.get(key), threshold: 1e-9, mean: 7 });
    const again = feature(check({ threshold: 'calibrated' }, table), 'x');
    expect(again).toMatchObject({ threshold: 1e-9, drifted: true });
    expect(again.calibration!.mean).toBe(7);
  });

  it('falls back to the default threshold, and says why, when the baseline is too small to calibrate', () => {
    const report = compare(profile(3, 1), profile(3, 2), makePolicy({ threshold: 'calibrated' }));
    const x = feature(report, 'x');
    expect(x.thresholdSource).toBe('default');
    expect(x.threshold).toBe(0.05);
    expect(x.calibration!.problem).toMatch(/too few values/);
  });

  it('gives a distance it could not calibrate the default rule, noise floor included', () => {
    const policy = makePolicy({ threshold: 'calibrated', methodByKind: { numeric: 'wasserstein' } });
    const x = feature(compare(profile(3, 1), profile(3, 2), policy), 'x');
    expect(x.calibration!.problem).toMatch(/too few values/);
    // Three values against three: the normed distance's noise is far above 0.1.
    expect(x.thresholdSource).toBe('noise_floor');
    expect(x.threshold).toBeGreaterThan(0.1);
  });

  it('detects a shift that its calibrated threshold is meant for', () => {
    const shifted = compare(baseline, profile(400, 3, 0.2), makePolicy({ threshold: 'calibrated' }));
    expect(feature(shifted, 'x').drifted).toBe(true);
  });
});
