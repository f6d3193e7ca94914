import { describe, expect, it } from 'vitest';
import { parseDriftSettings } from '../lambdas/config.ts';
import { DEFAULT_POLICY } from '../lambdas/core/policy.ts';
import { DEFAULT_SAMPLING } from '../lambdas/core/profile/numeric-summary.ts';
import { checkSetupOf, defaultDriftSettings } from '../lambdas/drift-settings.ts';

const parse = (input: unknown) => parseDriftSettings(input, 'test');

describe('the defaults table', () => {
  it('holds every value the schema fills in for an unset drift setting', () => {
    const filled = Object.entries(parse({})).filter(([, value]) => typeof value !== 'object');
    expect(filled.length).toBeGreaterThan(0);
    for (const [key, value] of filled) {
      expect({ [key]: DEFAULT_POLICY[key as keyof typeof DEFAULT_POLICY] }).toStrictEqual({ [key]: value });
    }
  });

  it('is what settings with nothing set turn into, for the policy and the profiler', () => {
    for (const settings of [parse({}), defaultDriftSettings()]) {
      const { policy, profilerOptions } = checkSetupOf(settings);
      expect(policy).toStrictEqual({ ...DEFAULT_POLICY, threshold: undefined });
      expect(profilerOptions).toStrictEqual({ sampling: DEFAULT_SAMPLING, kindOverrides: new Map() });
    }
  });
});

describe('checkSetupOf', () => {
  it("gives compat 'evidently' Evidently's binning unless the settings choose one", () => {
    expect(checkSetupOf(parse({ compat: 'evidently' })).policy.binning).toBe('evidently');
    expect(checkSetupOf(parse({ compat: 'evidently', binning: 'reference' })).policy.binning).toBe(
      'reference',
    );
    expect(checkSetupOf(parse({ binning: 'evidently' })).policy.binning).toBe('evidently');
    expect(checkSetupOf(parse({})).policy.binning).toBe('reference');
  });

  it("raises default distance thresholds to their noise unless compat 'evidently' or the settings say not", () => {
    expect(checkSetupOf(parse({})).policy.noiseFloor).toBe(true);
    expect(checkSetupOf(parse({ compat: 'evidently' })).policy.noiseFloor).toBe(false);
    expect(checkSetupOf(parse({ noiseFloor: false })).policy.noiseFloor).toBe(false);
    expect(checkSetupOf(parse({ compat: 'evidently', noiseFloor: true })).policy.noiseFloor).toBe(true);
    expect(checkSetupOf(parse({ noiseFloor: true }), { compat: 'evidently' }).policy.noiseFloor).toBe(false);
    expect(() => parse({ noiseFloor: 'yes' })).toThrow(/noiseFloor/);
  });

  it('lets a compat flag bring its own binning, over the binning setting', () => {
    const settings = parse({ compat: 'evidently', binning: 'reference' });
    expect(checkSetupOf(settings, { compat: 'evidently' }).policy.binning).toBe('evidently');
    expect(checkSetupOf(parse({ binning: 'evidently' }), { compat: 'driftwatch' }).policy.binning).toBe(
      'reference',
    );
  });

  it('lays flags over the settings: methods per kind merge, exclusions add up, the threshold is replaced', () => {
    const settings = parse({
      methods: { numeric: 'ks', categorical: 'psi' },
      exclude: ['id'],
      threshold: 0.1,
    });
    const { policy } = checkSetupOf(settings, {
      methodByKind: { numeric: 'wasserstein' },
      exclude: ['ts'],
      threshold: 0.2,
    });
    expect(policy.methodByKind).toStrictEqual({ numeric: 'wasserstein', categorical: 'psi' });
    expect(policy.exclude).toStrictEqual(['id', 'ts']);
    expect(policy.threshold).toBe(0.2);
  });

  it('carries every setting into the policy', () => {
    const { policy } = checkSetupOf(
      parse({
        thresholds: { ks: 0.01 },
        include: ['a', 'b'],
        driftKinds: ['numeric'],
        driftShare: 0.3,
        correction: 'bonferroni',
        bins: 10,
        quality: { rowCountRatio: 3, severity: { row_count: 'warning' } },
        alertOn: { anyFeature: true },
      }),
    );
    expect(policy).toMatchObject({
      thresholdByMethod: { ks: 0.01 },
      include: ['a', 'b'],
      driftKinds: ['numeric'],
      driftShare: 0.3,
      correction: 'bonferroni',
      bins: 10,
      quality: { ...DEFAULT_POLICY.quality, rowCountRatio: 3, severity: { row_count: 'warning' } },
      alertOn: { ...DEFAULT_POLICY.alertOn, anyFeature: true },
    });
  });

  it('tests alsoTestKinds besides the default kinds, and driftKinds instead of them', () => {
    expect(checkSetupOf(parse({ alsoTestKinds: ['datetime'] })).policy.driftKinds).toStrictEqual([
      'numeric',
      'categorical',
      'boolean',
      'datetime',
    ]);
    expect(checkSetupOf(parse({ driftKinds: ['datetime'] })).policy.driftKinds).toStrictEqual(['datetime']);
    expect(
      checkSetupOf(parse({ driftKinds: ['numeric'], alsoTestKinds: ['text'] })).policy.driftKinds,
    ).toStrictEqual(['numeric', 'text']);
  });

  it('names every column the settings and flags name, with where', () => {
    const settings = parse({
      include: ['a'],
      exclude: ['b'],
      features: { c: { kind: 'numeric' } },
      alertOn: { features: ['a'] },
    });
    expect(checkSetupOf(settings, { exclude: ['d'] }).namedColumns).toStrictEqual([
      { setting: 'include', name: 'a' },
      { setting: 'exclude', name: 'b' },
      { setting: 'features', name: 'c' },
      { setting: 'alertOn.features', name: 'a' },
      { setting: '--exclude', name: 'd' },
    ]);
  });

  it('profiles with the forced kinds, the value budget and the seed of the settings', () => {
    const settings = parse({
      features: { amount: { kind: 'categorical' }, items: { method: 'psi' } },
      sampling: { maxValues: 5000, seed: 7 },
    });
    expect(checkSetupOf(settings).profilerOptions).toStrictEqual({
      sampling: { ...DEFAULT_SAMPLING, maxValues: 5000 },
      kindOverrides: new Map([['amount', 'categorical']]),
      seed: 7,
    });
  });

  it('keeps every value with --exact, and marks profiles that are only compared', () => {
    const { profilerOptions } = checkSetupOf(parse({ sampling: { maxValues: 5000 } }), {
      exact: true,
      compareOnly: true,
    });
    expect(profilerOptions.sampling?.maxValues).toBe(Number.MAX_SAFE_INTEGER);
    expect(profilerOptions.compareOnly).toBe(true);
  });

  it('turns "thresholds": "calibrated" into a monitor-wide calibrated rule, with the calibration settings', () => {
    const { policy } = checkSetupOf(
      parse({ thresholds: 'calibrated', calibration: { falseAlarmRate: 0.01, chunks: 200 } }),
    );
    expect(policy.threshold).toBe('calibrated');
    expect(policy.calibration).toEqual({ rule: { falseAlarmRate: 0.01 }, chunks: 200, seed: 1 });
    expect(checkSetupOf(parse({})).policy.calibration).toEqual(DEFAULT_POLICY.calibration);
  });

  it('splits "thresholds" into method and kind entries, numbers or "calibrated"', () => {
    const { policy } = checkSetupOf(
      parse({
        thresholds: { ks: 0.01, categorical: 'calibrated', wasserstein: 'calibrated' },
        features: { a: { threshold: 'calibrated' } },
      }),
    );
    expect(policy.thresholdByMethod).toEqual({ ks: 0.01, wasserstein: 'calibrated' });
    expect(policy.thresholdByKind).toEqual({ categorical: 'calibrated' });
    expect(policy.features.get('a')?.threshold).toBe('calibrated');
  });

  it('calibrates with --calibrate; --threshold still replaces the monitor-wide rule', () => {
    expect(checkSetupOf(parse({ threshold: 0.2 }), { calibrate: true }).policy.threshold).toBe('calibrated');
    expect(checkSetupOf(parse({ thresholds: 'calibrated' }), { threshold: 0.3 }).policy.threshold).toBe(0.3);
  });

  it('refuses settings that contradict themselves', () => {
    expect(() => parse({ thresholds: 'calibrated', threshold: 0.1 })).toThrow(
      /threshold: thresholds is "calibrated"/,
    );
    expect(() => parse({ calibration: { sigmas: 3, falseAlarmRate: 0.01 } })).toThrow(/not both/);
    expect(() => parse({ thresholds: { numeric: 'tight' } })).toThrow(/thresholds/);
    expect(() => parse({ calibration: { chunks: 5 } })).toThrow(/chunks/);
  });

  it('holds a kind\'s threshold to its methods\' ranges, and lets "calibrated" fit any method under any alias', () => {
    expect(() => parse({ thresholds: { categorical: 5 } })).toThrow(
      /thresholds\.categorical: 5 is out of range/,
    );
    expect(() => parse({ methods: { numeric: 'ks' }, thresholds: { numeric: 2 } })).toThrow(/ks takes/);
    const { policy } = checkSetupOf(parse({ thresholds: { KS: 'calibrated', numeric: 'calibrated' } }));
    expect(policy.thresholdByMethod).toEqual({ ks: 'calibrated' });
    expect(policy.thresholdByKind).toEqual({ numeric: 'calibrated' });
  });
});

