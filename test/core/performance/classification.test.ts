import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lambdas/core/errors.ts';
import { classificationPerformance } from '../../../lambdas/core/performance/classification.ts';
import { LabelEncoder } from '../../../lambdas/core/performance/label-encoder.ts';
import {
  CLASSIFICATION_METRICS,
  type ClassificationMetric,
  type MetricValue,
} from '../../../lambdas/core/performance/metric-names.ts';
import { agreesWithSklearn, type ClassificationGolden, modelMetricsGolden } from './model-metrics-golden.ts';

function encode(c: ClassificationGolden) {
  const encoder = new LabelEncoder();
  const target = Int32Array.from(c.target, (t) => encoder.code(t));
  const prediction = Int32Array.from(c.prediction, (p) => encoder.code(p));
  const positiveClass = c.positive === null ? null : encoder.code(c.positive);
  const score = c.score === null ? null : Float64Array.from(c.score, (s) => s ?? Number.NaN);
  return { classes: encoder.classes, target, prediction, score, positiveClass };
}

function metricsOf(c: ClassificationGolden): MetricValue[] {
  const asked = CLASSIFICATION_METRICS.filter((m) => m in c.sklearn);
  return [...classificationPerformance(encode(c), asked).metrics];
}

/**
 * Where sklearn warns but the value is well defined, we keep it: balanced accuracy leaves a class
 * that is only predicted out of its mean, as sklearn does after warning; recall_weighted's warning
 * is about a class of weight 0.
 */
const DEFINED_DESPITE_WARNING: readonly ClassificationMetric[] = ['balanced_accuracy', 'recall_weighted'];

describe('classification metrics against scikit-learn (test/golden/model_metrics.json, 1e-9 relative)', () => {
  it('records the sklearn version it was generated with', () => {
    expect(modelMetricsGolden.versions.sklearn).toMatch(/^1\.2\./);
  });

  describe.each(modelMetricsGolden.classification.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each(metricsOf(c).map((m) => [m.name, m] as const))('%s', (name, ours) => {
      const theirs = c.sklearn[name];
      if (ours.value !== null) {
        expect(typeof theirs.value).toBe('number');
        expect(
          agreesWithSklearn(ours.value, theirs.value as number),
          `${ours.value} vs ${theirs.value}`,
        ).toBe(true);
        if (theirs.warning !== null) expect(DEFINED_DESPITE_WARNING).toContain(name);
      } else {
        // Null exactly where sklearn raises, warns of a 0/0, or returns a non-finite value.
        expect(ours.reason).toBeTruthy();
        const undefinedThere =
          theirs.error !== null || theirs.warning !== null || typeof theirs.value === 'string';
        expect(undefinedThere, JSON.stringify(theirs)).toBe(true);
      }
    });
  });

  it('reports null with a reason where sklearn warns of a 0/0 and returns 0', () => {
    const constant = modelMetricsGolden.classification.find((c) => c.name === 'constant predictions')!;
    const precision = metricsOf(constant).find((m) => m.name === 'precision')!;
    expect(constant.sklearn.precision).toMatchObject({ value: 0 });
    expect(precision).toMatchObject({ value: null, reason: 'no row was predicted "yes": precision is 0/0' });
  });

  it('reports ROC AUC as null when one class is present, where sklearn raises', () => {
    const single = modelMetricsGolden.classification.find(
      (c) => c.name === 'single class: every label positive',
    )!;
    const auc = metricsOf(single).find((m) => m.name === 'roc_auc')!;
    expect(single.sklearn.roc_auc.error).toMatch(/Only one class present/);
    expect(auc.value).toBeNull();
    expect(auc.reason).toMatch(/every scored row is positive/);
  });

  it('leaves out rows missing a label, prediction or score, and counts them', () => {
    const c = modelMetricsGolden.classification.find(
      (g) => g.name === 'missing labels, predictions and scores',
    )!;
    const result = classificationPerformance(encode(c), ['accuracy', 'roc_auc']);
    const count = <T>(xs: T[]) => xs.filter((x) => x === null).length;
    expect(result.rows).toBe(c.target.length);
    expect(result.missing).toEqual({
      target: count(c.target),
      prediction: count(c.prediction),
      score: count(c.score!),
    });
    const labelled = c.target.filter((t, i) => t !== null && c.prediction[i] !== null).length;
    const scored = c.target.filter((t, i) => t !== null && c.score![i] !== null).length;
    expect(result.metrics.map((m) => m.rows)).toEqual([labelled, scored]);
  });
});

