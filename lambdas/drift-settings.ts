import type { DriftSettings } from './config.ts';
import type { NamedColumn } from './core/column-names.ts';
import { type ColumnRoles, roleAssignments } from './core/column-roles.ts';
import { UsageError } from './core/errors.ts';
import { DRIFT_KINDS_BY_DEFAULT, FEATURE_KINDS, type FeatureKind } from './core/kinds.ts';
import type { MethodId } from './core/method-registry.ts';
import {
  DEFAULT_LABEL_WINDOW_DAYS,
  DEFAULT_MIN_LABEL_COVERAGE,
  DEFAULT_MODEL_MAX_ROWS,
  defaultModelMetrics,
  type ModelSettings,
  type ModelSpec,
  modelProblems,
} from './core/performance/model-spec.ts';
import {
  type CalibrationSettings,
  DEFAULT_CALIBRATION,
  DEFAULT_MULTIVARIATE,
  DEFAULT_POLICY,
  DEFAULT_SIGMAS,
  type DriftPolicy,
  type MultivariateSettings,
  makePolicy,
  type ThresholdRule,
} from './core/policy.ts';
import { DEFAULT_SAMPLING } from './core/profile/numeric-summary.ts';
import type { ProfilerOptions } from './core/profile/profiler.ts';
import { thresholdProblems } from './core/threshold-problems.ts';
import type { TableReading } from './io/profile-sources.ts';

/**
 * The drift settings with nothing configured: what `parseDriftSettings({})` gives, built here so
 * a `driftwatch check` without `--config` does not load the schema library (its loading would
 * delay the workers' jobs at start-up). Every value comes from the engine's defaults; a test
 * holds the two equal. A fresh object each call: callers may build on it.
 */
export function defaultDriftSettings(): DriftSettings {
  return {
    compat: DEFAULT_POLICY.compat,
    methods: {},
    thresholds: {},
    calibration: {},
    features: new Map(),
    columns: { prediction: [] },
    include: [],
    exclude: [],
    driftShare: DEFAULT_POLICY.driftShare,
    correction: DEFAULT_POLICY.correction,
    bins: DEFAULT_POLICY.bins,
    quality: {},
    multivariate: {},
    sampling: {},
    readLimits: {},
  };
}

/** What the CLI's flags lay over a monitor's drift settings; each field replaces or extends its setting. */
export interface SettingsOverlay {
  /** Method per kind, over the settings' `methods`. */
  readonly methodByKind?: Partial<Record<FeatureKind, MethodId>>;
  /** Replaces `threshold`. */
  readonly threshold?: number;
  /** Calibrated thresholds for every feature without a threshold of its own or of its method or kind. */
  readonly calibrate?: boolean;
  /** Replaces `compat`, and with it the binning (a `binning` setting gives way). */
  readonly compat?: DriftPolicy['compat'];
  /** Added to `exclude`. */
  readonly exclude?: readonly string[];
  /** Each role given replaces the settings' (`--id`, `--timestamp`, `--prediction`, `--target`). */
  readonly columns?: Partial<ColumnRoles>;
  /** Keep every value: no sampling beyond the value budget. */
  readonly exact?: boolean;
  /** Replaces `decimal`. */
  readonly decimal?: '.' | ',';
  /** The profiles are only compared, then dropped (never stored or merged). */
  readonly compareOnly?: boolean;
  /** Replaces `multivariate.enabled` (`--multivariate`, `--no-multivariate`). */
  readonly multivariate?: boolean;
  /**
   * Each field given replaces the settings' `model` field (`--task`, `--score`,
   * `--positive-class`, `--metrics`); `--task` alone turns model monitoring on.
   */
  readonly model?: Partial<ModelSettings>;
}

/** Everything the engine needs for one check: how to profile the tables and how to compare them. */
export interface CheckSetup extends TableReading {
  readonly policy: DriftPolicy;
  readonly profilerOptions: ProfilerOptions;
  /**
   * Every column the settings and flags name, with where it was named (`exclude`,
   * `features`, `--exclude`, ...): each must be a column of the table (`requireKnownColumns`)
   * once the table's columns are known.
   */
  readonly namedColumns: readonly NamedColumn[];
  /** What to measure of the model; null when the monitor has no `model` settings. */
  readonly model: ModelSpec | null;
}

