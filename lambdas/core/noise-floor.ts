import { thresholdOf } from './calibration/calibrate-feature.ts';
import type { FeatureInputs } from './feature-inputs.ts';
import { type MethodId, methodSpec } from './method-registry.ts';
import { populationStd, WASSERSTEIN_MIN_NORM } from './methods/wasserstein.ts';
import type { DriftPolicy } from './policy.ts';
import { columnSeed, SeededRandom } from './random.ts';

/**
 * The sampling noise of a distance between a current sample and the baseline when nothing has
 * changed: mean + 3 standard deviations of the statistic (NannyML's band, as calibration's default)
 * between two samples of the feature's sizes drawn from the baseline's own distribution. A fixed
 * distance threshold (Evidently's 0.1) below this flags unchanged features at small sizes and on
 * many-valued categories; the default threshold of a distance method is never below it.
 *
 * Computed from what the baseline profile keeps and the two sizes, without reading rows again:
 * - count-based distances (`psi`, `jensen_shannon`, `kl`, `hellinger`, `tvd`, `l_infinity`): the
 *   method itself on pairs of multinomial draws (`NOISE_DRAWS`, fewer for thousands of categories)
 *   from the baseline's category (or bin) shares, seeded by the feature's name, so the same inputs
 *   give the same floor;
 * - `wasserstein` and `energy`: the first two moments of their limit under no change, where
 *   √(nm/(n+m))·(F_n − G_m) tends to a Brownian bridge B(F) (Donsker): W₁ ≈ √s·∫|B(F(x))|dx / σ and
 *   energy ≈ √(2s·∫B(F(x))²dx), s = 1/n + 1/m, over the baseline's quantile grid.
 *
 * p-value methods have none (their level already accounts for the sizes): null.
 */
export function noiseFloor(
  method: MethodId,
  inputs: FeatureInputs,
  policy: Pick<DriftPolicy, 'compat' | 'binning' | 'bins' | 'calibration'>,
  featureName: string,
): number | null {
  const spec = methodSpec(method);
  if (spec.decision !== 'distance') return null;
  if (spec.input === 'sorted') {
    const { reference, current } = inputs.sorted();
    if (reference.length < 2 || current.length < 1) return null;
    const s = 1 / reference.length + 1 / current.length;
    const bridge = bridgeMoments(reference);
    if (method === 'wasserstein') {
      const norm = Math.max(populationStd(reference), WASSERSTEIN_MIN_NORM);
      return (Math.sqrt(s) * (bridge.absMean + SIGMAS * Math.sqrt(bridge.absVariance))) / norm;
    }
    if (method === 'energy') {
      return Math.sqrt(2 * s * (bridge.squareMean + SIGMAS * Math.sqrt(bridge.squareVariance)));
    }
    return null;
  }
  const counts = inputs.alignedCounts(spec, policy.binning, policy.bins);
  const n = total(counts.reference);
  const m = total(counts.current);
  if (n === 0 || m === 0) return null;
  const shares = Float64Array.from(counts.reference, (c) => c / n);
  const random = new SeededRandom(
    columnSeed(policy.calibration.seed, `${featureName}\u0000${method}\u0000noise`),
  );
  const statistics: number[] = [];
  const draws = Math.max(
    MIN_NOISE_DRAWS,
    Math.min(NOISE_DRAWS, Math.floor(NOISE_DRAW_BUDGET / shares.length)),
  );
  for (let draw = 0; draw < draws; draw++) {
    const baseline = multinomial(n, shares, random);
    const current = multinomial(m, shares, random);
    statistics.push(runCounts(method, baseline, current, policy));
  }
  return thresholdOf(statistics, { sigmas: SIGMAS });
}

/** The band's width in standard deviations of the noise. */
const SIGMAS = 3;
/** Pairs drawn per count-based floor: a mean and spread within a few percent. */
const NOISE_DRAWS = 100;
/**
 * Fewer pairs for many categories, down to `MIN_NOISE_DRAWS`, so a floor costs at most about
 * this many category draws: with thousands of categories a distance sums thousands of nearly
 * independent terms, so its spread is narrow beside its mean and a few pairs place the floor.
 */
const NOISE_DRAW_BUDGET = 100_000;
const MIN_NOISE_DRAWS = 20;
/** Cells of the quantile grid the bridge moments are summed over (the double sum is cells²). */
const GRID_CELLS = 128;

