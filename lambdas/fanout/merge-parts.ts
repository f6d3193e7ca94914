import { mergeProfiles } from '../core/profile/merge-profiles.ts';
import { addNumber, type NumericSummary, type SamplingOptions } from '../core/profile/numeric-summary.ts';
import { findColumn, type Profile } from '../core/profile/profile.ts';
import { columnSeed, SeededRandom } from '../core/random.ts';

/**
 * The profile of the parts' rows in order, equal to one sequential pass over the parts (the
 * single-Lambda path) even when their union exceeds the value budget. `mergeProfiles` folded
 * pairwise gives that only while the running union is exact: once it samples, a further merge
 * starts a new generator, where a sequential pass continues its one generator. So each
 * column's kept values are replayed part after part through ONE generator per column, seeded
 * as the profiler seeds it (profiler.ts: `columnSeed`, and `^ 0x5bd1e995` for datetimes);
 * everything else comes from `mergeProfiles`. A column some part already sampled keeps the
 * pairwise merge's sample (a uniform sample, not the sequential pass's values).
 */
export function mergePartsInOrder(parts: readonly Profile[]): Profile {
  if (parts.length === 0) throw new Error('mergePartsInOrder needs at least one part');
  const merged = parts.reduce((a, b) => mergeProfiles(a, b));
  const { sampling } = merged;
  const columns = merged.columns.map((column) => {
    const sides = parts.map((part) => findColumn(part, column.name));
    if (sides.some((side) => side === undefined)) return column;
    const seed = columnSeed(sampling.seed, column.name);
    const numbers = sides.map((side) => side!.numbers);
    const datetimes = sides.map((side) => side!.datetimes);
    return {
      ...column,
      numbers: replayable(numbers) ? replay(numbers, sampling, new SeededRandom(seed)) : column.numbers,
      datetimes: replayable(datetimes)
        ? replay(datetimes, sampling, new SeededRandom(seed ^ 0x5bd1e995))
        : column.datetimes,
    };
  });
  return { ...merged, columns };
}

function replayable(summaries: readonly NumericSummary[]): boolean {
  return summaries.every((summary) => summary.exact);
}

/** The first part's summary, then every later part's values added as a sequential pass adds them. */
function replay(
  summaries: readonly NumericSummary[],
  sampling: SamplingOptions,
  random: SeededRandom,
): NumericSummary {
  const [first, ...rest] = summaries;
  const summary: NumericSummary = {
    ...first,
    distinct: first.distinct === null ? null : new Map(first.distinct),
    values: first.values.slice(0, first.size),
  };
  for (const part of rest) {
    for (let i = 0; i < part.size; i++) addNumber(summary, part.values[i], sampling, random);
    summary.nan += part.nan;
    summary.posInf += part.posInf;
    summary.negInf += part.negInf;
  }
  return summary;
}