/**
 * The one way from validated drift settings (and the CLI's flags) to the engine's inputs, used by
 * `driftwatch check`, the scheduled check (and `driftwatch run`) and every fan-out step, so a
 * setting means the same wherever the check runs. Unset settings take the engine's defaults
 * (`DEFAULT_POLICY`, `DEFAULT_SAMPLING`).
 */
export function checkSetupOf(settings: DriftSettings, overlay: SettingsOverlay = {}): CheckSetup {
  const columns: ColumnRoles = { ...settings.columns, ...overlay.columns };
  const model = modelSpecOf(settings.model, overlay.model, columns);
  const policy = makePolicy({
    compat: overlay.compat ?? settings.compat,
    methodByKind: { ...settings.methods, ...overlay.methodByKind },
    ...monitorThresholds(settings, overlay),
    calibration: calibrationOf(settings.calibration),
    features: settings.features,
    columns,
    include: settings.include,
    exclude: [...settings.exclude, ...(overlay.exclude ?? [])],
    driftKinds: testedKindsOf(settings),
    driftShare: settings.driftShare,
    correction: settings.correction,
    bins: settings.bins,
    // Unset: `makePolicy` derives the binning and the noise floor from the compat.
    ...(settings.binning && overlay.compat === undefined ? { binning: settings.binning } : {}),
    ...(settings.noiseFloor !== undefined && overlay.compat === undefined
      ? { noiseFloor: settings.noiseFloor }
      : {}),
    quality: settings.quality,
    ...(settings.alertOn ? { alertOn: settings.alertOn } : {}),
    multivariate: multivariateOf(settings.multivariate, overlay.multivariate),
    ...(model !== null ? { labelColumn: model.target } : {}),
  });
  // The settings passed their schema; a flag's threshold or method may still not fit the other side.
  const [problem] = thresholdProblems(policy);
  if (problem !== undefined) {
    const where =
      problem.path[0] === 'threshold' && overlay.threshold !== undefined
        ? '--threshold'
        : problem.path.join('.');
    throw new UsageError(`${where}: ${problem.message}`);
  }
  const profilerOptions: ProfilerOptions = {
    sampling: {
      ...DEFAULT_SAMPLING,
      maxValues: overlay.exact
        ? Number.MAX_SAFE_INTEGER
        : (settings.sampling.maxValues ?? DEFAULT_SAMPLING.maxValues),
    },
    kindOverrides: kindOverridesOf(policy),
    ...(overlay.compareOnly ? { compareOnly: true } : {}),
    ...(settings.sampling.seed !== undefined ? { seed: settings.sampling.seed } : {}),
    // Only when set: the default leaves cached profiles' keys as they were.
    ...((overlay.decimal ?? settings.decimal) === ',' ? { decimalSeparator: ',' as const } : {}),
  };
  return {
    policy,
    profilerOptions,
    ...(policy.multivariate.enabled !== false
      ? {
          rowSample: {
            maxRows: policy.multivariate.sampleRows,
            seed: policy.calibration.seed,
            ...(policy.multivariate.columns.length > 0 ? { columns: policy.multivariate.columns } : {}),
          },
        }
      : {}),
    readLimits: settings.readLimits,
    namedColumns: [
      ...namedColumnsOf(settings, overlay, policy.columns),
      ...modelColumnsOf(settings.model, overlay.model),
    ],
    model,
  };
}

/** The flag that sets each `model` field, for errors about a value a flag gave. */
const MODEL_FLAGS: Readonly<Partial<Record<keyof ModelSettings, string>>> = {
  task: '--task',
  score: '--score',
  positiveClass: '--positive-class',
  metrics: '--metrics',
};

/**
 * The `model` settings with the flags laid over them, checked by the same rules as the config
 * schema, with target and prediction taken from the column roles when not named.
 * @throws UsageError naming the field (or flag) and the problem
 */
