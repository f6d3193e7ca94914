import { closestName } from './closest-name.ts';
import { andersonDarling } from './methods/anderson-darling.ts';
import { chiSquare, chiSquareGoodnessOfFit } from './methods/chi-square.ts';
import { cramerVonMises, cramerVonMisesMidranks } from './methods/cramer-von-mises.ts';
import { energy } from './methods/energy.ts';
import { eppsSingleton } from './methods/epps-singleton.ts';
import { fisher } from './methods/fisher.ts';
import { hellinger } from './methods/hellinger.ts';
import { jensenShannon } from './methods/jensen-shannon.ts';
import { kl } from './methods/kl.ts';
import { ks } from './methods/ks.ts';
import { lInfinity } from './methods/l-infinity.ts';
import { mannWhitney } from './methods/mann-whitney.ts';
import { psi } from './methods/psi.ts';
import { tTest } from './methods/t-test.ts';
import { tvd } from './methods/tvd.ts';
import type { CountsMethod, SortedSampleMethod } from './methods/types.ts';
import { wasserstein } from './methods/wasserstein.ts';
import { z, zEvidently } from './methods/z.ts';

export const METHOD_IDS = [
  'ks',
  'wasserstein',
  'psi',
  'jensen_shannon',
  'kl',
  'hellinger',
  'tvd',
  'l_infinity',
  'chi_square',
  'z',
  'fisher',
  'anderson_darling',
  'cramer_von_mises',
  'energy',
  't_test',
  'mann_whitney',
  'epps_singleton',
] as const;

export type MethodId = (typeof METHOD_IDS)[number];

/** How a method's result becomes a verdict. */
export type Decision =
  /** Drifted when the p-value is below the threshold. */
  | 'p_value'
  /** Drifted when the statistic is at or above the threshold. */
  | 'distance';

/**
 * The thresholds a method takes: above `above`, and at most `atMost` (or below it, when
 * `atMostExcluded`). Past the range a threshold would make the feature always or never drift.
 */
interface ThresholdRange {
  readonly above: number;
  readonly atMost: number;
  readonly atMostExcluded?: boolean;
}

/** A p-value threshold: 0 would never drift, 1 always. */
const P_VALUE: ThresholdRange = { above: 0, atMost: 1, atMostExcluded: true };
/** A distance with no upper end (in the data's units, or standard deviations). */
const ANY_DISTANCE: ThresholdRange = { above: 0, atMost: Number.POSITIVE_INFINITY };
/** A distance between proportions that never exceeds 1. */
const UNIT_DISTANCE: ThresholdRange = { above: 0, atMost: 1 };
/**
 * PSI and KL on zero-filled proportions (`zero-fill.ts`) reach about 18 only when the two sides
 * share no bin at all; the usual thresholds are 0.1–0.25. Past 5 the sides barely overlap, so a
 * larger threshold is a typo (a percentage, say) that would never page.
 */
const LOG_RATIO_DISTANCE: ThresholdRange = { above: 0, atMost: 5 };

interface MethodCommon {
  readonly id: MethodId;
  /** Other names users know it by (scipy's, Evidently's, the literature's), as `normalisedMethodName` writes them. */
  readonly aliases: readonly string[];
  readonly decision: Decision;
  /** The thresholds that make sense for it. */
  readonly thresholds: ThresholdRange;
  /** Evidently's default threshold for the method. */
  readonly defaultThreshold: number;
  /** Evidently calls a p-value equal to the threshold drift for this method (its KS uses `<=`). */
  readonly evidentlyDriftsAtThreshold?: boolean;
}

export type MethodSpec =
  | (MethodCommon & {
      readonly input: 'sorted';
      readonly run: SortedSampleMethod;
      /** Evidently's variant, used with `compat: evidently`. */
      readonly runEvidently?: SortedSampleMethod;
    })
  | (MethodCommon & {
      readonly input: 'counts';
      readonly run: CountsMethod;
      /** Evidently's variant, used with `compat: evidently`. */
      readonly runEvidently?: CountsMethod;
      /** Needs exactly two categories (two-proportion tests). */
      readonly binary?: boolean;
      /** Numbers are binned (true) or, with few distinct values, counted by value. */
      readonly binsNumbers: boolean;
    });

