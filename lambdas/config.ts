import { z } from 'zod';
import { bucketNameProblem } from './bucket-name.ts';
import { ConfigError } from './config-error.ts';
import { roleAssignments } from './core/column-roles.ts';
import { FEATURE_KINDS, type FeatureKind } from './core/kinds.ts';
import { type MethodId, resolveMethodId, unknownMethodMessage } from './core/method-registry.ts';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from './core/performance/metric-names.ts';
import { type ModelSettings, modelProblems } from './core/performance/model-spec.ts';
import { BINNINGS, COMPAT_MODES, CORRECTIONS, DEFAULT_POLICY, type ThresholdRule } from './core/policy.ts';
import { QUALITY_CHECKS, SEVERITIES } from './core/report.ts';
import { thresholdProblems } from './core/threshold-problems.ts';
import { splitThresholds, testedKindsOf } from './drift-settings.ts';
import { INPUT_FORMATS } from './io/format.ts';
import type { ReadLimits } from './io/read-limits.ts';
import { normalisePrefix, overlappingPrefixes, prefixProblem } from './monitor-prefix.ts';
import { scheduleExpressionProblem, timeZoneProblem } from './schedule-expression.ts';
import { originProblem } from './slack/slack-webhook.ts';
import {
  DEFAULT_SCHEDULE_EXPRESSION,
  runsOnUpload,
  TRIGGERS,
  UPLOAD_HEARTBEAT_EXPRESSION,
} from './upload-trigger.ts';

/**
 * The monitor config schema, shared by the CLI, the Lambdas and the CDK app. This part
 * holds the drift settings of one monitor; errors name the path of the bad field.
 */
/** A method id in any case, or an alias (`KS`, `chi2`, `js`); an unknown one lists the valid ids. */
const methodId = z.string().transform((name, context): MethodId => {
  const id = resolveMethodId(name);
  if (id === undefined) context.addIssue({ code: 'custom', message: unknownMethodMessage(name) });
  return id ?? 'ks';
});
const kind = z.enum(FEATURE_KINDS);
/** Each method's own range is checked once the methods are known (`thresholdProblems`). */
const probabilityOrDistance = z.number().finite().positive();
/** A number, or `"calibrated"`: drawn from the baseline itself (README "Calibrated thresholds"). */
const thresholdRule = z.union([probabilityOrDistance, z.literal('calibrated')]);

/**
 * `thresholds` as an object: a threshold per method, keyed by method name (any case or alias), or
 * per feature kind (the kinds and the method names share no name). Read as `features` is, own keys
 * of a plain object, so no key is dropped unseen.
 */
const thresholdsSchema = z
  .custom<'calibrated' | Readonly<Record<string, unknown>>>(
    (value) =>
      value === 'calibrated' || (typeof value === 'object' && value !== null && !Array.isArray(value)),
    'expected "calibrated", or an object of thresholds by method or kind, e.g. {"ks": 0.01}',
  )
  .transform((value, context): 'calibrated' | Partial<Record<MethodId | FeatureKind, ThresholdRule>> => {
    if (value === 'calibrated') return value;
    const thresholds: Partial<Record<MethodId | FeatureKind, ThresholdRule>> = {};
    for (const [name, entry] of Object.entries(value)) {
      const id = (FEATURE_KINDS as readonly string[]).includes(name)
        ? (name as FeatureKind)
        : resolveMethodId(name);
      if (id === undefined) {
        context.addIssue({ code: 'custom', path: [name], message: unknownMethodMessage(name) });
        continue;
      }
      if (thresholds[id] !== undefined) {
        context.addIssue({ code: 'custom', path: [name], message: `a second threshold for ${id}` });
        continue;
      }
      const parsed = thresholdRule.safeParse(entry);
      if (parsed.success) thresholds[id] = parsed.data;
      else
        for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: [name, ...issue.path] });
    }
    return thresholds;
  });

const featureSettingsSchema = z
  .object({
    method: methodId.optional(),
    threshold: thresholdRule.optional(),
    kind: kind.optional(),
  })
  .strict();

type FeatureSettings = z.infer<typeof featureSettingsSchema>;

/**
 * `readLimits`: the readers' ceilings a monitor may move (defaults and meaning in read-limits.ts,
 * README "Limits on input files"). The Parquet row-count sanity rule is not a setting: it only
 * tells corrupt footers from real ones.
 */
