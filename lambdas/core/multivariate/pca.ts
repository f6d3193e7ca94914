import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Principal components of a data matrix, as scikit-learn's `PCA(n_components=share)` keeps them. */
export interface PrincipalComponents {
  /** Column means of the data (scikit-learn's `mean_`). */
  readonly mean: Float64Array;
  /** The kept components, largest variance first, each a unit vector over the columns (`components_`). */
  readonly components: readonly Float64Array[];
  /** Variance along each kept component, n − 1 denominator (`explained_variance_`). */
  readonly explainedVariance: readonly number[];
  /** Each kept component's share of the total variance (`explained_variance_ratio_`). */
  readonly explainedVarianceRatio: readonly number[];
}

/**
 * PCA of `rows` rows × `columns` columns (row-major `data`), keeping the fewest components whose
 * variance shares sum past `varianceShare`: scikit-learn 1.2's rule for a fractional
 * `n_components` (`searchsorted(cumsum(ratio), share, side="right") + 1`). The components are the
 * eigenvectors of the sample covariance matrix (a d × d symmetric eigenproblem solved by
 * ml-matrix), which are scikit-learn's right singular vectors of the centred data; each is signed
 * so its largest entry by magnitude is positive (scikit-learn signs by the left singular vectors,
 * so signs may differ from its).
 */
export function principalComponents(
  data: Float64Array,
  rows: number,
  columns: number,
  varianceShare: number,
): PrincipalComponents {
  if (rows < 2) throw new RangeError(`PCA needs at least 2 rows, got ${rows}`);
  const mean = new Float64Array(columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) mean[c] += data[r * columns + c];
  for (let c = 0; c < columns; c++) mean[c] /= rows;
  const covariance = covarianceOf(data, rows, columns, mean);
  const decomposition = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  // Round-off leaves eigenvalues of a rank-deficient matrix slightly negative: they are zero.
  const variances = order.map((i) => Math.max(0, values[i]));
  const total = variances.reduce((a, b) => a + b, 0);
  const ratios = variances.map((v) => (total > 0 ? v / total : 0));
  const kept = componentsFor(ratios, varianceShare);
  const components = order.slice(0, kept).map((i) => signed(Float64Array.from(vectors.getColumn(i))));
  return {
    mean,
    components,
    explainedVariance: variances.slice(0, kept),
    explainedVarianceRatio: ratios.slice(0, kept),
  };
}

/** The fewest leading components whose cumulative share exceeds `share` (all when none does). */
function componentsFor(ratios: readonly number[], share: number): number {
  let cumulative = 0;
  let atMostShare = 0;
  for (const ratio of ratios) {
    cumulative += ratio;
    if (cumulative <= share) atMostShare++;
  }
  return Math.min(ratios.length, atMostShare + 1);
}

function covarianceOf(data: Float64Array, rows: number, columns: number, mean: Float64Array): Matrix {
  const sums = new Float64Array(columns * columns);
  const centred = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) centred[c] = data[r * columns + c] - mean[c];
    for (let a = 0; a < columns; a++) {
      const x = centred[a];
      for (let b = a; b < columns; b++) sums[a * columns + b] += x * centred[b];
    }
  }
  const covariance = new Matrix(columns, columns);
  for (let a = 0; a < columns; a++) {
    for (let b = a; b < columns; b++) {
      const value = sums[a * columns + b] / (rows - 1);
      covariance.set(a, b, value);
      covariance.set(b, a, value);
    }
  }
  return covariance;
}

function signed(vector: Float64Array): Float64Array {
  let largest = 0;
  for (let i = 1; i < vector.length; i++) if (Math.abs(vector[i]) > Math.abs(vector[largest])) largest = i;
  if (vector[largest] < 0) for (let i = 0; i < vector.length; i++) vector[i] = -vector[i];
  return vector;
}
