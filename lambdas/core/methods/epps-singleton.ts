import gammainc from '@stdlib/math-base-special-gammainc';
import type { MethodResult, SortedSampleMethod } from './types.ts';

/** scipy refuses samples smaller than this (the χ² approximation is not trusted below it). */
const EPPS_SINGLETON_MIN_SAMPLE = 5;

// scipy 1.10 default t = (0.4, 0.8), the points Epps & Singleton (1986) recommend.
const T1 = 0.4;
const T2 = 0.8;
/**
 * The statistic reported for two constant samples at different values: the largest finite double
 * (reports carry no Infinity), which sorts above every real W.
 */
export const SEPARATED_CONSTANTS_W = Number.MAX_VALUE;

// numpy.linalg.pinv default rcond.
const PINV_RCOND = 1e-15;

/**
 * Epps–Singleton two-sample test on the empirical characteristic function, as
 * `scipy.stats.epps_singleton_2samp(reference, current, t=(0.4, 0.8))` in scipy 1.10:
 * 1. scale: σ = IQR(pooled) / 2 (numpy percentile, linear interpolation); evaluation points t / σ;
 * 2. g(x) = (cos(t₁x/σ), cos(t₂x/σ), sin(t₁x/σ), sin(t₂x/σ)); per sample its mean and biased covariance;
 * 3. Σ = (n/n_ref) cov_ref + (n/n_cur) cov_cur; W = n d' Σ⁺ d with d the difference of the means and Σ⁺
 *    the Moore–Penrose pseudo-inverse (singular values ≤ 1e-15 · largest dropped, as `np.linalg.pinv`);
 * 4. when max(n_ref, n_cur) < 25, W is multiplied by 1 / (1 + n^-0.45 + 10.1 (n_ref^-1.7 + n_cur^-1.7));
 * 5. p = χ²_r sf(W), r = rank of Σ⁺ (4 unless the data have at most 3 distinct values).
 *
 * Defined where scipy raises or returns NaN (never NaN, never a throw here):
 * - either sample smaller than {@link EPPS_SINGLETON_MIN_SAMPLE}: statistic 0, p 1 — too little data for
 *   the test, reported as no evidence of drift;
 * - IQR of the pooled sample 0 (more than half the values tied) but not all equal: σ is the pooled
 *   population standard deviation instead (scipy divides by 0 and returns NaN);
 * - all pooled values equal (σ = 0 both ways): statistic 0, p 1;
 * - each sample constant, at different values: Σ = 0 and W would be infinite (scipy inverts rounding noise
 *   and reports W ~ 1e32): statistic {@link SEPARATED_CONSTANTS_W}, p 0.
 */
export const eppsSingleton: SortedSampleMethod = (reference, current): MethodResult => {
  const nx = reference.length;
  const ny = current.length;
  if (nx < EPPS_SINGLETON_MIN_SAMPLE || ny < EPPS_SINGLETON_MIN_SAMPLE) return { statistic: 0, pValue: 1 };
  const n = nx + ny;
  let sigma = pooledInterquartileRange(reference, current) / 2;
  if (!(sigma > 0)) sigma = pooledPopulationStd(reference, current);
  if (!(sigma > 0)) return { statistic: 0, pValue: 1 };
  // numpy: ts = t / sigma, then ts * x.
  const t1 = T1 / sigma;
  const t2 = T2 / sigma;
  const gx = characteristicMoments(reference, t1, t2);
  const gy = characteristicMoments(current, t1, t2);
  const covariance = new Float64Array(16);
  for (let k = 0; k < 16; k++) covariance[k] = (n / nx) * gx.covariance[k] + (n / ny) * gy.covariance[k];
  const meanGap = new Float64Array(4);
  for (let k = 0; k < 4; k++) meanGap[k] = gx.mean[k] - gy.mean[k];
  const { quadraticForm, rank } = pseudoInverseQuadraticForm(covariance, meanGap);
  if (rank === 0) {
    // Σ = 0: both samples constant (σ > 0 rules out one shared value), so they differ.
    const separated = meanGap.some((gap) => gap !== 0);
    return separated ? { statistic: SEPARATED_CONSTANTS_W, pValue: 0 } : { statistic: 0, pValue: 1 };
  }
  let w = Math.max(0, n * quadraticForm);
  if (Math.max(nx, ny) < 25) {
    // scipy 1.10 epps_singleton_2samp small-sample correction, from Epps & Singleton (1986) p. 184.
    w *= 1 / (1 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
  }
  // χ²_r survival function: the regularized upper incomplete gamma Q(r/2, w/2) (cephes chdtrc).
  return { statistic: w, pValue: gammainc(w / 2, rank / 2, true, true) };
};

/** 75th minus 25th percentile of the pooled sample, numpy `percentile(..., method='linear')`. */
function pooledInterquartileRange(a: Float64Array, b: Float64Array): number {
  return pooledPercentile(a, b, 0.75) - pooledPercentile(a, b, 0.25);
}

/**
 * numpy 1.24 `_quantile` with the linear method on the pooled sorted sample: virtual index (N - 1) q,
 * then `_lerp`, which interpolates from the nearer end (b - (b - a)(1 - g) when g >= 0.5).
 */
function pooledPercentile(a: Float64Array, b: Float64Array, quantile: number): number {
  const total = a.length + b.length;
  const virtualIndex = (total - 1) * quantile;
  if (virtualIndex >= total - 1) return pooledOrderStatistic(a, b, total - 1);
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const below = pooledOrderStatistic(a, b, previous);
  const above = pooledOrderStatistic(a, b, previous + 1);
  const gap = above - below;
  return gamma >= 0.5 ? above - gap * (1 - gamma) : below + gap * gamma;
}

/** The k-th smallest (0-based) value of the union of two sorted arrays, by bisection: O(log(n + m)). */
function pooledOrderStatistic(a: Float64Array, b: Float64Array, k: number): number {
  const n = a.length;
  const m = b.length;
  // Find how many of the k + 1 smallest come from a: the least `fromA` with a[fromA] >= b[k - fromA].
  let low = Math.max(0, k + 1 - m);
  let high = Math.min(k + 1, n);
  while (low < high) {
    const fromA = (low + high) >>> 1;
    // Taking fromA from a is too few when a[fromA] < b[k - fromA] (the next of a precedes b's last taken).
    if (a[fromA] < b[k - fromA]) low = fromA + 1;
    else high = fromA;
  }
  const fromA = low;
  const fromB = k + 1 - fromA;
  const lastOfA = fromA > 0 ? a[fromA - 1] : Number.NEGATIVE_INFINITY;
  const lastOfB = fromB > 0 ? b[fromB - 1] : Number.NEGATIVE_INFINITY;
  return Math.max(lastOfA, lastOfB);
}

function pooledPopulationStd(a: Float64Array, b: Float64Array): number {
  const total = a.length + b.length;
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k];
  for (let k = 0; k < b.length; k++) sum += b[k];
  const mean = sum / total;
  let squares = 0;
  for (let k = 0; k < a.length; k++) squares += (a[k] - mean) * (a[k] - mean);
  for (let k = 0; k < b.length; k++) squares += (b[k] - mean) * (b[k] - mean);
  return Math.sqrt(squares / total);
}

