import { andersonDarling } from './methods/anderson-darling.ts';
import { chiSquare, chiSquareGoodnessOfFit } from './methods/chi-square.ts';
import { cramerVonMises } from './methods/cramer-von-mises.ts';
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

interface MethodCommon {
  readonly id: MethodId;
  readonly decision: Decision;
  /** Evidently's default threshold for the method. */
  readonly defaultThreshold: number;
  /** Evidently calls a p-value equal to the threshold drift for this method (its KS uses `<=`). */
  readonly evidentlyDriftsAtThreshold?: boolean;
}

export type MethodSpec =
  | (MethodCommon & { readonly input: 'sorted'; readonly run: SortedSampleMethod })
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
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: ks,
    evidentlyDriftsAtThreshold: true,
  },
  { id: 'wasserstein', input: 'sorted', decision: 'distance', defaultThreshold: 0.1, run: wasserstein },
  { id: 'psi', input: 'counts', decision: 'distance', defaultThreshold: 0.1, run: psi, binsNumbers: true },
  {
    id: 'jensen_shannon',
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: jensenShannon,
    binsNumbers: true,
  },
  { id: 'kl', input: 'counts', decision: 'distance', defaultThreshold: 0.1, run: kl, binsNumbers: true },
  {
    id: 'hellinger',
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: hellinger,
    binsNumbers: true,
  },
  { id: 'tvd', input: 'counts', decision: 'distance', defaultThreshold: 0.1, run: tvd, binsNumbers: true },
  {
    id: 'l_infinity',
    input: 'counts',
    decision: 'distance',
    defaultThreshold: 0.1,
    run: lInfinity,
    binsNumbers: true,
  },
  {
    id: 'chi_square',
    input: 'counts',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: chiSquare,
    runEvidently: chiSquareGoodnessOfFit,
    binsNumbers: true,
  },
  {
    id: 'z',
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
    input: 'counts',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: fisher,
    binary: true,
    binsNumbers: false,
  },
  {
    id: 'anderson_darling',
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: andersonDarling,
  },
  {
    id: 'cramer_von_mises',
    input: 'sorted',
    decision: 'p_value',
    defaultThreshold: 0.05,
    run: cramerVonMises,
  },
  { id: 'energy', input: 'sorted', decision: 'distance', defaultThreshold: 0.1, run: energy },
  { id: 't_test', input: 'sorted', decision: 'p_value', defaultThreshold: 0.05, run: tTest },
  { id: 'mann_whitney', input: 'sorted', decision: 'p_value', defaultThreshold: 0.05, run: mannWhitney },
  { id: 'epps_singleton', input: 'sorted', decision: 'p_value', defaultThreshold: 0.05, run: eppsSingleton },
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

export function isMethodId(id: string): id is MethodId {
  return BY_ID.has(id as MethodId);
}