function modelSpecOf(
  settings: ModelSettings | undefined,
  flags: Partial<ModelSettings> | undefined,
  roles: ColumnRoles,
): ModelSpec | null {
  const task = flags?.task ?? settings?.task;
  if (task === undefined) {
    if (flags !== undefined && Object.keys(flags).length > 0) {
      const given = Object.keys(flags).map((key) => MODEL_FLAGS[key as keyof ModelSettings] ?? key);
      throw new UsageError(`${given.join(', ')}: model monitoring needs --task classification|regression`);
    }
    return null;
  }
  const model: ModelSettings = { ...settings, ...flags, task };
  // A field the flags set, or (with flags given) one neither flags nor settings set, is named by its flag.
  const cli = flags !== undefined && Object.keys(flags).length > 0;
  const fieldName = (path: readonly (string | number)[]) => {
    const field = path[0] as keyof ModelSettings;
    const flag = MODEL_FLAGS[field];
    const byFlag = flags?.[field] !== undefined || (cli && settings?.[field] === undefined);
    return flag !== undefined && byFlag ? flag : `model.${path.join('.')}`;
  };
  const [problem] = modelProblems(model);
  if (problem !== undefined) throw new UsageError(`${fieldName(problem.path)}: ${problem.message}`);
  const target = model.target ?? roles.target;
  if (target === undefined) {
    throw new UsageError('model.target: name the label column here, in columns.target, or with --target');
  }
  let prediction = model.prediction;
  if (prediction === undefined) {
    if (roles.prediction.length !== 1) {
      throw new UsageError(
        roles.prediction.length === 0
          ? 'model.prediction: name the predicted label column here, in columns.prediction, or with --prediction'
          : `model.prediction: columns.prediction names ${roles.prediction.length} columns (${roles.prediction.join(', ')}); say which one holds the predicted ${task === 'classification' ? 'label' : 'value'}`,
      );
    }
    prediction = roles.prediction[0];
  }
  const metrics =
    model.metrics ?? defaultModelMetrics(task, model.positiveClass !== undefined, model.score !== undefined);
  return {
    task,
    target,
    prediction,
    ...(model.score !== undefined ? { score: model.score } : {}),
    ...(model.positiveClass !== undefined ? { positiveClass: model.positiveClass } : {}),
    metrics,
    degradation: model.degradation ?? {},
    maxRows: model.maxRows ?? DEFAULT_MODEL_MAX_ROWS,
    labelWindowDays: model.labelWindowDays ?? DEFAULT_LABEL_WINDOW_DAYS,
    minLabelCoverage: model.minLabelCoverage ?? DEFAULT_MIN_LABEL_COVERAGE,
  };
}

/** The columns `model` names itself (target and prediction from the roles are named there). */
function modelColumnsOf(
  settings: ModelSettings | undefined,
  flags: Partial<ModelSettings> | undefined,
): NamedColumn[] {
  const named: NamedColumn[] = [];
  for (const field of ['target', 'prediction', 'score'] as const) {
    const flagged = flags?.[field];
    if (flagged !== undefined) named.push({ setting: MODEL_FLAGS[field] ?? `--${field}`, name: flagged });
    else if (settings?.[field] !== undefined)
      named.push({ setting: `model.${field}`, name: settings[field] });
  }
  return named;
}

/** The columns the settings name, and where; a flag's under the flag's name. */
function namedColumnsOf(
  settings: DriftSettings,
  overlay: SettingsOverlay,
  roles: ColumnRoles,
): NamedColumn[] {
  const named = (setting: string, names: Iterable<string>) =>
    [...names].map((name): NamedColumn => ({ setting, name }));
  const flagged = overlay.columns ?? {};
  // A role given by a flag is named by the flag (`--timestamp`), else by its setting.
  const roleNames = roleAssignments(roles).map(({ role, column, setting }): NamedColumn => {
    const byFlag = role === 'prediction' ? flagged.prediction?.includes(column) : flagged[role] === column;
    return { setting: byFlag ? `--${role}` : setting, name: column };
  });
  return [
    ...roleNames,
    ...named('include', settings.include),
    ...named('exclude', settings.exclude),
    ...named('features', settings.features.keys()),
    ...named('alertOn.features', settings.alertOn?.features ?? []),
    ...named('multivariate.columns', settings.multivariate.columns ?? []),
    ...named('--exclude', overlay.exclude ?? []),
  ];
}

