import erfc from '@stdlib/math-base-special-erfc';

/**
 * Standard normal tail functions.
 *
 * Both are written with `erfc` of the side that stays small, so each tail keeps full relative
 * precision far out (down to ~1e-308 near x = ±37.5) instead of underflowing through `1 - cdf`.
 * Matches `scipy.stats.norm.sf` / `.cdf` (scipy 1.10: `special.ndtr`, cephes) to ~1e-16 relative near the
 * centre and ~1e-13 at |x| ≈ 37, where the rounding of x/√2 is amplified by x² (in scipy as much as here).
 */

// Same constant as cephes' SQRT1_2.
const SQRT1_2 = Math.SQRT1_2;

/** P(Z <= x) for Z ~ N(0, 1). NaN in, NaN out; ±Infinity give 1 / 0. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

/** P(Z > x) for Z ~ N(0, 1), the survival function 1 - Φ(x) without cancellation. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x * SQRT1_2);
}