const readLimitsSchema = z
  .object({
    maxColumns: z.number().int().min(1).optional(),
    maxLineBytes: z.number().int().min(1024).optional(),
    maxNestingDepth: z.number().int().min(1).max(10_000).optional(),
    maxInflatedBytes: z.number().int().min(1).optional(),
    maxInflationRatio: z.number().min(1).optional(),
  })
  .strict()
  .default({}) satisfies z.ZodType<Partial<ReadLimits>>;

/**
 * `features`: settings by column name, as a Map. Not `z.record`: zod drops a `__proto__` key (the
 * own property `JSON.parse` makes) without a word and without validating its value, and a plain
 * object keyed by column name answers `constructor` or `toString` with Object's own members. A
 * column may be named anything, so every own key of the JSON object is one column's settings.
 */
const featuresSchema = z
  .custom<Readonly<Record<string, unknown>>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'expected an object of feature settings by column name',
  )
  .transform((value, context) => {
    const features = new Map<string, FeatureSettings>();
    for (const [name, entry] of Object.entries(value)) {
      const parsed = featureSettingsSchema.safeParse(entry);
      if (parsed.success) features.set(name, parsed.data);
      else
        for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: [name, ...issue.path] });
    }
    return features;
  });

const columnName = z.string().min(1);

/** `columns`: what columns are (README "Columns"); `prediction` takes one name or a list. */
const columnRolesSchema = z
  .object({
    id: columnName.optional(),
    timestamp: columnName.optional(),
    prediction: z
      .union([columnName, z.array(columnName).min(1)])
      .optional()
      .transform((value) => (value === undefined ? [] : typeof value === 'string' ? [value] : value)),
    target: columnName.optional(),
  })
  .strict()
  .superRefine((roles, context) => {
    // One column, one role: an id that is also the target would be tested and not tested.
    const seen = new Map<string, string>();
    for (const { role, column, setting } of roleAssignments(roles)) {
      const earlier = seen.get(column);
      if (earlier !== undefined)
        context.addIssue({
          code: 'custom',
          path: [role],
          message: `"${column}" already has a role (${earlier})`,
        });
      else seen.set(column, setting);
    }
  });

const metricName = z.enum([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS]);

/** A class label as the cells read it: `1`, `true` and `"1"`/`"true"` name the same class. */
const classLabel = z.union([z.string().min(1), z.number().finite(), z.boolean()]).transform(String);

/**
 * `model`: model-quality monitoring (README "Model monitoring"). The rules that tie fields together
 * (a score needs a positive class, a metric must fit the task) live in `modelProblems`, which the
 * CLI's flags meet too.
 */
const modelSettingsSchema = z
  .object({
    task: z.enum(['classification', 'regression']),
    target: columnName.optional(),
    prediction: columnName.optional(),
    score: columnName.optional(),
    positiveClass: classLabel.optional(),
    metrics: z.array(metricName).min(1).optional(),
    degradation: z
      .partialRecord(
        metricName,
        z.object({ type: z.enum(['absolute', 'relative']), value: z.number().finite().min(0) }).strict(),
      )
      .optional(),
    maxRows: z.number().int().min(1).optional(),
    labelWindowDays: z.number().positive().max(3650).optional(),
    minLabelCoverage: z.number().gt(0).max(1).optional(),
  })
  .strict()
  .superRefine((model, context) => {
    for (const problem of modelProblems(model)) {
      context.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    }
  }) satisfies z.ZodType<ModelSettings>;