function runCounts(
  method: MethodId,
  reference: Float64Array,
  current: Float64Array,
  policy: Pick<DriftPolicy, 'compat'>,
): number {
  const spec = methodSpec(method);
  if (spec.input !== 'counts') throw new Error(`${method} does not take counts`);
  const run = policy.compat === 'evidently' && spec.runEvidently !== undefined ? spec.runEvidently : spec.run;
  return run(reference, current).statistic;
}

function total(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

/**
 * Moments of ∫|B(F(x))|dx and ∫B(F(x))²dx for a Brownian bridge B, F the baseline's ECDF, summed
 * over cells of constant F (between distinct values, or between quantiles when there are more
 * than `GRID_CELLS`): B(u) and B(v) are normal with covariance min(u, v) − uv, so
 * E|B(u)||B(v)| = (2σσ′/π)(√(1 − ρ²) + ρ·asin ρ) and Cov(B(u)², B(v)²) = 2·cov².
 */
function bridgeMoments(sorted: Float64Array): {
  absMean: number;
  absVariance: number;
  squareMean: number;
  squareVariance: number;
} {
  const cells = ecdfCells(sorted);
  let absMean = 0;
  let squareMean = 0;
  for (const { width, share } of cells) {
    const sd = Math.sqrt(share * (1 - share));
    absMean += width * sd * Math.sqrt(2 / Math.PI);
    squareMean += width * share * (1 - share);
  }
  let absSecond = 0;
  let squareVariance = 0;
  for (const a of cells) {
    const sa = Math.sqrt(a.share * (1 - a.share));
    for (const b of cells) {
      const sb = Math.sqrt(b.share * (1 - b.share));
      const cov = Math.min(a.share, b.share) - a.share * b.share;
      const rho = Math.max(-1, Math.min(1, cov / (sa * sb)));
      absSecond +=
        a.width * b.width * ((2 * sa * sb) / Math.PI) * (Math.sqrt(1 - rho * rho) + rho * Math.asin(rho));
      squareVariance += a.width * b.width * 2 * cov * cov;
    }
  }
  return { absMean, absVariance: Math.max(0, absSecond - absMean * absMean), squareMean, squareVariance };
}

/**
 * Cells between consecutive grid values with the ECDF's value on them: every distinct value is a
 * grid value when there are at most about `GRID_CELLS` of them (F is then exact on each cell), else
 * the value ending a run about every n / `GRID_CELLS` values (F then taken at the cell's middle).
 */
function ecdfCells(sorted: Float64Array): { width: number; share: number }[] {
  const n = sorted.length;
  const step = Math.max(1, Math.floor(n / GRID_CELLS));
  const points: { value: number; below: number }[] = [];
  let end = 0;
  while (end < n) {
    end = points.length === 0 ? 1 : Math.min(n, end + step);
    while (end < n && sorted[end] === sorted[end - 1]) end++;
    points.push({ value: sorted[end - 1], below: end });
  }
  const cells: { width: number; share: number }[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const width = points[k + 1].value - points[k].value;
    const below = step === 1 ? points[k].below : (points[k].below + points[k + 1].below - 1) / 2;
    if (width > 0) cells.push({ width, share: below / n });
  }
  return cells;
}

/** Counts of `size` draws over the categories of `shares` (conditional binomials, seeded). */
function multinomial(size: number, shares: Float64Array, random: SeededRandom): Float64Array {
  const out = new Float64Array(shares.length);
  let left = size;
  let mass = 1;
  for (let k = 0; k < shares.length && left > 0; k++) {
    if (shares[k] <= 0) continue;
    const p = mass <= shares[k] ? 1 : shares[k] / mass;
    const x = binomial(left, p, random);
    out[k] = x;
    left -= x;
    mass -= shares[k];
  }
  return out;
}

/** A binomial draw: inversion from the smaller tail when its mean is small, else a rounded normal. */
function binomial(n: number, p: number, random: SeededRandom): number {
  if (p >= 1) return n;
  if (p <= 0) return 0;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  let x: number;
  if (n * q < 30) {
    // Inversion: walk the pmf up from 0 with f(k + 1) = f(k)·(n − k)/(k + 1)·q/(1 − q).
    const u = random.nextDouble();
    let pmf = (1 - q) ** n;
    let cdf = pmf;
    x = 0;
    while (u > cdf && x < n) {
      pmf *= ((n - x) / (x + 1)) * (q / (1 - q));
      x++;
      cdf += pmf;
    }
  } else {
    const u1 = 1 - random.nextDouble();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
    x = Math.min(n, Math.max(0, Math.round(n * q + z * Math.sqrt(n * q * (1 - q)))));
  }
  return flip ? n - x : x;
}
