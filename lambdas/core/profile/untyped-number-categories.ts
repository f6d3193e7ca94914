import type { ColumnValues } from '../columns.ts';
import type { SeededRandom } from '../random.ts';
import { addCategory, type CategoryCounts } from './category-counts.ts';
import type { ColumnProfile } from './column-profile.ts';
import { NumberCounts } from './number-counts.ts';
import { addNumber, addNumbers, type SamplingOptions } from './numeric-summary.ts';

/**
 * The category table of an untyped column's numeric cells (CSV, JSON Lines), keyed by number: a
 * number-keyed lookup per cell instead of a string and a string-keyed Map insert. At a number's
 * first appearance its label (the cell's text) is kept as bytes, with the table's size then as its
 * position; the labels count toward the cap as if they were in the table, and go into it, as
 * strings, in the order of first appearance, only at `settle` — never when the profile drops the
 * table (a compare-only profile). Making the label strings and Map entries while reading dominated
 * a one-thread check of a wide CSV pair (bench/check-bench.ts, section `wide`).
 *
 * Counting is equal to counting each cell's text except that cells of one number are grouped
 * under the first text seen ("1.50" then "1.5" count as "1.50"); NaN and infinities are counted by
 * their text, cell by cell.
 */
export class UntypedNumberCategories {
  private readonly labels = new NumberCounts();
  /**
   * The labels are in the category table (count 0 until `settle`) from their first appearance,
   * as strings: once the column has had typed string cells, which may read like a number's label
   * (every untyped cell that reads as a number is counted by number instead).
   */
  private labelsInTable = false;
  /**
   * Once the category table is full, a numeric cell can only add to an existing number's count or
   * to `other` — counting that commutes — so those lookups wait: from this index of the kept
   * values on, they run in one tight pass at `settle` (or before sampling would replace kept
   * values), instead of a lookup per cell amid the profiling (bench/check-bench.ts, `pair`, CSV).
   * -1 while lookups run cell by cell.
   */
  private deferredFrom = -1;

  /**
   * @param profile the column's profile: its `numbers` keep the values, its `categories` the table
   * @param numbersAsCategories the column's kind is forced to one counted by category text (each
   *   number then goes into the table by its text, as any category)
   */
  constructor(
    private readonly profile: ColumnProfile,
    private readonly sampling: SamplingOptions,
    private readonly maxCategories: number,
    private readonly random: SeededRandom,
    private readonly numbersAsCategories: boolean,
  ) {}

  /** Some number was written as a digit string with a leading zero (a code such as a zip code). */
  hasLeadingZeroLabel(): boolean {
    return this.labels.anyLeadingZeroLabel();
  }

  /** Labels not in the category table yet, which count toward its cap all the same. */
  pending(): number {
    return this.labelsInTable ? 0 : this.labels.size;
  }

  /**
   * A numeric cell of the column: into the numeric summary, and into the categories by number.
   * @param text the cell's text
   */
  add(value: number, text: string): void {
    const profile = this.profile;
    this.startOrEndDeferral(1);
    addNumber(profile.numbers, value, this.sampling, this.random);
    const categories = profile.categories;
    if (this.numbersAsCategories || !Number.isFinite(value)) {
      addCategory(categories, text, this.maxCategories - this.pending());
      return;
    }
    categories.lengthSum += text.length;
    // The kept values already hold this number: its lookup waits with the others.
    if (this.deferredFrom >= 0) return;
    const entry = this.labels.find(value);
    if (entry !== -1) {
      this.labels.increment(entry);
      return;
    }
    if (categories.counts.size + this.pending() < this.maxCategories) {
      this.labels.add(value, text, categories.counts.size);
      if (this.labelsInTable) categories.counts.set(text, 0);
    } else {
      categories.other++;
    }
  }