const driftSettingsSchema = z
  .object({
    /** 'evidently' reproduces Evidently's numbers exactly, its goodness-of-fit χ² included. */
    compat: z.enum(COMPAT_MODES).default(DEFAULT_POLICY.compat),
    /** Method per kind instead of the default selection rule, e.g. {"numeric": "ks"}. */
    methods: z.partialRecord(kind, methodId).default({}),
    /** One threshold for every feature. */
    threshold: probabilityOrDistance.optional(),
    /**
     * `"calibrated"` for every feature, or a threshold (a number or `"calibrated"`) per method
     * (any case or alias) or per feature kind, e.g. {"ks": 0.01, "categorical": "calibrated"}.
     */
    thresholds: thresholdsSchema.default(() => ({})),
    /**
     * A distance method's default threshold is raised to the statistic's sampling noise at the
     * check's sizes when that is larger. @default true (false with compat "evidently")
     */
    noiseFloor: z.boolean().optional(),
    /** How calibrated thresholds are drawn from the baseline. */
    calibration: z
      .object({
        /** Mean + this many standard deviations of the chunks' statistic. @default 3 */
        sigmas: z.number().finite().positive().optional(),
        /** Instead of `sigmas`: the chunks' (1 − rate) quantile. */
        falseAlarmRate: z.number().gt(0).max(0.5).optional(),
        /** Chunks per feature. @default 100 */
        chunks: z.number().int().min(20).max(2000).optional(),
        seed: z.number().int().optional(),
      })
      .strict()
      .refine((c) => c.sigmas === undefined || c.falseAlarmRate === undefined, {
        message: 'set sigmas or falseAlarmRate, not both',
      })
      .default({}),
    features: featuresSchema.default(() => new Map()),
    /** What columns are: {"id", "timestamp", "prediction", "target"}. */
    columns: columnRolesSchema.prefault({}),
    include: z.array(z.string()).default([]),
    exclude: z.array(z.string()).default([]),
    /** Kinds tested for drift besides numeric, categorical and boolean, e.g. ["datetime"]. */
    alsoTestKinds: z.array(kind).optional(),
    /**
     * The complete list of kinds tested for drift, replacing the default three (so
     * `["datetime"]` tests datetimes only). Prefer `alsoTestKinds` to add a kind.
     */
    driftKinds: z.array(kind).optional(),
    driftShare: z.number().gt(0).max(1).default(DEFAULT_POLICY.driftShare),
    correction: z.enum(CORRECTIONS).default(DEFAULT_POLICY.correction),
    bins: z.number().int().min(2).max(1000).default(DEFAULT_POLICY.bins),
    binning: z.enum(BINNINGS).optional(),
    quality: z
      .object({
        nullShareIncrease: z.number().min(0).max(1).optional(),
        outOfRangeShare: z.number().min(0).max(1).optional(),
        unseenShare: z.number().min(0).max(1).optional(),
        rowCountRatio: z.number().min(1).optional(),
        /** Fewer current rows than this share of the baseline's is an `error` finding; 0: off. */
        minRowShare: z.number().min(0).max(1).optional(),
        /** Severity per check, e.g. {"row_count": "warning"}: `error` findings page. */
        severity: z.partialRecord(z.enum(QUALITY_CHECKS), z.enum(SEVERITIES)).optional(),
      })
      .strict()
      .default({}),
    /** Which drift pages (status `drift`): the dataset rule, named features, any feature. */
    alertOn: z
      .object({
        dataset: z.boolean().optional(),
        features: z.array(z.string().min(1)).optional(),
        anyFeature: z.boolean().optional(),
        /** The `prediction` columns' drift pages on its own. */
        predictionDrift: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Multivariate drift by PCA data reconstruction (README "Multivariate drift"); each field optional. */
    multivariate: z
      .object({
        /** true: always; false: never; unset: when both tables have enough rows. */
        enabled: z.boolean().optional(),
        /** Components are kept until they explain more than this share of the variance. @default 0.65 */
        varianceShare: z.number().gt(0).lt(1).optional(),
        /** The band's half-width in baseline chunk standard deviations. @default 3 */
        sigmas: z.number().finite().positive().optional(),
        /** Only these tested features (at least 2). */
        columns: z.array(z.string().min(1)).min(2).optional(),
        /** Rows sampled from each table. @default 20000 */
        sampleRows: z.number().int().min(100).max(1_000_000).optional(),
      })
      .strict()
      .default({}),
    /** The decimal separator of numbers in CSV text: `,` reads `3,14` (then a `.` is no number). @default '.' */
    decimal: z.enum(['.', ',']).optional(),
    sampling: z
      .object({
        maxValues: z.number().int().min(1000).optional(),
        seed: z.number().int().optional(),
      })
      .strict()
      .default({}),
    readLimits: readLimitsSchema,
    /** Model quality from predictions and labels: task, columns, metrics, degradation rules. */
    model: modelSettingsSchema.optional(),
  })
  .strict()
  .superRefine((settings, context) => {
    if (settings.thresholds === 'calibrated' && settings.threshold !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'thresholds is "calibrated" for every feature: a monitor-wide threshold would never apply',
      });
    }
    const { byMethod, byKind } = splitThresholds(settings.thresholds);
    for (const problem of thresholdProblems({
      methodByKind: settings.methods,
      threshold: settings.threshold,
      thresholdByMethod: byMethod,
      thresholdByKind: byKind,
      features: settings.features,
      driftKinds: testedKindsOf(settings),
    })) {
      context.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    }
    // A feature that is never tested could never page: say so now, not after the first incident.
    for (const [i, name] of (settings.alertOn?.features ?? []).entries()) {
      const excluded =
        settings.exclude.includes(name) || (settings.include.length > 0 && !settings.include.includes(name));
      if (excluded) {
        context.addIssue({
          code: 'custom',
          path: ['alertOn', 'features', i],
          message: `"${name}" is left out by include/exclude, so its drift is never tested`,
        });
      }
    }
  });