/** The kinds tested for drift: `driftKinds` (or the default three), plus `alsoTestKinds`. */
export function testedKindsOf(settings: Pick<DriftSettings, 'driftKinds' | 'alsoTestKinds'>): FeatureKind[] {
  return [
    ...new Set([...(settings.driftKinds ?? DRIFT_KINDS_BY_DEFAULT), ...(settings.alsoTestKinds ?? [])]),
  ];
}

/** `thresholds` split into its method and kind entries; `"calibrated"` (or `--calibrate`) is the monitor-wide rule. */
function monitorThresholds(
  settings: DriftSettings,
  overlay: SettingsOverlay,
): Pick<DriftPolicy, 'threshold' | 'thresholdByMethod' | 'thresholdByKind'> {
  const { byMethod, byKind } = splitThresholds(settings.thresholds);
  const threshold: ThresholdRule | undefined =
    overlay.threshold ??
    (overlay.calibrate === true || settings.thresholds === 'calibrated' ? 'calibrated' : settings.threshold);
  return {
    threshold,
    thresholdByMethod: byMethod,
    thresholdByKind: byKind,
  };
}

/** Unset fields take `DEFAULT_MULTIVARIATE`'s; unset `enabled` is `'auto'` (the row floor decides). */
function multivariateOf(
  settings: DriftSettings['multivariate'],
  flag: boolean | undefined,
): MultivariateSettings {
  return {
    enabled: flag ?? settings.enabled ?? DEFAULT_MULTIVARIATE.enabled,
    varianceShare: settings.varianceShare ?? DEFAULT_MULTIVARIATE.varianceShare,
    sigmas: settings.sigmas ?? DEFAULT_MULTIVARIATE.sigmas,
    columns: settings.columns ?? DEFAULT_MULTIVARIATE.columns,
    sampleRows: settings.sampleRows ?? DEFAULT_MULTIVARIATE.sampleRows,
  };
}

function calibrationOf(settings: DriftSettings['calibration']): CalibrationSettings {
  return {
    rule:
      settings.falseAlarmRate !== undefined
        ? { falseAlarmRate: settings.falseAlarmRate }
        : { sigmas: settings.sigmas ?? DEFAULT_SIGMAS },
    chunks: settings.chunks ?? DEFAULT_CALIBRATION.chunks,
    seed: settings.seed ?? DEFAULT_CALIBRATION.seed,
  };
}

/** The `thresholds` setting's entries by method and by kind (none when it is `"calibrated"`). */
export function splitThresholds(thresholds: DriftSettings['thresholds']): {
  byMethod: Partial<Record<MethodId, ThresholdRule>>;
  byKind: Partial<Record<FeatureKind, ThresholdRule>>;
} {
  const byKind: Partial<Record<FeatureKind, ThresholdRule>> = {};
  const byMethod: Partial<Record<MethodId, ThresholdRule>> = {};
  if (thresholds === 'calibrated') return { byMethod, byKind };
  for (const [key, rule] of Object.entries(thresholds)) {
    if (rule === undefined) continue;
    if ((FEATURE_KINDS as readonly string[]).includes(key)) byKind[key as FeatureKind] = rule;
    else byMethod[key as MethodId] = rule;
  }
  return { byMethod, byKind };
}

/**
 * The kinds forced by a policy, by column name: what the profiler takes. The `timestamp` role
 * reads its column as date-times unless its feature settings say another kind.
 */
function kindOverridesOf(policy: DriftPolicy): ReadonlyMap<string, FeatureKind> {
  const overrides = new Map<string, FeatureKind>();
  if (policy.columns.timestamp !== undefined) overrides.set(policy.columns.timestamp, 'datetime');
  for (const [name, feature] of policy.features)
    if (feature.kind !== undefined) overrides.set(name, feature.kind);
  return overrides;
}
