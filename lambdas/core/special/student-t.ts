import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * Survival function P(T > t) of Student's t distribution with `df` degrees of freedom (df > 0,
 * not necessarily an integer, as Welch's test needs).
 *
 * scipy 1.10 `stats.t.sf(t, df)` is `special.stdtr(df, -t)`, cdflib `cumt`: with
 * x = df / (df + t²) and y = t² / (df + t²), both formed directly, the one-sided tail mass beyond |t| is
 * h = I_x(df/2, 1/2) / 2 = (1 - I_y(1/2, df/2)) / 2. cdflib hands both x and y to its beta routine;
 * stdlib's `betainc` takes x only and forms 1 - x itself, so:
 * - in the body (h > 1/4) we use the y form, whose only subtraction is benign (absolute error ~1e-16);
 * - in the tail we use the x form and add the first-order term for the part of y that rounding x lost
 *   (beta density × (y - (1 - x))). Without it, df ~ 1e7 lost ~1e-10 relative; with it, the far tails
 *   keep relative precision down to p ~ 1e-300.
 *
 * Edge cases: t = ±Infinity gives 0 / 1; NaN t, NaN df or df <= 0 gives NaN (callers decide before
 * calling). df = Infinity is not supported (the t-tests always have finite df).
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === 0) return 0.5;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const halfTail = tailBeyondAbs(t, df);
  return t > 0 ? halfTail : 1 - halfTail;
}

/** P(T > |t|) for finite non-zero t. */
function tailBeyondAbs(t: number, df: number): number {
  const tt = t * t;
  const dfPlusTt = df + tt;
  const x = df / dfPlusTt;
  const y = tt / dfPlusTt;
  const a = 0.5 * df;
  // Not stdlib's `upper` flag: it evaluates at 1 - y and lost ~1e-9 relative at t ≈ 1e-8 (vs mpmath).
  const lowerY = betainc(y, 0.5, a);
  if (lowerY < 0.5) return 0.5 * (1 - lowerY);
  let ix = betainc(x, a, 0.5);
  const lostY = y - (1 - x);
  // Only y < x carries information that 1 - x drops; otherwise x itself is the accurate one.
  if (y < x && lostY !== 0 && ix > 0) {
    // d I_x(a, b) / dx = x^(a-1) y^(b-1) / B(a, b); x moved by -lostY when it was rounded.
    const logDensity =
      (a - 1) * Math.log1p(-y) - 0.5 * Math.log(y) - (gammaln(a) + gammaln(0.5) - gammaln(a + 0.5));
    ix -= Math.exp(logDensity) * lostY;
  }
  return 0.5 * ix;
}