/**
 * Mean vector and biased covariance (÷ n, `np.cov(..., bias=True)`) of g(x) over a sample, in one
 * Welford pass (no n × 4 matrix kept): covariance[4r + c], symmetric.
 */
function characteristicMoments(
  sample: Float64Array,
  t1: number,
  t2: number,
): { mean: Float64Array; covariance: Float64Array } {
  const mean = new Float64Array(4);
  const comoment = new Float64Array(16);
  const delta = new Float64Array(4);
  const g = new Float64Array(4);
  for (let k = 0; k < sample.length; k++) {
    const x = sample[k];
    g[0] = Math.cos(t1 * x);
    g[1] = Math.cos(t2 * x);
    g[2] = Math.sin(t1 * x);
    g[3] = Math.sin(t2 * x);
    const count = k + 1;
    for (let r = 0; r < 4; r++) {
      delta[r] = g[r] - mean[r];
      mean[r] += delta[r] / count;
    }
    for (let r = 0; r < 4; r++) {
      const after = g[r] - mean[r];
      for (let c = 0; c <= r; c++) comoment[4 * r + c] += delta[c] * after;
    }
  }
  const covariance = new Float64Array(16);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c <= r; c++) {
      covariance[4 * r + c] = comoment[4 * r + c] / sample.length;
      covariance[4 * c + r] = covariance[4 * r + c];
    }
  }
  return { mean, covariance };
}

/**
 * d' A⁺ d for a symmetric 4 × 4 matrix A (row-major), and the rank of A⁺, as numpy's `pinv` (SVD,
 * singular values ≤ rcond · largest treated as 0) and `matrix_rank` would give. For a symmetric matrix the
 * singular values are the |eigenvalues|, so a cyclic Jacobi eigendecomposition (exact to rounding for
 * 4 × 4) stands in for the SVD: A⁺ = Σ_{kept} v v' / λ.
 */
function pseudoInverseQuadraticForm(
  matrix: Float64Array,
  d: Float64Array,
): { quadraticForm: number; rank: number } {
  const { values, vectors } = jacobiEigen(matrix);
  let largest = 0;
  for (let k = 0; k < 4; k++) largest = Math.max(largest, Math.abs(values[k]));
  const cutoff = PINV_RCOND * largest;
  let quadraticForm = 0;
  let rank = 0;
  for (let k = 0; k < 4; k++) {
    if (!(Math.abs(values[k]) > cutoff)) continue;
    rank++;
    let projection = 0;
    for (let r = 0; r < 4; r++) projection += vectors[4 * r + k] * d[r];
    quadraticForm += (projection * projection) / values[k];
  }
  return { quadraticForm, rank };
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major) of a symmetric 4 × 4 matrix by cyclic
 * Jacobi rotations (Golub & Van Loan, Matrix Computations, 4th ed., §8.5; rotation as Numerical Recipes
 * `jacobi`), until the off-diagonal mass is below 1e-17 of the matrix norm: eigenvalues then carry
 * absolute errors ~1e-16 · ‖A‖, the same order as LAPACK's SVD behind numpy.
 */
function jacobiEigen(matrix: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const size = 4;
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let k = 0; k < size; k++) v[k * size + k] = 1;
  let normSquared = 0;
  for (let k = 0; k < size * size; k++) normSquared += a[k] * a[k];
  for (let sweep = 0; sweep < 50; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) offDiagonal += 2 * a[p * size + q] ** 2;
    if (!(offDiagonal > 1e-34 * normSquared)) break;
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q];
        if (apq === 0) continue;
        const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        // tan of the rotation angle, the smaller root of t² + 2θt - 1 = 0; 1/(2θ) when θ² would overflow.
        const t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p];
          const akq = a[k * size + q];
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k];
          const aqk = a[q * size + k];
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p];
          const vkq = v[k * size + q];
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let k = 0; k < size; k++) values[k] = a[k * size + k];
  return { values, vectors: v };
}
