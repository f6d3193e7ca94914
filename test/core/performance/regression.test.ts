import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGRESSION_METRICS } from '../../../lambdas/core/performance/metric-names.ts';
import { regressionPerformance } from '../../../lambdas/core/performance/regression.ts';
import { agreesWithSklearn, modelMetricsGolden, type RegressionGolden } from './model-metrics-golden.ts';

function inputOf(c: RegressionGolden) {
  return {
    target: Float64Array.from(c.target, (v) => v ?? Number.NaN),
    prediction: Float64Array.from(c.prediction, (v) => v ?? Number.NaN),
  };
}

describe('regression metrics against scikit-learn (test/golden/model_metrics.json, 1e-9 relative)', () => {
  describe.each(modelMetricsGolden.regression.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const metrics = regressionPerformance(inputOf(c), REGRESSION_METRICS).metrics;
    it.each(metrics.filter((m) => m.value !== null).map((m) => [m.name, m] as const))('%s', (name, ours) => {
      const theirs = c.sklearn[name].value;
      expect(typeof theirs).toBe('number');
      expect(agreesWithSklearn(ours.value!, theirs as number), `${ours.value} vs ${theirs}`).toBe(true);
    });
  });

  it('reports R² of a constant label as null, where sklearn returns its 0.0/1.0 convention (NaN or -inf without it)', () => {
    for (const name of ['constant target, imperfect predictions', 'constant target, perfect predictions']) {
      const c = modelMetricsGolden.regression.find((g) => g.name === name)!;
      const r2 = regressionPerformance(inputOf(c), ['r2']).metrics[0];
      expect(r2).toMatchObject({
        value: null,
        reason: 'the label is constant: R² divides by its zero variance',
      });
      expect(typeof c.sklearn.r2_without_force_finite.value).toBe('string');
    }
  });

  it('reports R² of one row as null, where sklearn warns and returns NaN', () => {
    const c = modelMetricsGolden.regression.find((g) => g.name === 'one row')!;
    expect(c.sklearn.r2.value).toBe('nan');
    expect(regressionPerformance(inputOf(c), ['r2']).metrics[0].value).toBeNull();
  });

  it('leaves out rows with a missing or non-finite value, and counts them', () => {
    const c = modelMetricsGolden.regression.find((g) => g.name === 'missing labels and predictions')!;
    const result = regressionPerformance(inputOf(c), ['mae']);
    expect(result.missing).toEqual({
      target: c.target.filter((v) => v === null).length,
      prediction: c.prediction.filter((v) => v === null).length,
    });
    const both = c.target.filter((v, i) => v !== null && c.prediction[i] !== null).length;
    expect(result.metrics[0].rows).toBe(both);
    const withInfinity = regressionPerformance(
      { target: Float64Array.of(1, Number.POSITIVE_INFINITY), prediction: Float64Array.of(2, 2) },
      ['mae'],
    );
    expect(withInfinity.missing.target).toBe(1);
    expect(withInfinity.metrics[0]).toMatchObject({ value: 1, rows: 1 });
  });

  it('reports every metric as null when no row has both values', () => {
    const result = regressionPerformance(
      { target: Float64Array.of(Number.NaN), prediction: Float64Array.of(1) },
      REGRESSION_METRICS,
    );
    expect(result.metrics.every((m) => m.value === null && m.rows === 0)).toBe(true);
  });
});

describe('regression metrics: laws', () => {
  const pairs = fc.array(
    fc.tuple(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    ),
    { minLength: 2, maxLength: 50 },
  );

  it('gives errors that do not change when target and prediction are shifted together', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: -1000, max: 1000 }), (ps, shift) => {
        const of = (d: number) =>
          regressionPerformance(
            {
              target: Float64Array.from(ps, ([y]) => y + d),
              prediction: Float64Array.from(ps, ([, p]) => p + d),
            },
            ['mae', 'rmse', 'median_ae'],
          ).metrics.map((m) => m.value!);
        const [a, b] = [of(0), of(shift)];
        for (let i = 0; i < a.length; i++)
          expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-9 * (1 + a[i]));
      }),
    );
  });

  it('keeps MAE ≤ RMSE, and median_ae between the smallest and largest error', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const input = {
          target: Float64Array.from(ps, ([y]) => y),
          prediction: Float64Array.from(ps, ([, p]) => p),
        };
        const [mae, rmse, median] = regressionPerformance(input, ['mae', 'rmse', 'median_ae']).metrics.map(
          (m) => m.value!,
        );
        const errors = ps.map(([y, p]) => Math.abs(y - p));
        expect(mae).toBeLessThanOrEqual(rmse * (1 + 1e-12));
        expect(median).toBeGreaterThanOrEqual(Math.min(...errors));
        expect(median).toBeLessThanOrEqual(Math.max(...errors));
      }),
    );
  });
});
