import type { DriftSettings } from '../config.ts';
import { DEFAULT_SAMPLING } from '../core/profile/numeric-summary.ts';
import type { ProfilerOptions } from '../core/profile/profiler.ts';
import { kindOverridesOf, policyFromSettings } from '../drift-settings.ts';

/** Profiler options from a monitor's drift settings: the same rule as `driftwatch check` (check-command.ts). */
export function profilerOptionsOf(settings: DriftSettings): ProfilerOptions {
  return {
    sampling: { ...DEFAULT_SAMPLING, maxValues: settings.sampling.maxValues ?? DEFAULT_SAMPLING.maxValues },
    kindOverrides: kindOverridesOf(policyFromSettings(settings).features),
    ...(settings.sampling.seed !== undefined ? { seed: settings.sampling.seed } : {}),
  };
}
