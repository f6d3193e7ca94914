import type { DriftSettings } from './config.ts';
import type { FeatureKind } from './core/kinds.ts';
import { DEFAULT_POLICY, type DriftPolicy, makePolicy } from './core/policy.ts';

/**
 * The drift settings with nothing configured: what `parseDriftSettings({})` gives, written out so a
 * `driftwatch check` without `--config` does not load the schema library (its loading would delay
 * the workers' jobs at start-up). A test holds the two equal. A fresh object
 * each call: callers may build on it.
 */
export function defaultDriftSettings(): DriftSettings {
  return {
    compat: DEFAULT_POLICY.compat,
    methods: {},
    thresholds: {},
    features: new Map(),
    include: [],
    exclude: [],
    driftShare: DEFAULT_POLICY.driftShare,
    correction: DEFAULT_POLICY.correction,
    bins: DEFAULT_POLICY.bins,
    quality: {},
    sampling: {},
  };
}

export function policyFromSettings(settings: DriftSettings): DriftPolicy {
  return makePolicy({
    compat: settings.compat,
    methodByKind: settings.methods as DriftPolicy['methodByKind'],
    threshold: settings.threshold,
    thresholdByMethod: settings.thresholds,
    features: settings.features as DriftPolicy['features'],
    include: settings.include,
    exclude: settings.exclude,
    ...(settings.driftKinds ? { driftKinds: settings.driftKinds as DriftPolicy['driftKinds'] } : {}),
    driftShare: settings.driftShare,
    correction: settings.correction,
    bins: settings.bins,
    ...(settings.binning ? { binning: settings.binning } : {}),
    quality: settings.quality,
    ...(settings.alertOn ? { alertOn: settings.alertOn } : {}),
  });
}

/** The kinds forced by a policy's feature settings, by column name: what the profiler takes. */
export function kindOverridesOf(features: DriftPolicy['features']): ReadonlyMap<string, FeatureKind> {
  const overrides = new Map<string, FeatureKind>();
  for (const [name, feature] of features) if (feature.kind !== undefined) overrides.set(name, feature.kind);
  return overrides;
}
