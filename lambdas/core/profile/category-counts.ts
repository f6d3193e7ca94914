import { categoryHash } from './category-hash.ts';

/**
 * Which categories a capped table keeps. `smallest-hash`: the `maxCategories` labels with the
 * smallest `categoryHash` (a bottom-k sketch), each with its exact count; so two tables sample
 * the same region of hash space whatever order their rows came in, the share of current rows
 * that are new categories can be estimated over the common region, and merging is exact and
 * order-independent. `arrival`: the first labels seen (tables of profiles saved before the
 * hash rule): merging keeps the first side's, and absence from one proves nothing.
 */
export type CategoryRule = 'smallest-hash' | 'arrival';

export const CATEGORY_RULES: readonly CategoryRule[] = ['smallest-hash', 'arrival'];

/** The rule this version writes. */
export const CATEGORY_RULE: CategoryRule = 'smallest-hash';

/**
 * Counts of a column's distinct values as text, capped so a high-cardinality column
 * (ids, free text) cannot exhaust memory: values the rule does not keep are counted in
 * `other`, so totals stay exact. A table that never overflowed holds every value, in order of
 * first appearance.
 */
export interface CategoryCounts {
  counts: Map<string, number>;
  /** Cells of values the table does not keep. */
  other: number;
  /** Sum of value lengths (UTF-16 units) over counted cells, for the text heuristic. */
  lengthSum: number;
  rule: CategoryRule;
  /**
   * `smallest-hash` only: a value whose hash is above this is not kept (Infinity until the table
   * first overflows). While profiling, the table may hold up to twice its cap above the final
   * limit (pruned in batches); `settleCategoryCounts` cuts it to the cap.
   */
  hashLimit: number;
}

/** @default 10_000 distinct values per column */
export const DEFAULT_MAX_CATEGORIES = 10_000;

export function emptyCategoryCounts(): CategoryCounts {
  return {
    counts: new Map(),
    other: 0,
    lengthSum: 0,
    rule: CATEGORY_RULE,
    hashLimit: Number.POSITIVE_INFINITY,
  };
}

export function addCategory(categories: CategoryCounts, value: string, maxCategories: number): void {
  addCategoryCount(categories, value, 1, maxCategories);
}

/** `count` cells of one value at once: the same result as `count` calls of `addCategory`. */
export function addCategoryCount(
  categories: CategoryCounts,
  value: string,
  count: number,
  maxCategories: number,
): void {
  categories.lengthSum += value.length * count;
  const counts = categories.counts;
  const seen = counts.get(value);
  if (seen !== undefined) counts.set(value, seen + count);
  else if (categories.rule === 'arrival') {
    if (counts.size < maxCategories) counts.set(value, count);
    else categories.other += count;
  } else if (categories.hashLimit === Number.POSITIVE_INFINITY && counts.size < maxCategories) {
    counts.set(value, count);
  } else if (categoryHash(value) <= categories.hashLimit) {
    counts.set(value, count);
    if (counts.size >= 2 * maxCategories) pruneCategories(categories, maxCategories);
  } else categories.other += count;
}

/**
 * Cuts a `smallest-hash` table to the values with the `maxCategories` smallest hashes (ties at
 * the limit all stay), the rest into `other`. A table within its cap is left as it is.
 */
export function settleCategoryCounts(categories: CategoryCounts, maxCategories: number): void {
  if (categories.rule === 'smallest-hash' && categories.counts.size > maxCategories) {
    pruneCategories(categories, maxCategories);
  }
}

/**
 * The hash above which a settled `smallest-hash` table keeps nothing: Infinity when it holds every
 * value it saw (`other` is 0), else its largest kept hash (the k-th smallest seen). Null for an
 * `arrival` table that overflowed: what it kept is no sample of hash space.
 */
export function keptHashLimit(categories: CategoryCounts): number | null {
  if (categories.other === 0) return Number.POSITIVE_INFINITY;
  if (categories.rule === 'arrival') return null;
  let limit = 0;
  for (const value of categories.counts.keys()) limit = Math.max(limit, categoryHash(value));
  return limit;
}

/**
 * The k-th smallest of `hashes` (all of them when fewer), lowered to at most `limit`: the limit
 * of a table that saw these values. Reorders `hashes`.
 */
export function bottomKLimit(hashes: Float64Array, k: number, limit: number): number {
  if (hashes.length <= k) return limit;
  return Math.min(limit, kthSmallest(hashes, k - 1));
}

/**
 * The value of rank `rank` (0-based) in `values`, by Hoare's selection: linear on average, where
 * sorting every cut's hashes dominated a full profile of a CSV column with many distinct numbers.
 * Hashes can be steered (the hash is invertible), so after 2·log2(n) partitions that did not halve
 * the range the rest is sorted: never quadratic.
 */
function kthSmallest(values: Float64Array, rank: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let budget = 2 * Math.ceil(Math.log2(values.length + 1));
  while (hi > lo) {
    if (budget-- === 0) {
      const rest = values.subarray(lo, hi + 1).sort();
      return rest[rank - lo];
    }
    const mid = lo + ((hi - lo) >> 1);
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    // The median of three.
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return values[rank];
  }
  return values[lo];
}

function pruneCategories(categories: CategoryCounts, maxCategories: number): void {
  const counts = categories.counts;
  const hashes = new Float64Array(counts.size);
  let i = 0;
  for (const value of counts.keys()) hashes[i++] = categoryHash(value);
  const limit = bottomKLimit(hashes.slice(), maxCategories, categories.hashLimit);
  categories.hashLimit = limit;
  i = 0;
  for (const [value, count] of counts) {
    if (hashes[i++] > limit) {
      counts.delete(value);
      categories.other += count;
    }
  }
}

/**
 * Union of two count tables. For `smallest-hash` tables it equals counting the concatenation,
 * in either order: each side keeps every value whose hash is at most its limit, and the merged
 * table keeps a subset of those (Giroire, "Order statistics and estimating cardinalities of
 * massive data sets", 2009, on bottom-k sketches). With an `arrival` side, `a`'s values win the
 * free slots, as they would in a sequential pass, and the result is an `arrival` table.
 */
export function mergeCategoryCounts(
  a: CategoryCounts,
  b: CategoryCounts,
  maxCategories: number,
): CategoryCounts {
  const counts = new Map(a.counts);
  const lengthSum = a.lengthSum + b.lengthSum;
  let other = a.other + b.other;
  if (a.rule === 'arrival' || b.rule === 'arrival') {
    for (const [value, count] of b.counts) {
      const seen = counts.get(value);
      if (seen !== undefined) counts.set(value, seen + count);
      else if (counts.size < maxCategories) counts.set(value, count);
      else other += count;
    }
    return { counts, other, lengthSum, rule: 'arrival', hashLimit: Number.POSITIVE_INFINITY };
  }
  for (const [value, count] of b.counts) counts.set(value, (counts.get(value) ?? 0) + count);
  const merged: CategoryCounts = {
    counts,
    other,
    lengthSum,
    rule: 'smallest-hash',
    hashLimit: Math.min(a.hashLimit, b.hashLimit),
  };
  // A value kept by one side only, above the other side's limit, has uncounted cells there.
  const limit = merged.hashLimit;
  if (limit !== Number.POSITIVE_INFINITY) {
    for (const [value, count] of counts) {
      if (categoryHash(value) > limit) {
        counts.delete(value);
        other += count;
      }
    }
    merged.other = other;
  }
  settleCategoryCounts(merged, maxCategories);
  return merged;
}
