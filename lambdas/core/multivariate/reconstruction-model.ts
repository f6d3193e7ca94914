import { principalComponents } from './pca.ts';
import { labelAt, type RowSample, type SampledColumn } from './row-sample.ts';

/** How one column becomes one number of a row, fitted on the baseline's rows. */
interface ColumnEncoding {
  readonly name: string;
  /** `numeric`: the number itself; `categorical`: the baseline share of its category. */
  readonly kind: 'numeric' | 'categorical';
  /** Numeric: what a missing cell becomes (the baseline mean). */
  readonly fill: number;
  /** Categorical: each baseline category's share of the baseline's non-missing cells. */
  readonly shares: ReadonlyMap<string, number>;
  /** Categorical: what a missing cell is read as (the baseline's most frequent category). */
  readonly mode: string | null;
  /** The encoded column's baseline mean and standard deviation (n denominator), for standardizing. */
  readonly center: number;
  readonly scale: number;
}

/**
 * NannyML's data reconstruction model (nannyml.drift.multivariate.data_reconstruction): impute
 * (numbers: baseline mean; categories: baseline mode), encode categories by their baseline
 * frequency (category_encoders' CountEncoder with normalize=True), standardize every column on
 * the baseline (scikit-learn's StandardScaler), then keep the principal components that explain
 * `varianceShare` of the variance. A row's reconstruction error is the Euclidean distance between
 * its standardized values and their projection back from the kept components.
 */
export interface ReconstructionModel {
  readonly columns: readonly ColumnEncoding[];
  /** Mean of the standardized baseline rows (zero up to rounding). */
  readonly mean: Float64Array;
  readonly components: readonly Float64Array[];
  readonly explainedVarianceRatio: readonly number[];
}

export type ColumnRoleInModel = 'numeric' | 'categorical';

/** Fits the model on the baseline's sampled rows; `columns` names each used column's role. */
export function fitReconstructionModel(
  baseline: RowSample,
  columns: ReadonlyMap<string, ColumnRoleInModel>,
  varianceShare: number,
): ReconstructionModel {
  const sampled = [...columns].map(([name, kind]) => {
    const column = baseline.columns.find((c) => c.name === name);
    if (column === undefined) throw new RangeError(`column ${name} is not in the baseline's row sample`);
    return { column, kind };
  });
  const raw = sampled.map(({ column, kind }) => encodingOf(column, kind, baseline.size));
  const d = raw.length;
  const data = new Float64Array(baseline.size * d);
  raw.forEach((encoding, c) => {
    const values = encodedColumn(encoding, sampled[c].column, baseline.size);
    let sum = 0;
    for (const v of values) sum += v;
    const center = sum / values.length;
    let squares = 0;
    for (const v of values) squares += (v - center) ** 2;
    const std = Math.sqrt(squares / values.length);
    // StandardScaler leaves a constant column unscaled (scale 1).
    const scale = std > 0 ? std : 1;
    raw[c] = { ...encoding, center, scale };
    for (let r = 0; r < values.length; r++) data[r * d + c] = (values[r] - center) / scale;
  });
  const pca = principalComponents(data, baseline.size, d, varianceShare);
  return {
    columns: raw,
    mean: pca.mean,
    components: pca.components,
    explainedVarianceRatio: pca.explainedVarianceRatio,
  };
}

/**
 * Each sampled row's reconstruction error under the model. A column the sample lacks is missing
 * in every row (imputed); the caller says so before relying on it.
 */
export function reconstructionErrors(model: ReconstructionModel, sample: RowSample): Float64Array {
  const d = model.columns.length;
  const rows = sample.size;
  const standardized = model.columns.map((encoding) => {
    const column = sample.columns.find((c) => c.name === encoding.name);
    const values =
      column === undefined
        ? new Float64Array(rows).fill(imputedValue(encoding))
        : encodedColumn(encoding, column, rows);
    for (let r = 0; r < rows; r++) values[r] = (values[r] - encoding.center) / encoding.scale;
    return values;
  });
  const errors = new Float64Array(rows);
  const k = model.components.length;
  // The components laid end to end: one array for the inner loop.
  const basis = new Float64Array(k * d);
  for (const [j, component] of model.components.entries()) basis.set(component, j * d);
  const row = new Float64Array(d);
  const { mean } = model;
  for (let r = 0; r < rows; r++) {
    let squares = 0;
    for (let c = 0; c < d; c++) {
      const x = standardized[c][r] - mean[c];
      row[c] = x;
      squares += x * x;
    }
    // The components are orthonormal: |x − WᵀWx|² = |x|² − |Wx|².
    let projected = 0;
    for (let j = 0; j < k; j++) {
      let score = 0;
      const at = j * d;
      for (let c = 0; c < d; c++) score += row[c] * basis[at + c];
      projected += score * score;
    }
    errors[r] = Math.sqrt(Math.max(0, squares - projected));
  }
  return errors;
}

function encodingOf(column: SampledColumn, kind: ColumnRoleInModel, rows: number): ColumnEncoding {
  const base = { name: column.name, kind, center: 0, scale: 1 };
  if (kind === 'numeric') {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      const value = column.numbers[r];
      if (Number.isFinite(value)) {
        sum += value;
        count++;
      }
    }
    return { ...base, fill: count > 0 ? sum / count : 0, shares: new Map(), mode: null };
  }
  const counts = new Map<string, number>();
  let present = 0;
  for (let r = 0; r < rows; r++) {
    const label = labelAt(column, r);
    if (label === null) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    present++;
  }
  // SimpleImputer('most_frequent') takes the smallest of tied modes.
  let mode: string | null = null;
  for (const [label, count] of counts) {
    const best = mode === null ? -1 : counts.get(mode)!;
    if (count > best || (count === best && label < mode!)) mode = label;
  }
  // Imputed cells count as the mode (NannyML encodes after imputing).
  if (mode !== null) counts.set(mode, counts.get(mode)! + (rows - present));
  const shares = new Map<string, number>();
  for (const [label, count] of counts) shares.set(label, count / rows);
  return { ...base, fill: 0, shares, mode };
}

function imputedValue(encoding: ColumnEncoding): number {
  if (encoding.kind === 'numeric') return encoding.fill;
  return encoding.mode === null ? 0 : (encoding.shares.get(encoding.mode) ?? 0);
}

/** A column's cells as the model's numbers, before standardizing; unseen categories are 0. */
function encodedColumn(encoding: ColumnEncoding, column: SampledColumn, rows: number): Float64Array {
  const values = new Float64Array(rows);
  if (encoding.kind === 'numeric') {
    for (let r = 0; r < rows; r++) {
      const value = column.numbers[r];
      values[r] = Number.isFinite(value) ? value : encoding.fill;
    }
    return values;
  }
  const missing = imputedValue(encoding);
  for (let r = 0; r < rows; r++) {
    const label = labelAt(column, r);
    values[r] = label === null ? missing : (encoding.shares.get(label) ?? 0);
  }
  return values;
}
