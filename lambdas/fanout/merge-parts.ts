import { mergeProfiles } from '../core/profile/merge-profiles.ts';
import {
  addNumber,
  type NumericSummary,
  type SamplingOptions,
  settleMoments,
} from '../core/profile/numeric-summary.ts';
import { findColumn, type Profile } from '../core/profile/profile.ts';
import { columnSeed, datetimeSeed, SeededRandom } from '../core/random.ts';

interface ColumnReplay {
  numbers: NumericSummary | null;
  datetimes: NumericSummary | null;
  readonly numberRandom: SeededRandom;
  readonly datetimeRandom: SeededRandom;
}

/**
 * Merges part profiles added in part order into the profile one sequential pass over the parts
 * would give (the single-Lambda path), even when their union exceeds the value budget, holding
 * only the running result and one part at a time. `mergeProfiles` folded pairwise gives that
 * only while the running union is exact: once it samples, a further merge starts a new
 * generator where a sequential pass continues its one. So each column's kept values are
 * replayed part after part through ONE generator per column, seeded as the profiler seeds it
 * (random.ts: `columnSeed`, and `datetimeSeed` for datetimes); everything else comes from
 * `mergeProfiles`. A column some part already sampled keeps the pairwise merge's sample (uniform
 * and of the same size, but not the sequential pass's values).
 */
export class PartMerger {
  private merged: Profile | undefined;
  private readonly replays = new Map<string, ColumnReplay>();

  add(part: Profile): void {
    if (this.merged === undefined) {
      this.merged = part;
      for (const column of part.columns) {
        const seed = columnSeed(part.sampling.seed, column.name);
        this.replays.set(column.name, {
          numbers: column.numbers.exact ? clone(column.numbers) : null,
          datetimes: column.datetimes.exact ? clone(column.datetimes) : null,
          numberRandom: new SeededRandom(seed),
          datetimeRandom: new SeededRandom(datetimeSeed(seed)),
        });
      }
      return;
    }
    this.merged = mergeProfiles(this.merged, part);
    const { sampling } = this.merged;
    for (const [name, replay] of this.replays) {
      const column = findColumn(part, name);
      if (column === undefined) {
        // A column absent from a part cannot be replayed: keep the pairwise merge's values.
        replay.numbers = null;
        replay.datetimes = null;
        continue;
      }
      replay.numbers = replayInto(replay.numbers, column.numbers, sampling, replay.numberRandom);
      replay.datetimes = replayInto(replay.datetimes, column.datetimes, sampling, replay.datetimeRandom);
    }
    for (const column of this.merged.columns) {
      if (!this.replays.has(column.name)) {
        this.replays.set(column.name, {
          numbers: null,
          datetimes: null,
          numberRandom: new SeededRandom(0),
          datetimeRandom: new SeededRandom(0),
        });
      }
    }
  }

  result(): Profile {
    if (this.merged === undefined) throw new Error('PartMerger needs at least one part');
    return {
      ...this.merged,
      columns: this.merged.columns.map((column) => {
        const replay = this.replays.get(column.name);
        return {
          ...column,
          numbers: replay?.numbers ?? column.numbers,
          datetimes: replay?.datetimes ?? column.datetimes,
        };
      }),
    };
  }
}

function clone(summary: NumericSummary): NumericSummary {
  return {
    ...summary,
    distinct: summary.distinct === null ? null : new Map(summary.distinct),
    values: summary.values.slice(0, summary.size),
  };
}

/** A later part's values added as a sequential pass adds them; null once a part was itself sampled. */
function replayInto(
  summary: NumericSummary | null,
  part: NumericSummary,
  sampling: SamplingOptions,
  random: SeededRandom,
): NumericSummary | null {
  if (summary === null || !part.exact) return null;
  for (let i = 0; i < part.size; i++) addNumber(summary, part.values[i], sampling, random);
  settleMoments(summary);
  summary.nan += part.nan;
  summary.posInf += part.posInf;
  summary.negInf += part.negInf;
  return summary;
}
