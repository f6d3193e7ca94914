import type { FeatureKind } from '../kinds.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import type { SeededRandom } from '../random.ts';

/** One draw: a chunk of the baseline shaped like a snapshot, and the rest of the baseline. */
export interface ChunkPair {
  readonly chunk: ColumnProfile;
  /** The baseline without the chunk: never the whole baseline, whose overlap with the chunk narrows the spread. */
  readonly rest: ColumnProfile;
}

export interface ChunkDraw {
  /** The pairs, made one at a time as they are iterated (each holds a copy of the column's values). */
  readonly pairs: Iterable<ChunkPair>;
  /**
   * True when the baseline was too small for disjoint chunks of the asked size: chunks were then
   * drawn with replacement from one half of the baseline and compared with the other half.
   */
  readonly withReplacement: boolean;
}

/**
 * Where a calibration's chunks come from. `random` draws seeded random chunks from what the
 * baseline profile keeps; a time strategy (chunks by a `timestamp` column, so period-to-period
 * variation is part of the spread) plugs in here by yielding each period's profile as the chunk
 * and the merge of the other periods as the rest.
 */
export interface ChunkStrategy {
  readonly name: 'random' | 'time';
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
