import { describe, expect, it } from 'vitest';
import {
  driftRule,
  driftScore,
  statisticVsThreshold,
  thresholdOrigin,
} from '../../lambdas/render/report-wording.ts';
import { featureResult } from '../support/report-builders.ts';

const calibrated = featureResult({
  method: 't_test',
  statistic: -4.2,
  pValue: 0.00003,
  threshold: 2.5,
  decision: 'distance',
  drifted: true,
  thresholdSource: 'calibrated',
  calibration: {
    chunks: 100,
    chunkSize: 2896,
    strategy: 'random',
    withReplacement: false,
    mean: 0.8,
    std: 0.57,
    statistic: 4.2,
  },
});

describe('threshold wording', () => {
  it('states a calibrated threshold as a strict bound on the calibration statistic, with its spread', () => {
    expect(driftRule(calibrated)).toBe('> 2.5');
    expect(thresholdOrigin(calibrated)).toBe('calibrated: 100 random chunks of 2,896, 0.8 ± 0.57');
    expect(statisticVsThreshold(calibrated)).toBe('t-test 4.2 > 2.5 (calibrated)');
    expect(driftScore(calibrated)).toBeCloseTo(4.2 / 2.5, 12);
  });

  it('keeps the fixed rules as they were, and names where the threshold came from', () => {
    const ks = featureResult({
      method: 'ks',
      decision: 'p_value',
      threshold: 0.05,
      thresholdSource: 'default',
    });
    expect(driftRule(ks)).toBe('p < 0.05');
    expect(thresholdOrigin(ks)).toBe('default');
    const configured = featureResult({ decision: 'distance', threshold: 0.2, thresholdSource: 'configured' });
    expect(driftRule(configured)).toBe('≥ 0.2');
    expect(driftRule(configured, true)).toBe('>= 0.2');
    expect(thresholdOrigin(configured)).toBe('configured');
  });

  it('says a default raised to the sampling noise came from the noise, above which default', () => {
    const floored = featureResult({
      method: 'jensen_shannon',
      decision: 'distance',
      statistic: 0.21,
      threshold: 0.337,
      thresholdSource: 'noise_floor',
      drifted: false,
    });
    expect(driftRule(floored)).toBe('≥ 0.337');
    expect(thresholdOrigin(floored)).toBe('sampling noise at these sizes (above the default 0.1)');
  });

  it('says why a feature asked to be calibrated kept its default', () => {
    const fallback = featureResult({
      threshold: 0.1,
      thresholdSource: 'default',
      calibration: {
        ...calibrated.calibration!,
        chunks: 0,
        problem: 'the baseline holds too few values to draw chunks from',
      },
    });
    expect(thresholdOrigin(fallback)).toBe(
      'default (not calibrated: the baseline holds too few values to draw chunks from)',
    );
  });
});
