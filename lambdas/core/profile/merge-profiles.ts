import { columnSeed, datetimeSeed, SeededRandom } from '../random.ts';
import { mergeCategoryCounts } from './category-counts.ts';
import { type ColumnProfile, emptyColumnProfile } from './column-profile.ts';
import { addNumber, type NumericSummary, type SamplingOptions, settleMoments } from './numeric-summary.ts';
import { PROFILE_VERSION, type Profile } from './profile.ts';

/**
 * The profile of `a`'s rows followed by `b`'s. Counts, moments, ranges and category counts
 * are those of the concatenation; kept values too, bit for bit, while both sides are
 * exact. When the union exceeds the value budget it is a seeded uniform sample of the
 * union; for two exact sides it is the very sample a sequential pass would keep, but a
 * chain of merges whose running result is already sampled restarts the column generator,
 * so it is a different (equally uniform) sample than one pass. Merging many parts exactly
 * like one pass replays them through one generator (`lambdas/fanout/merge-parts.ts`).
 */
export function mergeProfiles(a: Profile, b: Profile): Profile {
  if (a.sampling.maxValues !== b.sampling.maxValues || a.sampling.seed !== b.sampling.seed) {
    throw new Error('cannot merge profiles made with different sampling settings');
  }
  const columns: ColumnProfile[] = [];
  const names = [
    ...a.columns.map((c) => c.name),
    ...b.columns.map((c) => c.name).filter((n) => !hasColumn(a, n)),
  ];
  for (const name of names) {
    const left =
      a.columns.find((c) => c.name === name) ??
      nullColumnLike(b.columns.find((c) => c.name === name)!, a.rowCount);
    const right = b.columns.find((c) => c.name === name) ?? nullColumnLike(left, b.rowCount);
    columns.push(mergeColumns(left, right, a.sampling, a.sampling.seed, a.sampling.maxCategories));
  }
  return {
    version: PROFILE_VERSION,
    rowCount: a.rowCount + b.rowCount,
    sources: [...a.sources, ...b.sources],
    sampling: a.sampling,
    columns,
  };
}

function hasColumn(profile: Profile, name: string): boolean {
  return profile.columns.some((c) => c.name === name);
}

/** A column absent from one side is null in all of that side's rows. */
function nullColumnLike(template: ColumnProfile, rows: number): ColumnProfile {
  return {
    ...emptyColumnProfile(template.name, template.sourceType, template.kindOverride),
    rows,
    nulls: rows,
  };
}

function mergeColumns(
  a: ColumnProfile,
  b: ColumnProfile,
  sampling: SamplingOptions,
  seed: number,
  maxCategories: number,
): ColumnProfile {
  const firstOfClass = { ...b.firstOfClass, ...a.firstOfClass };
  const seedOfColumn = columnSeed(seed, a.name);
  return {
    name: a.name,
    sourceType: a.sourceType === 'untyped' ? b.sourceType : a.sourceType,
    kindOverride: a.kindOverride ?? b.kindOverride,
    rows: a.rows + b.rows,
    nulls: a.nulls + b.nulls,
    unreadable: a.unreadable + b.unreadable,
    readError: a.readError ?? b.readError,
    classes: {
      number: a.classes.number + b.classes.number,
      boolean: a.classes.boolean + b.classes.boolean,
      datetime: a.classes.datetime + b.classes.datetime,
      string: a.classes.string + b.classes.string,
    },
    firstOfClass,
    numbers: mergeNumericSummaries(a.numbers, b.numbers, sampling, new SeededRandom(seedOfColumn)),
    datetimes: mergeNumericSummaries(
      a.datetimes,
      b.datetimes,
      sampling,
      new SeededRandom(datetimeSeed(seedOfColumn)),
    ),
    categories: mergeCategoryCounts(a.categories, b.categories, maxCategories),
  };
}

/**
 * `random` must be the column's generator in its initial state: a sequential pass consumes
 * it only once sampling starts, so replaying an exact `b` into an exact `a` reproduces it.
 */
function mergeNumericSummaries(
  a: NumericSummary,
  b: NumericSummary,
  sampling: SamplingOptions,
  random: SeededRandom,
): NumericSummary {
  if (a.exact && b.exact) {
    const merged = cloneSummary(a);
    for (let i = 0; i < b.size; i++) addNumber(merged, b.values[i], sampling, random);
    settleMoments(merged);
    merged.nan += b.nan;
    merged.posInf += b.posInf;
    merged.negInf += b.negInf;
    return merged;
  }
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  // Chan et al. parallel variance.
  const mean = count === 0 ? 0 : a.mean + (delta * b.count) / count;
  const m2 = count === 0 ? 0 : a.m2 + b.m2 + (delta * delta * a.count * b.count) / count;
  return {
    count,
    nan: a.nan + b.nan,
    posInf: a.posInf + b.posInf,
    negInf: a.negInf + b.negInf,
    mean,
    m2,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    distinct: mergeDistinct(a.distinct, b.distinct, sampling.maxDistinct),
    ...mergeSamples(a, b, sampling.maxValues, random),
  };
}

function cloneSummary(s: NumericSummary): NumericSummary {
  return {
    ...s,
    distinct: s.distinct === null ? null : new Map(s.distinct),
    values: s.values.slice(0, s.size),
  };
}

function mergeDistinct(
  a: Map<number, number> | null,
  b: Map<number, number> | null,
  maxDistinct: number,
): Map<number, number> | null {
  if (a === null || b === null) return null;
  const merged = new Map(a);
  for (const [value, count] of b) merged.set(value, (merged.get(value) ?? 0) + count);
  return merged.size > maxDistinct ? null : merged;
}

/**
 * A uniform sample of the union from uniform samples of each side: how many come from `a`
 * is hypergeometric (drawn by simulating k draws without replacement), then that many are
 * taken uniformly from each side's sample.
 */
function mergeSamples(
  a: NumericSummary,
  b: NumericSummary,
  maxValues: number,
  random: SeededRandom,
): { values: Float64Array; size: number; exact: boolean } {
  const total = a.count + b.count;
  const k = Math.min(maxValues, total);
  let remainingA = a.count;
  let remainingB = b.count;
  let fromA = 0;
  for (let draw = 0; draw < k; draw++) {
    if (random.nextInt(remainingA + remainingB) < remainingA) {
      remainingA--;
      fromA++;
    } else {
      remainingB--;
    }
  }
  const values = new Float64Array(k);
  values.set(takeUniform(a, fromA, random), 0);
  values.set(takeUniform(b, k - fromA, random), fromA);
  return { values, size: k, exact: false };
}

/** `count` entries of the side's kept values chosen uniformly (partial Fisher–Yates). */
function takeUniform(side: NumericSummary, count: number, random: SeededRandom): Float64Array {
  const pool = side.values.slice(0, side.size);
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, count);
}