export type DriftSettings = z.infer<typeof driftSettingsSchema>;
/** Drift settings as a config file's `drift` section writes them: every field optional. */
export type DriftSettingsInput = z.input<typeof driftSettingsSchema>;

export { ConfigError } from './config-error.ts';

export function parseDriftSettings(input: unknown, source: string): DriftSettings {
  const parsed = driftSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `  ${path}: ${issue.message}`;
    });
    throw new ConfigError(`${source}: invalid drift settings\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * A duration as `<n>m`, `<n>h` or `<n>d` (minutes, hours, days), e.g. `"26h"`; parsed to
 * milliseconds. Strings, not bare numbers, so a config never leaves the unit to guess.
 */
const DURATION_UNITS_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const durationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?[mhd]$/, 'expected a duration like "30m", "26h" or "7d"')
  .transform((text) => Number(text.slice(0, -1)) * DURATION_UNITS_MS[text.slice(-1)])
  .refine((ms) => ms > 0, 'must be longer than zero');

/**
 * A size as `<n>KB`, `<n>MB`, `<n>GB` or `<n>TB` (powers of 1024, as S3's console counts), e.g.
 * `"2GB"`; parsed to bytes. Strings for the same reason as durations: the unit is never a guess.
 */
const BYTE_UNITS: Readonly<Record<string, number>> = {
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};
const bytesSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(KB|MB|GB|TB)$/, 'expected a size like "512MB" or "2GB"')
  .transform((text) => Math.round(Number(text.slice(0, -2)) * BYTE_UNITS[text.slice(-2)]))
  .refine((bytes) => bytes > 0, 'must be larger than zero');

/**
 * When the newest snapshot is too big for one Lambda: above either limit the check starts the
 * Step Functions fan-out (README "Large snapshots") instead of profiling it itself.
 */
const fanOutSchema = z
  .object({
    /** Total bytes of the snapshot's part files above which it fans out. @default '2GB' */
    maxBytes: bytesSchema.prefault('2GB'),
    /** Number of part files above which it fans out. @default 64 */
    maxParts: z.number().int().min(1).max(100_000).default(64),
  })
  .strict();

/** Monitor names become S3 prefixes, CloudWatch dimension values and CDK ids: keep them plain. */
const monitorName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    'use 1-64 letters, digits, "-" or "_", starting with a letter or digit',
  );

const baselineSchema = z.discriminatedUnion('mode', [
  /** The objects under `<prefix>baseline/`. */
  z.object({ mode: z.literal('fixed') }).strict(),
  /** The snapshot before the newest one. */
  z.object({ mode: z.literal('previous') }).strict(),
  /** The `snapshots` snapshots before the newest one, their profiles merged. */
  z.object({ mode: z.literal('rolling'), snapshots: z.number().int().min(1).max(100) }).strict(),
]);

/** A string refined by a rule that returns its problem (or undefined), the problem as the message. */
function checkedString(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, context) => {
    const message = problem(value);
    if (message !== undefined) context.addIssue({ code: 'custom', message });
  });
}

const scheduleSchema = z
  .object({
    /**
     * An EventBridge Scheduler expression: `rate(1 hour)`, `cron(0 6 * * ? *)` or `at(2027-01-31T06:00:00)`.
     * @default DEFAULT_SCHEDULE_EXPRESSION, or UPLOAD_HEARTBEAT_EXPRESSION for `trigger: "upload"`
     */
    expression: checkedString(scheduleExpressionProblem).optional(),
    /** IANA time zone of a cron or at expression. @default 'UTC' */
    timeZone: checkedString(timeZoneProblem).default('UTC'),
  })
  .strict();

const monitorSchema = z
  .object({
    name: monitorName,
    /** Key prefix of the monitor's layout. @default `monitors/<name>/` */
    prefix: checkedString(prefixProblem).transform(normalisePrefix).optional(),
    /** An existing bucket to read snapshots and baseline from (read-only); reports and state stay in the stack's bucket. */
    bucket: checkedString(bucketNameProblem).optional(),
    /**
     * Snapshot format; `auto` decides per object by its extension; `sagemaker-capture` reads
     * SageMaker Data Capture files (README "SageMaker Data Capture"). @default 'auto'
     */
    format: z.enum(INPUT_FORMATS).default('auto'),
    /**
     * Feature names of the captured requests, in order (CSV payloads carry none; JSON payloads
     * name their own). Only with `format: "sagemaker-capture"`. @default `_c0`, `_c1`, ... for CSV
     */
    captureColumns: z.array(z.string().min(1)).min(1).max(10_000).optional(),
    /** How much capture is one snapshot: an hour folder or a day of them. @default 'hour' */
    captureSnapshot: z.enum(['hour', 'day']).optional(),
    /**
     * What starts a check: the schedule, an upload into `snapshots/` (S3 events through
     * EventBridge; the schedule stays as a heartbeat), or both. @default 'schedule'
     */
    trigger: z.enum(TRIGGERS).default('schedule'),
    /**
     * The monitor's own `bucket` sends its events to EventBridge in this stack's account and
     * Region (its owner turned EventBridge notifications on), so `trigger: "upload"` can work.
     * @default false
     */
    bucketEventBridge: z.boolean().default(false),
    /** @default { mode: 'fixed' } */
    baseline: baselineSchema.default({ mode: 'fixed' }),
    drift: driftSettingsSchema.prefault({}),
    /** A newest snapshot older than this (or none) is a `stale` status. @default '26h' */
    maxSnapshotAge: durationSchema.prefault('26h'),
    /**
     * A folder snapshot without a `_SUCCESS` marker counts as complete once nothing in it changed
     * for this long (only when the monitor's writer leaves no markers at all). @default '10m'
     */
    snapshotSettle: durationSchema.prefault('10m'),
    /** While drift persists, a reminder alert at most this often. @default '24h' */
    alertCooldown: durationSchema.prefault('24h'),
    /** Features that get a per-feature DriftScore metric (each is billed as a custom metric). @default [] */
    featureMetrics: z.array(z.string().min(1)).max(100).default([]),
    /** Also raise a CloudWatch alarm (not only an alert) on dataset drift. @default false */
    alarmOnDrift: z.boolean().default(false),
    schedule: scheduleSchema.prefault({}),
    /** Limits above which a snapshot is profiled by the Step Functions fan-out. @default { maxBytes: '2GB', maxParts: 64 } */
    fanOut: fanOutSchema.prefault({}),
    /**
     * Keep each baseline table's profile (which holds copies of its values) in `<prefix>cache/`,
     * so a scheduled check profiles only the new snapshot. `false` keeps no copy: the baseline is
     * profiled from its own files at every check, and cached profiles left from before are
     * deleted. @default true
     */
    cacheProfiles: z.boolean().default(true),
  })
  .strict()
  .superRefine((monitor, context) => {
    const problem = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    const capture = monitor.format === 'sagemaker-capture';
    if (!capture && monitor.captureColumns !== undefined)
      problem('captureColumns', 'applies only to "format": "sagemaker-capture"');
    if (!capture && monitor.captureSnapshot !== undefined)
      problem('captureSnapshot', 'applies only to "format": "sagemaker-capture"');
    if (!runsOnUpload(monitor.trigger)) return;
    if (capture) {
      problem(
        'trigger',
        'Data Capture writes files all hour long and an hour is whole only once it has ended; use "trigger": "schedule" with a schedule after each hour, e.g. cron(15 * * * ? *)',
      );
    }
    if (monitor.bucket !== undefined && !monitor.bucketEventBridge) {
      problem(
        'trigger',
        `"${monitor.trigger}" needs the bucket "${monitor.bucket}" to send its events to EventBridge, which the stack cannot turn on for a bucket it does not own, and S3 sends them only to the default event bus of the bucket owner's account in the bucket's Region (Amazon S3 User Guide, "Using EventBridge"). If the bucket is in this stack's account and Region, turn EventBridge notifications on for it and set "bucketEventBridge": true; otherwise use "trigger": "schedule" (README "Checks on upload")`,
      );
    }
  })
  .transform((monitor) => ({
    ...monitor,
    prefix: monitor.prefix ?? `monitors/${monitor.name}/`,
    captureSnapshot: monitor.captureSnapshot ?? ('hour' as const),
    schedule: {
      ...monitor.schedule,
      expression:
        monitor.schedule.expression ??
        (monitor.trigger === 'upload' ? UPLOAD_HEARTBEAT_EXPRESSION : DEFAULT_SCHEDULE_EXPRESSION),
    },
  }));

