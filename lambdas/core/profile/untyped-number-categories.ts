import type { ColumnValues } from '../columns.ts';
import type { SeededRandom } from '../random.ts';
import { addCategory, addCategoryCount, bottomKLimit, type CategoryCounts } from './category-counts.ts';
import { categoryHashOfNumber } from './category-hash.ts';
import type { ColumnProfile } from './column-profile.ts';
import { NumberCounts } from './number-counts.ts';
import { addNumber, addNumbers, type SamplingOptions } from './numeric-summary.ts';

/**
 * The category table of an untyped column's numeric cells (CSV, JSON Lines), keyed by number: a
 * number-keyed lookup per cell instead of a string and a string-keyed Map insert. At a number's
 * first appearance its label (the cell's text) is kept as bytes, with the table's size then as its
 * position; the labels go into the table, as strings, in the order of first appearance, only at
 * `settle` — never when the profile drops the table (a compare-only profile). Making the label
 * strings and Map entries while reading dominated a one-thread check of a wide CSV pair
 * (bench/check-bench.ts, section `wide`).
 *
 * The cap follows the table's rule (`category-counts.ts`): the labels are cut to the smallest
 * category hashes, a number's hash being that of its value (`category-hash.ts`), so a number above
 * the table's hash limit goes to `other` without a lookup — most cells of a continuous column
 * once it overflowed.
 *
 * Counting is equal to counting each cell's text except that cells of one number are grouped
 * under the first text seen ("1.50" then "1.5" count as "1.50"); NaN and infinities are counted by
 * their text, cell by cell.
 */
export class UntypedNumberCategories {
  private labels = new NumberCounts();
  /**
   * The labels are in the category table (count 0 until `settle`) from their first appearance,
   * as strings: once the column has had typed string cells, which may read like a number's label
   * (every untyped cell that reads as a number is counted by number instead).
   */
  private labelsInTable = false;
  /** Numeric cells left out of the table (see `countCategories`). */
  private skippedCells = 0;

  /**
   * @param profile the column's profile: its `numbers` keep the values, its `categories` the table
   * @param numbersAsCategories the column's kind is forced to one counted by category text (each
   *   number then goes into the table by its text, as any category)
   * @param countCategories false for a compare-only profile: numeric cells go into the numeric
   *   summary only, and `skipped` says how many the table lacks (see `ProfilerOptions.compareOnly`)
   */
  constructor(
    private readonly profile: ColumnProfile,
    private readonly sampling: SamplingOptions,
    private readonly maxCategories: number,
    private readonly random: SeededRandom,
    private readonly numbersAsCategories: boolean,
    private readonly countCategories: boolean,
  ) {}

  /** Numeric cells that are not in the category table because it is not counted. */
  skipped(): number {
    return this.skippedCells;
  }

  /**
   * A numeric cell of the column: into the numeric summary, and into the categories by number.
   * @param text the cell's text
   */
  add(value: number, text: string): void {
    const profile = this.profile;
    addNumber(profile.numbers, value, this.sampling, this.random);
    const categories = profile.categories;
    if (!this.countCategories && !this.numbersAsCategories) {
      categories.lengthSum += text.length;
      this.skippedCells++;
      return;
    }
    if (this.numbersAsCategories || !Number.isFinite(value)) {
      addCategory(categories, text, this.maxCategories);
      return;
    }
    categories.lengthSum += text.length;
    const limit = categories.hashLimit;
    // Above the table's hash limit a number is neither kept nor admitted: no lookup.
    if (limit !== Number.POSITIVE_INFINITY && categoryHashOfNumber(value) > limit) {
      categories.other++;
      return;
    }
    const entry = this.labels.find(value);
    if (entry !== -1) {
      this.labels.increment(entry);
      return;
    }
    this.labels.add(value, text, categories.counts.size);
    this.labelAdded();
  }

  /**
   * Cells that all parsed as finite numbers: `add` for each, unrolled — the same calls in the
   * same order, without a call and its branches per cell. Not for `numbersAsCategories` columns.
   * @returns the non-null cells
   */
  addParsed(column: Extract<ColumnValues, { type: 'parsed-numbers' }>, rowCount: number): number {
    const { values, nulls } = column;
    const categories = this.profile.categories;
    // Numbers and categories are counted apart, so each runs as one tight loop over the batch.
    const nonNull = addNumbers(this.profile.numbers, values, nulls, rowCount, this.sampling, this.random);
    categories.lengthSum += column.textLengthSum;
    if (!this.countCategories) {
      this.skippedCells += nonNull;
      return nonNull;
    }
    let labels = this.labels;
    let other = 0;
    for (let i = 0; i < rowCount; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const value = values[i];
      const limit = categories.hashLimit;
      if (limit !== Number.POSITIVE_INFINITY && categoryHashOfNumber(value) > limit) {
        other++;
        continue;
      }
      const entry = labels.find(value);
      if (entry !== -1) labels.increment(entry);
      else {
        labels.addKey(value, categories.counts.size);
        if (column.textBytes !== undefined) column.textBytes(i, labels);
        else labels.takeText(column.text(i));
        this.labelAdded();
        labels = this.labels;
      }
    }
    categories.other += other;
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
    const labels = this.labels;
    if (!this.labelsInTable) {
      placeLabels(this.profile.categories, labels, true);
      return;
    }
    const counts = this.profile.categories.counts;
    for (let entry = 0; entry < labels.size; entry++) {
      const label = labels.label(entry);
      // Typed string cells of the same text counted there meanwhile.
      counts.set(label, (counts.get(label) ?? 0) + labels.count(entry));
    }
  }

  /**
   * After a label was added: into the table as a placeholder (see `labelsInTable`), and the
   * labels cut to the cap's smallest hashes once they hold twice as many (as the table is: the
   * hash limit they set is one the whole column's table could only lower).
   */
  private labelAdded(): void {
    const labels = this.labels;
    const categories = this.profile.categories;
    if (this.labelsInTable)
      addCategoryCount(categories, labels.label(labels.size - 1), 0, this.maxCategories);
    if (labels.size < 2 * this.maxCategories) return;
    const hashes = new Float64Array(labels.size);
    for (let entry = 0; entry < labels.size; entry++) hashes[entry] = categoryHashOfNumber(labels.key(entry));
    const limit = bottomKLimit(hashes.slice(), this.maxCategories, categories.hashLimit);
    categories.hashLimit = limit;
    let dropped = 0;
    this.labels = labels.keepOnly((entry) => {
      if (hashes[entry] <= limit) return true;
      dropped += labels.count(entry);
      return false;
    });
    categories.other += dropped;
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