describe('column roles', () => {
  it('reach the policy from the settings, a flag replacing its role, and read the timestamp as date-times', () => {
    const settings = parse({ columns: { id: 'order_id', timestamp: 'ts', prediction: 'score' } });
    const { policy, profilerOptions } = checkSetupOf(settings, { columns: { timestamp: 'event_ts' } });
    expect(policy.columns).toEqual({ id: 'order_id', timestamp: 'event_ts', prediction: ['score'] });
    expect(profilerOptions.kindOverrides).toEqual(new Map([['event_ts', 'datetime']]));
  });

  it("lets the timestamp's features entry choose another kind", () => {
    const settings = parse({ columns: { timestamp: 'ts' }, features: { ts: { kind: 'numeric' } } });
    expect(checkSetupOf(settings).profilerOptions.kindOverrides).toEqual(new Map([['ts', 'numeric']]));
  });

  it('refuses one column in two roles, and an unknown role, naming the path', () => {
    expect(() => parse({ columns: { id: 'a', target: 'a' } })).toThrow(
      /columns\.target: "a" already has a role \(columns\.id\)/,
    );
    expect(() => parse({ columns: { label: 'a' } })).toThrow(/columns: .*label/);
  });

  it('takes alertOn.predictionDrift', () => {
    expect(checkSetupOf(parse({ alertOn: { predictionDrift: true } })).policy.alertOn.predictionDrift).toBe(
      true,
    );
  });
});