const driftwatchConfigSchema = z
  .object({
    /** CloudWatch namespace of every metric. @default 'DriftWatch' */
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'letters, digits and . _ / # : - only')
      .refine((ns) => !ns.startsWith('AWS/'), 'the AWS/ prefix is reserved')
      .default('DriftWatch'),
    alertEmails: z.array(z.email()).default([]),
    /** Secrets Manager secret holding the Slack incoming-webhook URL. */
    slackWebhookSecretName: z.string().min(1).optional(),
    /**
     * Origins besides https://hooks.slack.com a Slack webhook URL may point at (a proxy, GovSlack):
     * `https://host[:port]`, or `http://` for a loopback host. @default []
     */
    slackWebhookOrigins: z
      .array(
        z.string().superRefine((origin, context) => {
          const problem = originProblem(origin);
          if (problem !== null) context.addIssue({ code: 'custom', message: problem });
        }),
      )
      .max(20)
      .default([]),
    /** AWS Chatbot relays alerts to this Slack channel (instead of, or beside, the webhook notifier). */
    slackChatbot: z
      .object({ workspaceId: z.string().min(1), channelId: z.string().min(1) })
      .strict()
      .optional(),
    monitors: z.array(monitorSchema).min(1),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [i, monitor] of config.monitors.entries()) {
      if (seen.has(monitor.name)) {
        context.addIssue({
          code: 'custom',
          path: ['monitors', i, 'name'],
          message: `duplicate monitor name "${monitor.name}"`,
        });
      }
      seen.add(monitor.name);
    }
    const prefixes = config.monitors.map((monitor) => monitor.prefix);
    for (const [i, j] of overlappingPrefixes(prefixes)) {
      context.addIssue({
        code: 'custom',
        path: ['monitors', i, 'prefix'],
        message:
          prefixes[i] === prefixes[j]
            ? `"${prefixes[i]}" is also the prefix of monitors.${j} ("${config.monitors[j].name}"); each monitor needs its own`
            : `"${prefixes[i]}" and the prefix "${prefixes[j]}" of monitors.${j} ("${config.monitors[j].name}") nest; monitor prefixes must not contain one another`,
      });
    }
  });

