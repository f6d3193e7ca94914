import type { DriftSettings } from '../config.ts';
import type { FeatureKind } from '../core/kinds.ts';
import { DEFAULT_SAMPLING } from '../core/profile/numeric-summary.ts';
import type { ProfilerOptions } from '../core/profile/profiler.ts';

/** Profiler options from a monitor's drift settings: the same rule as `driftwatch check` (check-command.ts). */
export function profilerOptionsOf(settings: DriftSettings): ProfilerOptions {
  const kindOverrides: Record<string, FeatureKind> = {};
  for (const [name, feature] of Object.entries(settings.features)) {
    if (feature.kind !== undefined) kindOverrides[name] = feature.kind as FeatureKind;
  }
  return {
    sampling: { ...DEFAULT_SAMPLING, maxValues: settings.sampling.maxValues ?? DEFAULT_SAMPLING.maxValues },
    kindOverrides,
    ...(settings.sampling.seed !== undefined ? { seed: settings.sampling.seed } : {}),
  };
}
