import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Shape of test/golden/counts.json, written by test/golden/gen_counts.py (scipy 1.10.1, numpy 1.24.2). */
export interface CountsCase {
  name: string;
  reference: number[];
  current: number[];
  psi: number;
  kl: number;
  klExact: number;
  jensenShannonExact: number;
  jensenShannon: number;
  hellinger: number;
  hellingerOneMinusBc: number;
  tvd: number;
  lInfinity: number;
  chi2Contingency: { statistic: number; pValue: number; dof: number };
  chi2GoodnessOfFit: { statistic: number | null; pValue: number | null; keptCategories: number };
}

export interface TwoCategoryCase {
  name: string;
  reference: number[];
  current: number[];
  z: { statistic: number; pValue: number; pValueEvidently: number };
  fisher: { statistic: number; pValue: number; scipyStatistic: number | null };
}

export interface QuantileCase {
  name: string;
  reference: number[];
  bins: number;
  edges: number[];
  referenceCounts: number[];
  current: number[];
  currentCounts: number[];
}

export interface SturgesCase {
  name: string;
  reference: number[];
  current: number[];
  edges: number[];
  referenceCounts: number[];
  currentCounts: number[];
  pooledCountsUniformPath: number[] | null;
}

export interface UniformCase {
  name: string;
  values: number[];
  bins: number;
  first: number;
  last: number;
  edges: number[];
  counts: number[];
}

export interface CountsGolden {
  versions: { scipy: string; numpy: string };
  counts: CountsCase[];
  twoCategory: TwoCategoryCase[];
  twoCategoryGrid: TwoCategoryCase[];
  chiSquareSf: { x: number; dof: number; sf: number }[];
  quantileEdges: QuantileCase[];
  sturges: SturgesCase[];
  uniformHistogram: UniformCase[];
}

export const countsGolden: CountsGolden = JSON.parse(
  readFileSync(new URL('./counts.json', import.meta.url), 'utf8'),
) as CountsGolden;

/** Tolerance of the project rules: statistics to 1e-9 relative. */
export const STATISTIC_RTOL = 1e-9;
/** p-values to 1e-9 absolute or relative, whichever is looser. */
export const P_VALUE_TOL = 1e-9;

export function expectRelativeClose(actual: number, expected: number, rtol: number, label: string): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rtol * Math.abs(expected);
  expect(ok, `${label}: got ${actual}, scipy ${expected}, rtol ${rtol}`).toBe(true);
}

export function expectPValueClose(actual: number, expected: number, label: string): void {
  const tol = Math.max(P_VALUE_TOL, P_VALUE_TOL * Math.abs(expected));
  expect(Math.abs(actual - expected) <= tol, `${label}: got ${actual}, scipy ${expected}, tol ${tol}`).toBe(
    true,
  );
}

/**
 * For a value scipy computes with cancellation (KL, JS on nearly identical sides): ours must be
 * within `rtol` of the 60-digit reference, and within `rtol` of scipy wherever scipy itself is
 * within rtol / 10 of that reference; where scipy is not, ours must be the closer of the two.
 */
export function expectScipyOrExact(
  actual: number,
  scipy: number,
  exact: number,
  rtol: number,
  label: string,
): void {
  expectRelativeClose(actual, exact, rtol, `${label} vs 60-digit reference`);
  const scipyError = Math.abs(scipy - exact);
  if (scipyError <= (rtol / 10) * Math.abs(exact)) {
    expectRelativeClose(actual, scipy, rtol, `${label} vs scipy`);
  } else {
    expect(Math.abs(actual - exact), `${label}: closer to the reference than scipy`).toBeLessThan(scipyError);
  }
}

export const f64 = (values: number[]): Float64Array => Float64Array.from(values);

/** Aligned count vectors (1..40 categories, whole counts, each side with a positive total). */
export const countsPair = fc
  .integer({ min: 1, max: 40 })
  .chain((length) =>
    fc.tuple(
      fc.array(fc.nat({ max: 5000 }), { minLength: length, maxLength: length }),
      fc.array(fc.nat({ max: 5000 }), { minLength: length, maxLength: length }),
    ),
  )
  .filter(([r, c]) => r.some((v) => v > 0) && c.some((v) => v > 0))
  .map(([r, c]) => ({ reference: Float64Array.from(r), current: Float64Array.from(c) }));