const SPECS: readonly MethodSpec[] = [
  {
    id: 'ks',
    aliases: ['kolmogorov_smirnov', 'kolmogorov', 'k_s', 'ks_2samp'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: ks,
    evidentlyDriftsAtThreshold: true,
  },
  {
    id: 'wasserstein',
    aliases: ['wasserstein_distance', 'wasserstein_norm', 'emd', 'earth_mover', 'earth_movers_distance'],
    thresholds: ANY_DISTANCE,
    input: 'sorted',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: wasserstein,
  },
  {
    id: 'psi',
    aliases: ['population_stability_index'],
    thresholds: LOG_RATIO_DISTANCE,
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: psi,
    binsNumbers: true,
  },
  {
    id: 'jensen_shannon',
    aliases: ['js', 'jsd', 'jensenshannon', 'jensen_shannon_distance'],
    thresholds: { above: 0, atMost: Math.sqrt(Math.LN2) },
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: jensenShannon,
    binsNumbers: true,
  },
  {
    id: 'kl',
    aliases: ['kl_div', 'kl_divergence', 'kullback_leibler'],
    thresholds: LOG_RATIO_DISTANCE,
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: kl,
    binsNumbers: true,
  },
  {
    id: 'hellinger',
    aliases: ['hellinger_distance'],
    thresholds: UNIT_DISTANCE,
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: hellinger,
    binsNumbers: true,
  },
  {
    id: 'tvd',
    aliases: ['total_variation', 'total_variation_distance'],
    thresholds: UNIT_DISTANCE,
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: tvd,
    binsNumbers: true,
  },
  {
    id: 'l_infinity',
    aliases: ['linf', 'l_inf', 'chebyshev'],
    thresholds: UNIT_DISTANCE,
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: lInfinity,
    binsNumbers: true,
  },
  {
    id: 'chi_square',
    aliases: ['chi2', 'chisquare', 'chi_squared', 'chi2_contingency'],
    thresholds: P_VALUE,
    input: 'counts',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: chiSquare,
    runEvidently: chiSquareGoodnessOfFit,
    binsNumbers: true,
  },
  {
    id: 'z',
    aliases: ['z_test', 'ztest'],
    thresholds: P_VALUE,
    input: 'counts',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: z,
    runEvidently: zEvidentlySign,
    binary: true,
    binsNumbers: false,
  },
  {
    id: 'fisher',
    aliases: ['fisher_exact'],
    thresholds: P_VALUE,
    input: 'counts',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: fisher,
    binary: true,
    binsNumbers: false,
  },
  {
    id: 'anderson_darling',
    aliases: ['anderson', 'anderson_ksamp', 'ad'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: andersonDarling,
  },
  {
    id: 'cramer_von_mises',
    aliases: ['cvm', 'cramervonmises'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: cramerVonMises,
    runEvidently: cramerVonMisesMidranks,
  },
  {
    id: 'energy',
    aliases: ['energy_distance', 'ed'],
    thresholds: ANY_DISTANCE,
    input: 'sorted',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: energy,
  },
  {
    id: 't_test',
    aliases: ['ttest', 'ttest_ind', 'welch', 'welch_t_test'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: tTest,
  },
  {
    id: 'mann_whitney',
    aliases: ['mannw', 'mannwhitneyu', 'mann_whitney_u', 'wilcoxon_rank_sum'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: mannWhitney,
  },
  {
    id: 'epps_singleton',
    aliases: ['es', 'epps_singleton_2samp'],
    thresholds: P_VALUE,
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: eppsSingleton,
  },
];

/**
 * Evidently codes the smallest value 0 and tests the share of the other one, so its z is
 * our first-category z with the sign flipped: feed it the categories in reverse order.
 */
function zEvidentlySign(reference: Float64Array, current: Float64Array) {
  return zEvidently(reference.slice().reverse(), current.slice().reverse());
}

const BY_ID = new Map(SPECS.map((spec) => [spec.id, spec]));

export function methodSpec(id: MethodId): MethodSpec {
  return BY_ID.get(id)!;
}

/** A method name as users write it, made comparable: lower case, `-` and spaces as `_`. */
function normalisedMethodName(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s\-\u2013]+/g, '_');
}

const BY_NAME = new Map<string, MethodId>(
  SPECS.flatMap((spec) => [spec.id, ...spec.aliases].map((name) => [name, spec.id] as const)),
);

/** The method a user's name means (any case; an alias such as `KS`, `chi2` or `js`), or undefined. */
export function resolveMethodId(text: string): MethodId | undefined {
  return BY_NAME.get(normalisedMethodName(text));
}

/** Why a name is no method, with the closest id and the valid ones. */
export function unknownMethodMessage(text: string): string {
  const closest = closestName(normalisedMethodName(text), [...BY_NAME.keys()]);
  const hint = closest === null ? '' : `; did you mean "${BY_NAME.get(closest)}"?`;
  return `unknown method "${text}"${hint} Valid methods: ${METHOD_IDS.join(', ')} (any case; aliases such as KS, chi2, js)`;
}

/** The range a method's threshold must lie in, in words: `a p-value threshold in (0, 1)`. */
export function thresholdRangeText(id: MethodId): string {
  const spec = methodSpec(id);
  const { above, atMost, atMostExcluded } = spec.thresholds;
  const what = spec.decision === 'p_value' ? 'a p-value threshold' : 'a distance threshold';
  if (atMost === Number.POSITIVE_INFINITY) return `${what} above ${above}`;
  // Rounded down, so the bound shown is itself accepted.
  const upper = Math.floor(atMost * 1e4) / 1e4;
  return `${what} in (${above}, ${upper}${atMostExcluded ? ')' : ']'}`;
}

/** Whether a threshold lies in the method's range. */
export function thresholdInRange(id: MethodId, threshold: number): boolean {
  const { above, atMost, atMostExcluded } = methodSpec(id).thresholds;
  return threshold > above && (atMostExcluded ? threshold < atMost : threshold <= atMost);
}
