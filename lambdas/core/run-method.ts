import { type AlignedCounts, FeatureInputError, type FeatureInputs } from './feature-inputs.ts';
import { type MethodId, methodSpec } from './method-registry.ts';
import type { MethodResult } from './methods/types.ts';
import type { DriftPolicy } from './policy.ts';

/**
 * Runs one method on one feature's inputs as the policy asks (binning, Evidently's variants): the
 * compare and the calibration of thresholds both come through here, so a calibrated threshold is
 * drawn from the very statistic it is compared with. Returns the result and how many values of
 * each side the method compared (fewer than all when a side was sampled).
 * @throws FeatureInputError when the feature's data cannot feed the method
 */
export function runMethod(
  method: MethodId,
  inputs: FeatureInputs,
  policy: Pick<DriftPolicy, 'compat' | 'binning' | 'bins'>,
): { result: MethodResult; compared: { reference: number; current: number } } {
  const spec = methodSpec(method);
  if (spec.input === 'sorted') {
    if (!inputs.isNumeric)
      throw new FeatureInputError(`${method} compares numbers; this feature is ${inputs.kind}`);
    const { reference, current } = inputs.sorted();
    const run =
      policy.compat === 'evidently' && spec.runEvidently !== undefined ? spec.runEvidently : spec.run;
    return {
      result: run(reference, current),
      compared: { reference: reference.length, current: current.length },
    };
  }
  let counts: AlignedCounts = inputs.alignedCounts(spec, policy.binning, policy.bins);
  if (spec.binary) {
    if (counts.labels.length > 2) {
      throw new FeatureInputError(
        `${method} compares two categories; this feature has ${counts.labels.length}`,
      );
    }
    if (counts.labels.length === 1) counts = padToTwo(counts);
  }
  const run = policy.compat === 'evidently' && spec.runEvidently !== undefined ? spec.runEvidently : spec.run;
  return {
    result: run(counts.reference, counts.current),
    compared: { reference: sum(counts.reference), current: sum(counts.current) },
  };
}

/** A single value on both sides is a two-category table with an empty second category. */
function padToTwo(counts: AlignedCounts): AlignedCounts {
  return {
    labels: [...counts.labels, '(none)'],
    reference: Float64Array.of(counts.reference[0], 0),
    current: Float64Array.of(counts.current[0], 0),
  };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
