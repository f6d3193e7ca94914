import { type DriftPolicy, MULTIVARIATE_ROW_FLOOR } from '../policy.ts';
import { columnSeed, SeededRandom } from '../random.ts';
import type { FeatureResult, MultivariateDrift } from '../report.ts';
import {
  type ColumnRoleInModel,
  fitReconstructionModel,
  reconstructionErrors,
} from './reconstruction-model.ts';
import type { RowSample } from './row-sample.ts';

const METHOD = 'pca_reconstruction';

/** A table's row count and, when its read kept one, its row sample (a `Profile` is one). */
interface TableRows {
  readonly rowCount: number;
  readonly rows?: RowSample;
}

/** Fewer chunk means than this leave no spread worth the name (as for calibrated thresholds). */
const MIN_CHUNKS = 10;

/**
 * Multivariate drift of the current table against the baseline (NannyML's data reconstruction):
 * the model is fitted on the baseline's row sample, the statistic is the mean reconstruction error
 * of the current's row sample, and the band is mean ± `sigmas` standard deviations of the mean
 * error of `calibration.chunks` baseline chunks the size of the current sample, drawn with
 * replacement from the baseline sample's errors (seeded by `calibration.seed`). With replacement,
 * a chunk's mean spreads as the mean of as many independent rows does, which is what the current
 * sample is, whatever its size against the baseline's. Undefined when turned off; a result with
 * `error` when it could not be computed.
 *
 * `features` are the compare's results: the default columns are its tested features of kind
 * numeric, categorical or boolean (prediction columns left out, as NannyML uses model inputs only).
 */
export function multivariateDrift(
  features: readonly FeatureResult[],
  baselineTable: TableRows,
  currentTable: TableRows,
  policy: Pick<DriftPolicy, 'multivariate' | 'calibration'>,
): MultivariateDrift | undefined {
  const settings = policy.multivariate;
  if (settings.enabled === false) return undefined;
  const columns = modelColumns(features, settings.columns);
  const notComputed = (error: string): MultivariateDrift => ({
    method: METHOD,
    statistic: null,
    threshold: null,
    drifted: false,
    components: 0,
    explainedVariance: 0,
    columns: [...columns.keys()],
    error,
  });
  // The floor first, from the tables' own counts: a table under it is off whichever way it was read.
  if (settings.enabled === 'auto') {
    const small = Math.min(baselineTable.rowCount, currentTable.rowCount);
    if (small < MULTIVARIATE_ROW_FLOOR) {
      const side = baselineTable.rowCount <= currentTable.rowCount ? 'baseline' : 'current table';
      return notComputed(
        `off: the ${side} has ${small} rows, under the ${MULTIVARIATE_ROW_FLOOR}-row floor (set multivariate.enabled to true to compute it)`,
      );
    }
  }
  const baseline = baselineTable.rows;
  const current = currentTable.rows;
  if (baseline === undefined || current === undefined) {
    const side = baseline === undefined ? 'baseline' : 'current table';
    return notComputed(`not computed: the ${side} was profiled without a row sample (a saved profile)`);
  }
  const unused = settings.columns.filter((name) => !columns.has(name));
  if (unused.length > 0)
    return notComputed(
      `not computed: multivariate.columns names ${unused.join(', ')}, not a tested numeric, categorical or boolean feature`,
    );
  if (columns.size < 2)
    return notComputed(`not computed: it needs at least 2 columns, found ${columns.size}`);
  const missing = [...columns.keys()].filter(
    (name) => !baseline.columns.some((c) => c.name === name) || !current.columns.some((c) => c.name === name),
  );
  if (missing.length > 0)
    return notComputed(
      `not computed: no sampled rows for ${missing.join(', ')} (past the sample's cell budget)`,
    );
  if (baseline.size <= columns.size || current.size < 2)
    return notComputed(
      `not computed: too few rows (baseline ${baseline.size}, current ${current.size}) for ${columns.size} columns`,
    );
  const model = fitReconstructionModel(baseline, columns, settings.varianceShare);
  const referenceErrors = reconstructionErrors(model, baseline);
  const currentErrors = reconstructionErrors(model, current);
  const statistic = meanOf(currentErrors);
  const chunkMeans = bootstrapMeans(
    referenceErrors,
    current.size,
    policy.calibration.chunks,
    new SeededRandom(columnSeed(policy.calibration.seed, `multivariate\u0000${current.size}`)),
  );
  const explainedVariance = model.explainedVarianceRatio.reduce((a, b) => a + b, 0);
  const base = {
    method: METHOD,
    components: model.components.length,
    explainedVariance,
    columns: [...columns.keys()],
    rows: {
      reference: baseline.size,
      current: current.size,
      referenceTable: baseline.rowCount,
      currentTable: current.rowCount,
    },
  } as const;
  if (chunkMeans.length < MIN_CHUNKS)
    return {
      ...notComputed(`not computed: only ${chunkMeans.length} baseline chunks (calibration.chunks)`),
      ...base,
      statistic,
    };
  const mean = meanOf(chunkMeans);
  const std = Math.sqrt(chunkMeans.reduce((sum, m) => sum + (m - mean) ** 2, 0) / (chunkMeans.length - 1));
  // NannyML clips the lower threshold of a reconstruction error at 0.
  const threshold = { lower: Math.max(0, mean - settings.sigmas * std), upper: mean + settings.sigmas * std };
  return {
    ...base,
    statistic,
    threshold,
    drifted: statistic > threshold.upper || statistic < threshold.lower,
    chunks: { count: chunkMeans.length, size: current.size, mean, std },
  };
}

/** The model's columns by name, in the report's order: tested numeric, categorical and boolean features. */
function modelColumns(
  features: readonly FeatureResult[],
  only: readonly string[],
): Map<string, ColumnRoleInModel> {
  const wanted = new Set(only);
  const columns = new Map<string, ColumnRoleInModel>();
  for (const feature of features) {
    if (feature.method === null || feature.role === 'prediction') continue;
    if (wanted.size > 0 && !wanted.has(feature.name)) continue;
    if (feature.kind === 'numeric') columns.set(feature.name, 'numeric');
    else if (feature.kind === 'categorical' || feature.kind === 'boolean')
      columns.set(feature.name, 'categorical');
  }
  return columns;
}

function bootstrapMeans(errors: Float64Array, size: number, count: number, random: SeededRandom): number[] {
  const means: number[] = [];
  const n = errors.length;
  for (let chunk = 0; chunk < count; chunk++) {
    let sum = 0;
    // One 32-bit draw per row: the index's bias, n / 2^32, is far below the chunks' own noise.
    for (let i = 0; i < size; i++) sum += errors[Math.floor((random.nextUint32() / 4294967296) * n)];
    means.push(sum / size);
  }
  return means;
}

function meanOf(values: Float64Array | readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
