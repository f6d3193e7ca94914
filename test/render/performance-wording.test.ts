import { describe, expect, it } from 'vitest';
import { comparePerformance } from '../../lambdas/core/performance/degradation.ts';
import type { MetricName } from '../../lambdas/core/performance/metric-names.ts';
import { degradationSentences } from '../../lambdas/render/performance-wording.ts';

function measured(task: 'classification' | 'regression', values: Partial<Record<MetricName, number>>) {
  return {
    task,
    rows: 100,
    missing: { target: 0, prediction: 0 },
    metrics: Object.entries(values).map(([name, value]) => ({ name: name as MetricName, value, rows: 100 })),
  };
}

describe('degradationSentences', () => {
  it('says what fell, from what to what, and the allowance it went past, for each degraded metric only', () => {
    const comparison = comparePerformance(
      measured('classification', { roc_auc: 0.912, accuracy: 0.9 }),
      measured('classification', { roc_auc: 0.845, accuracy: 0.89 }),
    );
    expect(degradationSentences(comparison)).toEqual([
      'ROC AUC fell from 0.912 to 0.845 (−0.067), past the allowed drop of 0.05.',
    ]);
  });

  it('says a rise of an error as a share when its rule is relative', () => {
    const comparison = comparePerformance(
      measured('regression', { rmse: 3.2, r2: 0.8 }),
      measured('regression', { rmse: 4.1, r2: 0.65 }),
    );
    expect(degradationSentences(comparison)).toEqual([
      'RMSE rose from 3.2 to 4.1 (+28%), past the allowed rise of 20%.',
      'R² fell from 0.8 to 0.65 (−0.15), past the allowed drop of 0.1.',
    ]);
  });
});
