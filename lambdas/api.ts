/**
 * The drift engine as a library (`import { checkTables } from 'driftwatch'`): profile tables on
 * disk (Parquet, CSV, TSV, JSON Lines, gzip; a file or a folder of part files), compare profiles,
 * and get the same JSON report `driftwatch check --format json` prints. No AWS.
 */

import { loadProfile } from './cli/load-profile.ts';
import { checkPerformance, collectorOf, modelCollections } from './cli/model-quality.ts';
import { type DriftSettingsInput, parseDriftSettings } from './config.ts';
import { compare } from './core/compare.ts';
import type { Profile } from './core/profile/profile.ts';
import type { DriftReport } from './core/report.ts';
import { checkSetupOf } from './drift-settings.ts';

export type { DriftSettingsInput } from './config.ts';
export { ConfigError } from './config-error.ts';
export { DriftwatchError, SnapshotFormatError, UsageError } from './core/errors.ts';
export type { FeatureKind } from './core/kinds.ts';
export type { MethodId } from './core/method-registry.ts';
export type { MetricDegradation } from './core/performance/degradation.ts';
export type { MetricName, ModelTask } from './core/performance/metric-names.ts';
export type { LabelCoverage, PerformanceSection } from './core/performance/performance-section.ts';
export type { Profile } from './core/profile/profile.ts';
export { profileFromBytes, profileToBytes } from './core/profile/serialize-profile.ts';
export type {
  DriftReport,
  FeatureDistribution,
  FeatureResult,
  NumericSide,
  QualityCheck,
  QualityViolation,
  ReportStatus,
  Severity,
  ShareChange,
} from './core/report.ts';
export { REPORT_SCHEMA_VERSION, REPORT_STATUSES } from './core/report.ts';

/**
 * Profiles a table: a file, a folder of part files (read as one table, in name order), or a
 * profile saved by `driftwatch profile` / `profileToBytes`. `settings` is a monitor's `drift`
 * section (README "Monitor settings"); its sampling and feature kinds shape the profile.
 * @throws SnapshotFormatError naming the file, the row or column, and the problem
 * @throws ConfigError for invalid settings
 */
export async function profileTable(path: string, settings: DriftSettingsInput = {}): Promise<Profile> {
  return loadProfile(path, checkSetupOf(parseDriftSettings(settings, 'settings')));
}

/**
 * Compares a current profile with a baseline profile under the drift settings: the report
 * `driftwatch check --format json` prints. Pure; the profiles are not changed.
 * @throws ConfigError for invalid settings
 */
export function compareProfiles(
  baseline: Profile,
  current: Profile,
  settings: DriftSettingsInput = {},
): DriftReport {
  return compare(baseline, current, checkSetupOf(parseDriftSettings(settings, 'settings')).policy);
}

/**
 * Profiles both tables and compares them: `driftwatch check --baseline <a> --current <b>` as a
 * function. A report's `status` is `drift` when the drift found should page (README "Statuses");
 * with `model` settings its `performance` says whether the model degraded (README "Model monitoring").
 */
export async function checkTables(
  baselinePath: string,
  currentPath: string,
  settings: DriftSettingsInput = {},
): Promise<DriftReport> {
  const setup = checkSetupOf(parseDriftSettings(settings, 'settings'), { compareOnly: true });
  const collections =
    setup.model === null ? null : modelCollections(setup.model, setup.policy.columns.id, undefined);
  const baselineRows = collectorOf(collections?.baseline);
  const currentRows = collectorOf(collections?.current);
  const baseline = await loadProfile(baselinePath, setup, undefined, baselineRows);
  const current = await loadProfile(currentPath, setup, undefined, currentRows);
  const report = compare(baseline, current, setup.policy);
  if (setup.model === null || currentRows === undefined) return report;
  const performance = await checkPerformance({
    spec: setup.model,
    baseline: baselineRows?.finish() ?? null,
    current: currentRows.finish(),
  });
  return { ...report, performance };
}
