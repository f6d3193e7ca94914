import type { FeatureCalibration } from './calibration/calibrate-feature.ts';
import type { FeatureInputs } from './feature-inputs.ts';
import type { FeatureKind } from './kinds.ts';
import { type MethodId, type MethodSpec, methodSpec } from './method-registry.ts';
import type { MethodResult } from './methods/types.ts';
import { noiseFloor } from './noise-floor.ts';
import type { DriftPolicy, ThresholdRule } from './policy.ts';
import type { FeatureResult, ThresholdSource } from './report.ts';

/** How a feature's statistic becomes a verdict: which threshold applies, and drifted or not. */

/**
 * A feature's threshold rule, the most specific setting first: the feature's, its method's, its
 * kind's, the monitor's; else the method's default.
 */
export function thresholdRuleOf(
  name: string,
  kind: FeatureKind,
  method: MethodId,
  policy: DriftPolicy,
): { rule: ThresholdRule; source: ThresholdSource } {
  const configured =
    policy.features.get(name)?.threshold ??
    policy.thresholdByMethod[method] ??
    policy.thresholdByKind[kind] ??
    policy.threshold;
  if (configured === undefined) return { rule: methodSpec(method).defaultThreshold, source: 'default' };
  return { rule: configured, source: 'configured' };
}

export function fixedVerdict(
  result: MethodResult,
  threshold: number,
  spec: MethodSpec,
  policy: DriftPolicy,
): Pick<FeatureResult, 'threshold' | 'decision' | 'drifted'> {
  const atThresholdDrifts = policy.compat === 'evidently' && spec.evidentlyDriftsAtThreshold === true;
  const p = result.pValue ?? 1;
  const drifted =
    spec.decision === 'p_value'
      ? p < threshold || (atThresholdDrifts && p === threshold)
      : result.statistic >= threshold;
  return { threshold, decision: spec.decision, drifted };
}

/**
 * The verdict at a fixed threshold: a configured one as given; a method's default raised to the
 * statistic's sampling noise at these sizes when the policy asks and the noise is larger
 * (`thresholdSource: 'noise_floor'`).
 */
export function defaultOrFloorVerdict(
  result: MethodResult,
  threshold: number,
  source: ThresholdSource,
  method: MethodId,
  inputs: FeatureInputs,
  policy: DriftPolicy,
  featureName: string,
): Pick<FeatureResult, 'threshold' | 'decision' | 'drifted' | 'thresholdSource'> {
  const spec = methodSpec(method);
  const floor =
    source === 'default' && policy.noiseFloor ? noiseFloor(method, inputs, policy, featureName) : null;
  if (floor !== null && floor > threshold) {
    return { ...fixedVerdict(result, floor, spec, policy), thresholdSource: 'noise_floor' };
  }
  return { ...fixedVerdict(result, threshold, spec, policy), thresholdSource: source };
}

/**
 * Drifted when the calibration statistic is above the calibrated threshold: strictly, so a
 * feature whose chunks never moved (threshold 0) does not drift at 0. A feature that could not be
 * calibrated gets the `uncalibrated` verdict (its method's default, with the noise floor when the
 * policy has one), and says why.
 */
export function calibratedVerdict(
  calibration: FeatureCalibration,
  statistic: number,
  uncalibrated: () => Pick<FeatureResult, 'threshold' | 'decision' | 'drifted' | 'thresholdSource'>,
): Pick<FeatureResult, 'threshold' | 'decision' | 'drifted' | 'thresholdSource' | 'calibration'> {
  const summary = {
    chunks: calibration.chunks,
    chunkSize: calibration.chunkSize,
    strategy: calibration.strategy,
    ...(calibration.periodMs !== undefined ? { periodMs: calibration.periodMs } : {}),
    ...(calibration.fallback !== undefined ? { fallback: calibration.fallback } : {}),
    withReplacement: calibration.withReplacement,
    mean: calibration.mean,
    std: calibration.std,
    statistic,
    ...(calibration.problem !== undefined ? { problem: calibration.problem } : {}),
  };
  if (calibration.threshold === null) return { ...uncalibrated(), calibration: summary };
  return {
    threshold: calibration.threshold,
    decision: 'distance',
    drifted: statistic > calibration.threshold,
    thresholdSource: 'calibrated',
    calibration: summary,
  };
}
