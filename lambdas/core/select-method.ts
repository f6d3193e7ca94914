import type { FeatureKind } from './kinds.ts';
import type { MethodId } from './method-registry.ts';

/** Every method `defaultMethod` may choose. */
export const DEFAULT_METHOD_IDS: readonly MethodId[] = [
  'ks',
  'chi_square',
  'z',
  'wasserstein',
  'jensen_shannon',
];

/**
 * Evidently's default test for a column (evidently/calculations/stattests/registry.py,
 * `_get_default_stattest`): small references (≤ 1000 values) get tests with p-values, large
 * ones distances; few distinct values are treated as categories.
 *
 * @param referenceCount non-missing reference values (Evidently drops NaN and ±Inf first)
 * @param distinctInUnion distinct non-missing values over reference and current together
 */
export function defaultMethod(kind: FeatureKind, referenceCount: number, distinctInUnion: number): MethodId {
  const numeric = kind === 'numeric' || kind === 'datetime';
  if (referenceCount <= 1000) {
    if (numeric && distinctInUnion > 5) return 'ks';
    return distinctInUnion > 2 ? 'chi_square' : 'z';
  }
  if (numeric && distinctInUnion > 5) return 'wasserstein';
  return 'jensen_shannon';
}
