import { z } from 'zod';
import { FEATURE_KINDS } from './core/kinds.ts';
import { METHOD_IDS } from './core/method-registry.ts';
import { type DriftPolicy, makePolicy } from './core/policy.ts';

/**
 * The monitor config schema, shared by the CLI, the Lambdas and the CDK app. This part
 * holds the drift settings of one monitor; errors name the path of the bad field.
 */
const methodId = z.enum(METHOD_IDS);
const kind = z.enum(FEATURE_KINDS as [string, ...string[]]);
const probabilityOrDistance = z.number().finite().positive();

export const featureSettingsSchema = z
  .object({
    method: methodId.optional(),
    threshold: probabilityOrDistance.optional(),
    kind: kind.optional(),
  })
  .strict();

export const driftSettingsSchema = z
  .object({
    /** 'evidently' reproduces Evidently's numbers exactly, its goodness-of-fit χ² included. */
    compat: z.enum(['driftwatch', 'evidently']).default('driftwatch'),
    /** Method per kind instead of the default selection rule, e.g. {"numeric": "ks"}. */
    methods: z.partialRecord(kind, methodId).default({}),
    /** One threshold for every feature. */
    threshold: probabilityOrDistance.optional(),
    /** Threshold per method id. */
    thresholds: z.partialRecord(methodId, probabilityOrDistance).default({}),
    features: z.record(z.string(), featureSettingsSchema).default({}),
    include: z.array(z.string()).default([]),
    exclude: z.array(z.string()).default([]),
    /** Kinds tested for drift. */
    driftKinds: z.array(kind).optional(),
    driftShare: z.number().gt(0).max(1).default(0.5),
    correction: z.enum(['none', 'bonferroni', 'benjamini_hochberg']).default('none'),
    bins: z.number().int().min(2).max(1000).default(20),
    binning: z.enum(['reference', 'evidently']).optional(),
    quality: z
      .object({
        nullShareIncrease: z.number().min(0).max(1).optional(),
        outOfRangeShare: z.number().min(0).max(1).optional(),
        unseenShare: z.number().min(0).max(1).optional(),
        rowCountRatio: z.number().min(1).optional(),
      })
      .strict()
      .default({}),
    sampling: z
      .object({
        maxValues: z.number().int().min(1000).optional(),
        seed: z.number().int().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type DriftSettings = z.infer<typeof driftSettingsSchema>;

/** A config file's problem, with the path of the bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

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
    quality: settings.quality as Partial<DriftPolicy['quality']> as DriftPolicy['quality'],
  });
}
