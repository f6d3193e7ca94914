import type { FeatureKind } from '../kinds.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import type { SeededRandom } from '../random.ts';

/** One draw: a chunk of the baseline shaped like a snapshot, and the rest of the baseline. */
export interface ChunkPair {
  readonly chunk: ColumnProfile;
  /** The baseline without the chunk: never the whole baseline, whose overlap with the chunk narrows the spread. */
  readonly rest: ColumnProfile;
}

/** Values a side needs for any method to say something. */
export const MIN_SIDE = 2;

/** Fewer chunks than this leave no spread worth the name (and fewer periods no time chunks). */
export const MIN_CHUNKS = 10;

/**
 * How many values of the rest a chunk of `chunkSize` is compared with, of `available`: all of
 * them up to `REST_PER_CHUNK_VALUE` times the chunk (at least `REST_FLOOR`), else a seeded
 * uniform sample of that many. A check compares its n values with the N of the baseline; under no
 * drift a two-sample statistic's spread goes with 1/n + 1/N (Kolmogorov's limit for KS D scales
 * with √(1/n + 1/N); χ²-type and binned distances have their bias and spread in the same sum), so
 * a rest of m ≥ 20·n gives 1/n + 1/m ≤ 1.05/n, against the check's ≥ 1/n: the calibrated spread
 * is at most √1.05 − 1 ≈ 2.5% wider for √-scaled statistics, 5% for those in 1/n + 1/N — the
 * conservative side, as the full rest is too (1/(N − n) > 1/N) — while a chunk costs O(n), not
 * O(N).
 */
export function restSizeOf(chunkSize: number, available: number): number {
  return Math.min(available, Math.max(REST_FLOOR, REST_PER_CHUNK_VALUE * chunkSize));
}

const REST_PER_CHUNK_VALUE = 20;
/** Small chunks still get a rest this large: cheap, and the spread then matches to well under 1%. */
export const REST_FLOOR = 20_000;

export interface ChunkDraw {
  /**
   * The pairs, made one at a time as they are iterated. A pair's values live in buffers the next
   * pair reuses: use each pair before asking for the next.
   */
  readonly pairs: Iterable<ChunkPair>;
  /**
   * True when the baseline was too small for disjoint chunks of the asked size: chunks were then
   * drawn with replacement from one half of the baseline and compared with the other half.
   */
  readonly withReplacement: boolean;
  /**
   * Why this strategy cannot calibrate the column (no pairs then): the caller falls back to random
   * chunks and reports this reason. Time chunks say it when too few periods hold enough values.
   */
  readonly unusable?: string;
}

/**
 * Where a calibration's chunks come from. `random` (random-chunks.ts) draws seeded random chunks
 * from what the baseline profile keeps; `time` (time-chunks.ts) takes each period of the
 * baseline's `timestamp` column as a chunk and the other periods as the rest, so period-to-period
 * variation is part of the spread.
 */
export interface ChunkStrategy {
  readonly name: 'random' | 'time';
  /** The period length of time chunks, in milliseconds. */
  readonly periodMs?: number;
  /**
   * `count` pairs of a chunk of about `size` values and the rest of `reference`, or null when the
   * column holds too few values to split.
   */
  draw(
    reference: ColumnProfile,
    kind: FeatureKind,
    size: number,
    count: number,
    random: SeededRandom,
  ): ChunkDraw | null;
}
