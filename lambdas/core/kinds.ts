export const FEATURE_KINDS = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const;

/** How a feature is treated by drift methods and quality checks. */
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** Kinds that take part in drift unless a monitor asks for more (docs/design.md §4). */
export const DRIFT_KINDS_BY_DEFAULT: readonly FeatureKind[] = ['numeric', 'categorical', 'boolean'];