describe('classification metrics: requests and edge cases', () => {
  const two = { classes: ['no', 'yes'], target: Int32Array.of(0, 1, 1), prediction: Int32Array.of(0, 1, 0) };

  it('refuses a positive-class metric without a positive class, naming the setting', () => {
    expect(() => classificationPerformance(two, ['f1'])).toThrow(UsageError);
    expect(() => classificationPerformance(two, ['f1'])).toThrow(/"positiveClass"/);
  });

  it('refuses a score metric without a score column', () => {
    expect(() => classificationPerformance({ ...two, positiveClass: 1 }, ['roc_auc'])).toThrow(
      /"score" column/,
    );
  });

  it('reports every metric as null when no row has both a label and a prediction', () => {
    const none = { classes: ['no', 'yes'], target: Int32Array.of(-1, 1), prediction: Int32Array.of(0, -1) };
    const result = classificationPerformance(none, ['accuracy', 'f1_macro']);
    expect(result.metrics.map((m) => m.value)).toEqual([null, null]);
    expect(result.missing).toEqual({ target: 1, prediction: 1 });
  });

  it('refuses log loss and Brier score for a score outside [0, 1], but ranks it', () => {
    const input = { ...two, positiveClass: 1, score: Float64Array.of(-0.5, 2, 0.3) };
    const [auc, logLoss, brier] = classificationPerformance(input, ['roc_auc', 'log_loss', 'brier']).metrics;
    expect(auc.value).toBe(1);
    expect(logLoss).toMatchObject({
      value: null,
      reason: '2 score(s) lie outside [0, 1]: the score must be a probability',
    });
    expect(brier.value).toBeNull();
  });

  it('treats -0 and +0 scores as one tied value', () => {
    const input = { ...two, positiveClass: 1, target: Int32Array.of(0, 1), prediction: Int32Array.of(0, 1) };
    const [auc] = classificationPerformance({ ...input, score: Float64Array.of(0, -0) }, ['roc_auc']).metrics;
    expect(auc.value).toBe(0.5);
  });
});

describe('classification metrics: laws', () => {
  const rows = fc.array(
    fc.record({
      target: fc.integer({ min: 0, max: 3 }),
      prediction: fc.integer({ min: 0, max: 3 }),
      // A grid of scores: ties, and no subnormals that a transform could merge.
      score: fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
    }),
    { minLength: 1, maxLength: 60 },
  );
  const inputOf = (rs: { target: number; prediction: number; score: number }[]) => ({
    classes: ['a', 'b', 'c', 'd'],
    target: Int32Array.from(rs, (r) => r.target),
    prediction: Int32Array.from(rs, (r) => r.prediction),
    score: Float64Array.from(rs, (r) => r.score),
    positiveClass: 1,
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(rows, fc.integer(), (rs, seed) => {
        const shuffled = [...rs].sort((x, y) => ((x.score * 1e9 + seed) % 7) - ((y.score * 1e9 + seed) % 7));
        const a = classificationPerformance(inputOf(rs), CLASSIFICATION_METRICS).metrics;
        const b = classificationPerformance(inputOf(shuffled), CLASSIFICATION_METRICS).metrics;
        for (let i = 0; i < a.length; i++) {
          if (a[i].value === null) expect(b[i].value).toBeNull();
          else expect(agreesWithSklearn(a[i].value!, b[i].value!)).toBe(true);
        }
      }),
    );
  });

  it('keeps every defined score and loss in its range', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        for (const m of classificationPerformance(inputOf(rs), CLASSIFICATION_METRICS).metrics) {
          if (m.value === null) continue;
          expect(m.value).toBeGreaterThanOrEqual(0);
          if (m.name !== 'log_loss') expect(m.value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('gives ROC AUC 1 − AUC when the scores are reversed, and keeps it under a monotone transform', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const input = inputOf(rs);
        const [auc] = classificationPerformance(input, ['roc_auc']).metrics;
        if (auc.value === null) return;
        const reversed = { ...input, score: input.score.map((s) => 1 - s) };
        const squashed = { ...input, score: input.score.map((s) => s * s + s) };
        expect(classificationPerformance(reversed, ['roc_auc']).metrics[0].value).toBeCloseTo(
          1 - auc.value,
          12,
        );
        expect(classificationPerformance(squashed, ['roc_auc']).metrics[0].value).toBeCloseTo(auc.value, 12);
      }),
    );
  });
});