  /**
   * Cells that all parsed as finite numbers: `add` for each, unrolled — the same calls in the
   * same order, without a call and its branches per cell. Not for `numbersAsCategories` columns.
   * @returns the non-null cells
   */
  addParsed(column: Extract<ColumnValues, { type: 'parsed-numbers' }>, rowCount: number): number {
    const { values, nulls } = column;
    const summary = this.profile.numbers;
    const random = this.random;
    const sampling = this.sampling;
    const maxCategories = this.maxCategories;
    const categories = this.profile.categories;
    const labels = this.labels;
    let nonNull = 0;
    this.startOrEndDeferral(rowCount);
    if (this.deferredFrom >= 0) {
      // Category lookups waiting for the whole batch: only the numbers.
      nonNull = addNumbers(summary, values, nulls, rowCount, sampling, random);
    } else {
      for (let i = 0; i < rowCount; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        nonNull++;
        const value = values[i];
        addNumber(summary, value, sampling, random);
        if (this.deferredFrom >= 0) continue;
        const entry = labels.find(value);
        if (entry !== -1) labels.increment(entry);
        else if (categories.counts.size + this.pending() < maxCategories) {
          labels.addKey(value, categories.counts.size);
          if (column.textBytes !== undefined) column.textBytes(i, labels);
          else labels.takeText(column.text(i));
          if (this.labelsInTable) categories.counts.set(labels.label(labels.size - 1), 0);
          if (categories.counts.size + this.pending() >= maxCategories)
            this.startOrEndDeferral(rowCount - i - 1);
        } else categories.other++;
      }
    }
    categories.lengthSum += column.textLengthSum;
    return nonNull;
  }

  /** From now on the labels stand in the category table (see `labelsInTable`). */
  labelsIntoTable(): void {
    if (this.labelsInTable) return;
    placeLabels(this.profile.categories, this.labels, false);
    this.labelsInTable = true;
  }

  /** Writes the counts into the category table (labels keep their first-appearance order). */
  settle(): void {
    this.replayDeferred();
    const labels = this.labels;
    if (!this.labelsInTable) {
      placeLabels(this.profile.categories, labels, true);
      return;
    }
    const counts = this.profile.categories.counts;
    for (let entry = 0; entry < labels.size; entry++) counts.set(labels.label(entry), labels.count(entry));
  }

  /**
   * Before up to `incoming` more numbers: defer lookups once the category table is full, and
   * replay them (streaming again) before the kept values could stop being every number seen.
   */
  private startOrEndDeferral(incoming: number): void {
    const summary = this.profile.numbers;
    if (summary.size + incoming > this.sampling.maxValues || !summary.exact) {
      this.replayDeferred();
      return;
    }
    if (
      this.deferredFrom < 0 &&
      !this.numbersAsCategories &&
      this.profile.categories.counts.size + this.pending() >= this.maxCategories
    ) {
      this.deferredFrom = summary.size;
    }
  }

  /** The deferred lookups (see `deferredFrom`): kept values are exactly the finite numbers since. */
  private replayDeferred(): void {
    const from = this.deferredFrom;
    if (from < 0) return;
    this.deferredFrom = -1;
    const { values, size } = this.profile.numbers;
    const labels = this.labels;
    let other = 0;
    for (let i = from; i < size; i++) {
      const entry = labels.find(values[i]);
      if (entry !== -1) labels.increment(entry);
      else other++;
    }
    this.profile.categories.other += other;
  }
}

/**
 * Puts the labels into the category table where they would stand had each been inserted at its
 * number's first appearance: each after the first `positionOf(entry)` of the table's entries.
 * With their counts, or with 0 as placeholders.
 */
function placeLabels(categories: CategoryCounts, labels: NumberCounts, withCounts: boolean): void {
  const size = labels.size;
  if (size === 0) return;
  const counts = categories.counts;
  const countOf = (entry: number): number => (withCounts ? labels.count(entry) : 0);
  let entry = 0;
  // Unless every label comes after every other entry (a column of numbers only: just appended),
  // the table is built again in the merged order.
  if (labels.positionOf(0) < counts.size) {
    const others = [...counts];
    counts.clear();
    for (const [position, [value, count]] of others.entries()) {
      for (; entry < size && labels.positionOf(entry) <= position; entry++) {
        counts.set(labels.label(entry), countOf(entry));
      }
      counts.set(value, count);
    }
  }
  for (; entry < size; entry++) counts.set(labels.label(entry), countOf(entry));
}
