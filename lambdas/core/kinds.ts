/** How a feature is treated by drift methods and quality checks. */
export type FeatureKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

export const FEATURE_KINDS: readonly FeatureKind[] = [
  'numeric',
  'categorical',
  'boolean',
  'datetime',
  'text',
];

/** Kinds that take part in drift unless a monitor asks for more (docs/design.md §4). */
export const DRIFT_KINDS_BY_DEFAULT: readonly FeatureKind[] = ['numeric', 'categorical', 'boolean'];