export type MonitorConfig = z.infer<typeof monitorSchema>;
export type DriftwatchConfig = z.infer<typeof driftwatchConfigSchema>;
/** One monitor as a config file (or the CDK construct's `monitors`) writes it: defaults not yet applied. */
export type MonitorSettings = z.input<typeof monitorSchema>;
/** A whole config as written, before validation fills in the defaults. */
export type DriftwatchSettings = z.input<typeof driftwatchConfigSchema>;

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `  ${path}: ${issue.message}`;
    })
    .join('\n');
}

/** Validates a whole config (a file: the deployed one or a CLI argument); `source` names it in errors. */
export function parseConfig(input: unknown, source: string): DriftwatchConfig {
  const parsed = driftwatchConfigSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${source}: invalid config\n${issuesText(parsed.error)}`);
  return parsed.data;
}

/** Parses config JSON text; a syntax error is a ConfigError too. */
export function parseConfigText(text: string, source: string): DriftwatchConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(raw, source);
}

export function findMonitor(config: DriftwatchConfig, name: string): MonitorConfig {
  const monitor = config.monitors.find((candidate) => candidate.name === name);
  if (monitor === undefined) {
    const known = config.monitors.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new ConfigError(`no monitor named "${name}" in the config; known monitors: ${known}`);
  }
  return monitor;
}
