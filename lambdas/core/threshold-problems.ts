import type { FeatureKind } from './kinds.ts';
import { type MethodId, thresholdInRange, thresholdRangeText } from './method-registry.ts';
import type { DriftPolicy, ThresholdRule } from './policy.ts';
import { DEFAULT_METHOD_IDS } from './select-method.ts';

/** A threshold outside the range of a method it applies to: where it was set, and why it is wrong. */
export interface ThresholdProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type ThresholdSettings = Pick<
  DriftPolicy,
  'methodByKind' | 'threshold' | 'thresholdByMethod' | 'features' | 'driftKinds'
> &
  Partial<Pick<DriftPolicy, 'thresholdByKind'>>;

/**
 * Thresholds that cannot work for a method they apply to (`--threshold 5` with KS: every p-value is
 * below 5). A threshold set without a method is held to every method it may meet: the kinds'
 * methods, the default rule's (`DEFAULT_METHOD_IDS`) where a tested kind has none, and the
 * features' own methods.
 */
export function thresholdProblems(settings: ThresholdSettings): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  // A calibrated threshold is drawn on each method's own scale: it fits every method.
  const check = (
    path: readonly (string | number)[],
    threshold: ThresholdRule,
    methods: Iterable<MethodId>,
  ) => {
    if (threshold === 'calibrated') return;
    const misfits = new Map<string, MethodId[]>();
    for (const method of new Set(methods)) {
      if (thresholdInRange(method, threshold)) continue;
      const range = thresholdRangeText(method);
      misfits.set(range, [...(misfits.get(range) ?? []), method]);
    }
    for (const [range, ids] of misfits) {
      const who = ids.length === 1 ? `${ids[0]} takes` : `${ids.join(', ')} take`;
      problems.push({ path, message: `${threshold} is out of range: ${who} ${range}` });
    }
  };
  const kindMethods = Object.values(settings.methodByKind).filter((m): m is MethodId => m !== undefined);
  const someKindUnset = settings.driftKinds.some(
    (kind: FeatureKind) => settings.methodByKind[kind] === undefined,
  );
  const ruleMethods = [...(someKindUnset ? DEFAULT_METHOD_IDS : []), ...kindMethods];

  for (const [method, threshold] of Object.entries(settings.thresholdByMethod) as [
    MethodId,
    ThresholdRule,
  ][]) {
    check(['thresholds', method], threshold, [method]);
  }
  for (const [kind, threshold] of Object.entries(settings.thresholdByKind ?? {}) as [
    FeatureKind,
    ThresholdRule,
  ][]) {
    const own = settings.methodByKind[kind];
    check(['thresholds', kind], threshold, own !== undefined ? [own] : DEFAULT_METHOD_IDS);
  }
  const unsetMethods: MethodId[] = [];
  for (const [name, feature] of settings.features) {
    const methods =
      feature.method !== undefined
        ? [feature.method]
        : feature.kind !== undefined && settings.methodByKind[feature.kind] !== undefined
          ? [settings.methodByKind[feature.kind]!]
          : [...DEFAULT_METHOD_IDS, ...kindMethods];
    if (feature.threshold !== undefined) check(['features', name, 'threshold'], feature.threshold, methods);
    else unsetMethods.push(...methods);
  }
  if (settings.threshold !== undefined) {
    const own = new Set(Object.keys(settings.thresholdByMethod));
    const methods = [...ruleMethods, ...unsetMethods].filter((method) => !own.has(method));
    check(['threshold'], settings.threshold, methods);
  }
  return problems;
}
