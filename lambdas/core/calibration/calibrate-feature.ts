import { FeatureInputError, FeatureInputs } from '../feature-inputs.ts';
import type { FeatureKind } from '../kinds.ts';
import type { MethodId } from '../method-registry.ts';
import type { CalibrationSettings, DriftPolicy } from '../policy.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import { columnSeed, SeededRandom } from '../random.ts';
import { runMethod } from '../run-method.ts';
import { calibrationStatistic } from './calibration-statistic.ts';
import { type ChunkStrategy, MIN_CHUNKS } from './chunk-strategy.ts';
import { randomChunks } from './random-chunks.ts';

/** A feature's calibrated threshold and the spread it came from (stored in the cache and the report). */
export interface FeatureCalibration {
  readonly method: MethodId;
  /** Values per chunk: the snapshot's count rounded to its size class (`chunkSizeOf`). */
  readonly chunkSize: number;
  /** Chunks whose statistic was computed. */
  readonly chunks: number;
  /** The strategy the chunks came from: `random` also when time chunks were asked but fell back (`fallback`). */
  readonly strategy: ChunkStrategy['name'];
  /** Time chunks: the period length in milliseconds. */
  readonly periodMs?: number;
  /** Why time chunks were asked but random chunks used (too few periods). */
  readonly fallback?: string;
  /** Chunks were drawn with replacement from half the baseline (too few values for disjoint chunks). */
  readonly withReplacement: boolean;
  /** Mean and sample standard deviation of the chunks' calibration statistic. */
  readonly mean: number;
  readonly std: number;
  /** The calibration statistic above which the feature drifts; null when it could not be calibrated. */
  readonly threshold: number | null;
  /** Why there is no threshold (too few values, no chunk the method could take). */
  readonly problem?: string;
}

/**
 * Snapshot sizes within a factor 2^(1/8) (≈ 9%) share one chunk size, so a scheduled check whose
 * snapshot size wobbles from day to day reuses its cached calibration; the threshold's own scale
 * changes with √n, about 4.5% across a class.
 */
export function chunkSizeOf(count: number): number {
  if (count <= 1) return 1;
  return Math.max(1, Math.round(2 ** (Math.round(8 * Math.log2(count)) / 8)));
}

/**
 * A feature's threshold from its own baseline: the method's statistic between `policy.calibration
 * .chunks` chunks of the baseline, each the size of the snapshot (random chunks, or periods of the
 * baseline's timestamp column with `timeChunks`, falling back to random chunks when it has too
 * few periods), and the rest of the baseline
 * (never the whole baseline: the overlap with the chunk narrows the spread), then mean + k·std or
 * the finite-sample (1 − rate) quantile of those statistics (`falseAlarmQuantile`). The chunks are seeded by the policy's seed
 * and the feature's name, so the same inputs always give the same threshold.
 *
 * Works on what the profile keeps, so it runs from a cached profile: every value up to the
 * sampling budget, beyond it the profile's uniform sample — which is also what the check compares,
 * so the chunks are as noisy as the check itself.
 */
export function calibrateFeature(
  reference: ColumnProfile,
  kind: FeatureKind,
  method: MethodId,
  chunkSize: number,
  policy: Pick<DriftPolicy, 'compat' | 'binning' | 'bins' | 'calibration'>,
  strategy: ChunkStrategy = randomChunks,
): FeatureCalibration {
  let drawn = chunkStatistics(reference, kind, method, chunkSize, policy, strategy);
  let used = strategy;
  const fallback = drawn.unusable;
  if (fallback !== undefined) {
    used = randomChunks;
    drawn = chunkStatistics(reference, kind, method, chunkSize, policy, used);
  }
  const base = {
    method,
    chunkSize,
    strategy: used.name,
    ...(used.periodMs !== undefined ? { periodMs: used.periodMs } : {}),
    ...(fallback !== undefined ? { fallback } : {}),
    withReplacement: drawn.withReplacement,
  };
  const { statistics } = drawn;
  if (statistics.length < MIN_CHUNKS) {
    const problem =
      drawn.problem ??
      `only ${statistics.length} of ${policy.calibration.chunks} chunks could be compared${drawn.lastError ? ` (${drawn.lastError})` : ''}`;
    return { ...base, chunks: 0, mean: 0, std: 0, threshold: null, problem };
  }
  const { mean, std } = meanAndStd(statistics);
  return {
    ...base,
    chunks: statistics.length,
    mean,
    std,
    threshold: thresholdOf(statistics, policy.calibration.rule),
  };
}

/** A feature left uncalibrated for `problem` (not cached: a later check calibrates it). */
export function notCalibrated(method: MethodId, chunkSize: number, problem: string): FeatureCalibration {
  return {
    method,
    chunkSize,
    chunks: 0,
    strategy: 'random',
    withReplacement: false,
    mean: 0,
    std: 0,
    threshold: null,
    problem,
  };
}

/** The calibration statistic of each chunk against the rest of the baseline (see `calibrateFeature`). */
export function chunkStatistics(
  reference: ColumnProfile,
  kind: FeatureKind,
  method: MethodId,
  chunkSize: number,
  policy: Pick<DriftPolicy, 'compat' | 'binning' | 'bins' | 'calibration'>,
  strategy: ChunkStrategy = randomChunks,
): {
  statistics: number[];
  withReplacement: boolean;
  problem?: string;
  lastError?: string;
  unusable?: string;
} {
  const { chunks, seed } = policy.calibration;
  const random = new SeededRandom(columnSeed(seed, `${reference.name}\u0000${method}\u0000${chunkSize}`));
  const draw = strategy.draw(reference, kind, chunkSize, chunks, random);
  if (draw === null)
    return {
      statistics: [],
      withReplacement: false,
      problem: 'the baseline holds too few values to draw chunks from',
    };
  if (draw.unusable !== undefined) return { statistics: [], withReplacement: false, unusable: draw.unusable };
  const statistics: number[] = [];
  let lastError: string | undefined;
  for (const { chunk, rest } of draw.pairs) {
    const inputs = new FeatureInputs(rest, chunk, kind);
    try {
      const { result, compared } = runMethod(method, inputs, policy);
      statistics.push(calibrationStatistic(method, result, compared));
    } catch (error) {
      if (!(error instanceof FeatureInputError)) throw error;
      lastError = error.message;
    }
  }
  return {
    statistics,
    withReplacement: draw.withReplacement,
    ...(lastError !== undefined ? { lastError } : {}),
  };
}

/** Mean + k·std of the chunks' statistics, or their empirical (1 − rate) quantile. */
export function thresholdOf(statistics: readonly number[], rule: CalibrationSettings['rule']): number {
  if ('sigmas' in rule) {
    const { mean, std } = meanAndStd(statistics);
    return mean + rule.sigmas * std;
  }
  return falseAlarmQuantile(statistics, rule.falseAlarmRate);
}

/** Mean and sample (n − 1) standard deviation, two-pass. */
function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (values.length - 1)) };
}

/**
 * The ⌈(n + 1)(1 − rate)⌉-th smallest of n chunk statistics (the largest when that is past n): a
 * new statistic from the same distribution exceeds it with probability at most `rate` (the
 * finite-sample quantile of conformal prediction; Lei et al. 2018, "Distribution-free predictive
 * inference for regression", JASA 113(523), Lemma 2). An interpolated quantile would alarm more
 * often than asked: with 100 chunks and a rate of 0.05, about 5.9% of the time.
 */
export function falseAlarmQuantile(values: readonly number[], rate: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((sorted.length + 1) * (1 - rate));
  return sorted[Math.min(rank, sorted.length) - 1];
}
