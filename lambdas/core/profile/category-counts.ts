/**
 * Counts of a column's distinct values as text, capped so a high-cardinality column
 * (ids, free text) cannot exhaust memory: values first seen after the cap is reached are
 * counted in `other`, so totals stay exact.
 */
export interface CategoryCounts {
  counts: Map<string, number>;
  /** Cells whose value was first seen after the cap was reached. */
  other: number;
  /** Sum of value lengths (UTF-16 units) over counted cells, for the text heuristic. */
  lengthSum: number;
}

/** @default 10_000 distinct values per column */
export const DEFAULT_MAX_CATEGORIES = 10_000;

export function emptyCategoryCounts(): CategoryCounts {
  return { counts: new Map(), other: 0, lengthSum: 0 };
}

export function addCategory(categories: CategoryCounts, value: string, maxCategories: number): void {
  categories.lengthSum += value.length;
  const seen = categories.counts.get(value);
  if (seen !== undefined) categories.counts.set(value, seen + 1);
  else if (categories.counts.size < maxCategories) categories.counts.set(value, 1);
  else categories.other++;
}

/** `count` cells of one value at once: the same result as `count` calls of `addCategory`. */
export function addCategoryCount(
  categories: CategoryCounts,
  value: string,
  count: number,
  maxCategories: number,
): void {
  categories.lengthSum += value.length * count;
  const seen = categories.counts.get(value);
  if (seen !== undefined) categories.counts.set(value, seen + count);
  else if (categories.counts.size < maxCategories) categories.counts.set(value, count);
  else categories.other += count;
}

/**
 * Union of two count tables. Equal to counting the concatenation whenever neither side
 * overflowed its cap; otherwise `a`'s values win the free slots, as they would in a
 * sequential pass, and the rest go to `other`.
 */
export function mergeCategoryCounts(
  a: CategoryCounts,
  b: CategoryCounts,
  maxCategories: number,
): CategoryCounts {
  const counts = new Map(a.counts);
  let other = a.other + b.other;
  for (const [value, count] of b.counts) {
    const seen = counts.get(value);
    if (seen !== undefined) counts.set(value, seen + count);
    else if (counts.size < maxCategories) counts.set(value, count);
    else other += count;
  }
  return { counts, other, lengthSum: a.lengthSum + b.lengthSum };
}
