import type { Cell, ColumnValues, RecordBatch, SourceType } from '../columns.ts';
import type { FeatureKind } from '../kinds.ts';
import { columnSeed, SeededRandom } from '../random.ts';
import {
  addCategory,
  addCategoryCount,
  type CategoryCounts,
  DEFAULT_MAX_CATEGORIES,
  emptyCategoryCounts,
} from './category-counts.ts';
import { type CellClass, parseBooleanText, parseDatetimeText, parseNumberText } from './cell-parsing.ts';
import { type ColumnProfile, emptyColumnProfile } from './column-profile.ts';
import { inferKind } from './infer-kind.ts';
import { NumberCounts } from './number-counts.ts';
import {
  addNumber,
  addNumbers,
  DEFAULT_SAMPLING,
  reserveValues,
  type SamplingOptions,
  settleMoments,
} from './numeric-summary.ts';
import { PROFILE_VERSION, type Profile } from './profile.ts';

export interface ProfilerOptions {
  /** Values kept exactly per column before seeded sampling. @default DEFAULT_SAMPLING */
  readonly sampling?: SamplingOptions;
  /** Seed of the sampling generator. @default 20261128 */
  readonly seed?: number;
  /** Distinct text values counted per column. @default DEFAULT_MAX_CATEGORIES */
  readonly maxCategories?: number;
  /** Kinds forced by configuration, by column name (a Map: any name is a column's, `constructor` too). */
  readonly kindOverrides?: ReadonlyMap<string, FeatureKind>;
  /**
   * The profile is only compared, never saved or merged (`driftwatch check`): an untyped column
   * that ends up read as numbers (its kind numeric, nothing forced) drops its category table at
   * `finish` instead of completing it. The compare reads a column's categories only when the
   * column is categorical, so nothing it reports changes, while counting the numbers' categories
   * to the end and handing the tables over (10,000 labels a column) cost ~0.1 s of a 1M-row CSV
   * check. A saved or merged profile must keep them: merged with a part where strings are the
   * majority, the column would be categorical. @default false
   */
  readonly compareOnly?: boolean;
}

export const DEFAULT_SEED = 20261128;

interface ColumnState {
  readonly profile: ColumnProfile;
  readonly numberRandom: SeededRandom;
  readonly datetimeRandom: SeededRandom;
  /** A typed number column whose override asks for categories. */
  readonly numbersAsCategories: boolean;
  /**
   * An untyped column's numeric cells in the category table, keyed by number: a number-keyed
   * lookup per cell instead of a string and a string-keyed Map insert. At a number's first
   * appearance its label (the cell's text) is kept as bytes, with the table's size then as its
   * position; the labels count toward the cap as if they were in the table, and go into it, as
   * strings, in the order of first appearance, only at `finish` (`settleNumericCategories`) —
   * never when the table is dropped (`compareOnly`). Making ~10,000 label strings and Map entries
   * per column while reading took ~40% of a one-thread check of a 100k x 500 CSV pair.
   */
  readonly numericCategories: NumberCounts;
  /**
   * The numeric labels are in the category table (count 0 until `finish`) from their first
   * appearance, as strings: once the column has had typed string cells, which may read like a
   * number's label (every untyped cell that reads as a number is counted by number instead).
   */
  labelsInTable: boolean;
  /**
   * Once the category table is full, a numeric cell can only add to an existing number's count or
   * to `other` — counting that commutes — so those lookups wait: from this index of the kept
   * values on, they run in one tight pass at `finish` (or before sampling would replace kept
   * values). About 0.3 s less per 1M x 14 CSV pair than a lookup per cell amid the profiling.
   * -1 while lookups run cell by cell.
   */
  deferredFrom: number;
}

/** An untyped column whose cells are mostly numbers, its kind not forced: one the compare treats as numeric. */
function readAsNumbers(profile: ColumnProfile): boolean {
  return (
    profile.sourceType === 'untyped' && profile.kindOverride === null && inferKind(profile) === 'numeric'
  );
}

/** Numeric labels not in the category table yet (see `numericCategories`). */
function pendingLabels(state: ColumnState): number {
  return state.labelsInTable ? 0 : state.numericCategories.size;
}

/** Writes the numeric category counts into the category table (labels keep their first-appearance order). */
function settleNumericCategories(state: ColumnState): void {
  replayDeferredNumbers(state);
  const numericCategories = state.numericCategories;
  if (!state.labelsInTable) {
    placeNumericLabels(state.profile.categories, numericCategories, true);
    return;
  }
  const counts = state.profile.categories.counts;
  for (let entry = 0; entry < numericCategories.size; entry++) {
    counts.set(numericCategories.label(entry), numericCategories.count(entry));
  }
}

/**
 * Puts the numeric labels into the category table where they would stand had each been inserted
 * at its number's first appearance: each after the first `positionOf(entry)` of the table's
 * entries. With their counts, or with 0 as placeholders.
 */
function placeNumericLabels(
  categories: CategoryCounts,
  numericCategories: NumberCounts,
  withCounts: boolean,
): void {
  const labels = numericCategories.size;
  if (labels === 0) return;
  const counts = categories.counts;
  const countOf = (entry: number): number => (withCounts ? numericCategories.count(entry) : 0);
  let entry = 0;
  // Unless every label comes after every other entry (a column of numbers only: just appended),
  // the table is built again in the merged order.
  if (numericCategories.positionOf(0) < counts.size) {
    const others = [...counts];
    counts.clear();
    for (const [position, [value, count]] of others.entries()) {
      for (; entry < labels && numericCategories.positionOf(entry) <= position; entry++) {
        counts.set(numericCategories.label(entry), countOf(entry));
      }
      counts.set(value, count);
    }
  }
  for (; entry < labels; entry++) counts.set(numericCategories.label(entry), countOf(entry));
}

/** The deferred lookups (see `deferredFrom`): kept values are exactly the finite numbers since. */
function replayDeferredNumbers(state: ColumnState): void {
  const from = state.deferredFrom;
  if (from < 0) return;
  state.deferredFrom = -1;
  const { values, size } = state.profile.numbers;
  const numericCategories = state.numericCategories;
  let other = 0;
  for (let i = from; i < size; i++) {
    const entry = numericCategories.find(values[i]);
    if (entry !== -1) numericCategories.increment(entry);
    else other++;
  }
  state.profile.categories.other += other;
}

/** Accumulates a table's batches into a Profile, one column at a time. */
export class Profiler {
  private readonly sampling: SamplingOptions;
  private readonly seed: number;
  private readonly maxCategories: number;
  private readonly kindOverrides: ReadonlyMap<string, FeatureKind>;
  private readonly compareOnly: boolean;
  private readonly columns = new Map<string, ColumnState>();
  private readonly sources: string[] = [];
  private rowCount = 0;
  private expectedRows = 0;

  constructor(options: ProfilerOptions = {}) {
    this.sampling = options.sampling ?? DEFAULT_SAMPLING;
    this.seed = options.seed ?? DEFAULT_SEED;
    this.maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    this.kindOverrides = options.kindOverrides ?? new Map();
    this.compareOnly = options.compareOnly === true;
  }

  /**
   * An estimate of the table's row count (a reader's, from bytes read so far): value buffers
   * grow straight to it instead of by steps. Only memory use changes, never the profile.
   */
  expectRows(rows: number): void {
    this.expectedRows = rows;
  }

  /** Declares columns up front so that columns absent from every batch still appear. */
  declare(name: string, sourceType: SourceType): void {
    this.state(name, sourceType);
  }

  add(batch: RecordBatch): void {
    if (this.sources[this.sources.length - 1] !== batch.source && !this.sources.includes(batch.source)) {
      this.sources.push(batch.source);
    }
    for (const [name, values] of batch.columns) {
      const state = this.state(name, sourceTypeOf(values));
      this.addColumn(state, values, batch);
    }
    for (const [name, message] of batch.columnErrors ?? []) {
      const profile = this.state(name, 'untyped').profile;
      profile.rows += batch.rowCount;
      profile.unreadable += batch.rowCount;
      profile.readError ??= message;
    }
    // A piece of a split run: the rows are counted with its last piece.
    if (batch.continues === true) return;
    this.rowCount += batch.rowCount;
    // Columns missing from this batch (JSON Lines keys not present) are null for its rows.
    for (const state of this.columns.values()) {
      const missing = this.rowCount - state.profile.rows;
      if (missing > 0) {
        state.profile.rows += missing;
        state.profile.nulls += missing;
      }
    }
  }

  finish(): Profile {
    for (const state of this.columns.values()) {
      if (this.compareOnly && readAsNumbers(state.profile)) state.profile.categories = emptyCategoryCounts();
      else settleNumericCategories(state);
      settleMoments(state.profile.numbers);
      settleMoments(state.profile.datetimes);
    }
    return {
      version: PROFILE_VERSION,
      rowCount: this.rowCount,
      sources: [...this.sources],
      sampling: { ...this.sampling, seed: this.seed, maxCategories: this.maxCategories },
      columns: [...this.columns.values()].map((state) => state.profile),
    };
  }

  private state(name: string, sourceType: SourceType): ColumnState {
    let state = this.columns.get(name);
    if (state === undefined) {
      const override = this.kindOverrides.get(name) ?? null;
      const profile = emptyColumnProfile(name, sourceType, override);
      // A column first seen after some rows (JSON Lines) was null in those rows.
      profile.rows = this.rowCount;
      profile.nulls = this.rowCount;
      const seed = columnSeed(this.seed, name);
      state = {
        profile,
        numberRandom: new SeededRandom(seed),
        datetimeRandom: new SeededRandom(seed ^ 0x5bd1e995),
        numbersAsCategories: override === 'categorical' || override === 'text' || override === 'boolean',
        numericCategories: new NumberCounts(),
        labelsInTable: false,
        deferredFrom: -1,
      };
      this.columns.set(name, state);
    } else if (state.profile.sourceType !== sourceType && state.profile.sourceType === 'untyped') {
      // Parts of one table may disagree only in untyped vs typed; the typed reading wins.
      state.profile.sourceType = sourceType;
    }
    return state;
  }

  private addColumn(state: ColumnState, column: ColumnValues, batch: RecordBatch): void {
    const profile = state.profile;
    profile.rows += batch.rowCount;
    switch (column.type) {
      case 'number':
        this.addNumbers(state, column.values, column.nulls, batch);
        return;
      case 'boolean': {
        const { values, nulls } = column;
        const maxCategories = this.maxCategories - pendingLabels(state);
        for (let i = 0; i < batch.rowCount; i++) {
          if (nulls !== null && nulls[i] === 1) {
            profile.nulls++;
            continue;
          }
          this.count(profile, 'boolean', batch, i, values[i] ? 'true' : 'false');
          addCategory(profile.categories, values[i] ? 'true' : 'false', maxCategories);
        }
        return;
      }
      case 'string': {
        this.labelsIntoTable(state);
        const values = column.values;
        for (let i = 0; i < batch.rowCount; i++) {
          const value = values[i];
          if (value === null || value === undefined) {
            profile.nulls++;
            continue;
          }
          this.count(profile, 'string', batch, i, value);
          addCategory(profile.categories, value, this.maxCategories);
        }
        return;
      }
      case 'dictionary':
        // An untyped column's dictionary holds no text that reads as a number (see its type).
        if (column.untyped !== true) this.labelsIntoTable(state);
        this.addDictionary(
          profile,
          column.codes,
          column.dictionary,
          batch,
          this.maxCategories - pendingLabels(state),
        );
        return;
      case 'cells':
        this.addCells(state, column.values, batch);
        return;
      case 'parsed-numbers':
        this.addParsedNumbers(state, column, batch);
        return;
    }
  }

  /** Untyped cells that all parsed as numbers: what `addCells` does for each, without the strings. */
  private addParsedNumbers(
    state: ColumnState,
    column: Extract<ColumnValues, { type: 'parsed-numbers' }>,
    batch: RecordBatch,
  ): void {
    const profile = state.profile;
    const { values, nulls } = column;
    const summary = profile.numbers;
    const random = state.numberRandom;
    reserveValues(summary, batch.rowCount, this.sampling, this.expectedRows);
    let nonNull = 0;
    if (state.numbersAsCategories) {
      for (let i = 0; i < batch.rowCount; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        nonNull++;
        addNumber(summary, values[i], this.sampling, random);
        addCategory(profile.categories, column.text(i), this.maxCategories - pendingLabels(state));
      }
    } else {
      // addUntypedNumber for each cell, unrolled for finite numbers (all parsed numbers are):
      // the same calls in the same order, without a call and its branches per cell.
      const sampling = this.sampling;
      const maxCategories = this.maxCategories;
      const categories = profile.categories;
      const numericCategories = state.numericCategories;
      this.startOrEndDeferral(state, batch.rowCount);
      // Category lookups waiting (see `deferredFrom`) for the whole batch: only the numbers.
      if (state.deferredFrom >= 0) {
        nonNull = addNumbers(summary, values, nulls, batch.rowCount, sampling, random);
      } else {
        for (let i = 0; i < batch.rowCount; i++) {
          if (nulls !== null && nulls[i] === 1) continue;
          nonNull++;
          const value = values[i];
          addNumber(summary, value, sampling, random);
          if (state.deferredFrom >= 0) continue;
          const entry = numericCategories.find(value);
          if (entry !== -1) numericCategories.increment(entry);
          else if (categories.counts.size + pendingLabels(state) < maxCategories) {
            numericCategories.addKey(value, categories.counts.size);
            if (column.textBytes !== undefined) column.textBytes(i, numericCategories);
            else numericCategories.takeText(column.text(i));
            if (state.labelsInTable)
              categories.counts.set(numericCategories.label(numericCategories.size - 1), 0);
            if (categories.counts.size + pendingLabels(state) >= maxCategories)
              this.startOrEndDeferral(state, batch.rowCount - i - 1);
          } else categories.other++;
        }
      }
      categories.lengthSum += column.textLengthSum;
    }
    profile.nulls += batch.rowCount - nonNull;
    if (nonNull > 0 && profile.firstOfClass.number === undefined) {
      const first = nulls === null ? 0 : nulls.indexOf(0);
      profile.firstOfClass.number = {
        source: batch.source,
        row: batch.firstRow + first,
        value: column.text(first).slice(0, 80),
      };
    }
    profile.classes.number += nonNull;
  }

  /**
   * Categories counted by code, then added to the table in order of first appearance so the
   * result (the cap's choice of values included) equals adding the strings one by one.
   */
  private addDictionary(
    profile: ColumnProfile,
    codes: Int32Array,
    dictionary: readonly string[],
    batch: RecordBatch,
    maxCategories: number,
  ): void {
    const counts = new Uint32Array(dictionary.length);
    const order: number[] = [];
    let firstRow = -1;
    for (let i = 0; i < batch.rowCount; i++) {
      const code = codes[i];
      if (code === -1) continue;
      if (counts[code]++ === 0) order.push(code);
      if (firstRow === -1) firstRow = i;
    }
    let nonNull = 0;
    for (const code of order) {
      nonNull += counts[code];
      addCategoryCount(profile.categories, dictionary[code], counts[code], maxCategories);
    }
    profile.nulls += batch.rowCount - nonNull;
    if (nonNull === 0) return;
    profile.classes.string += nonNull;
    profile.firstOfClass.string ??= {
      source: batch.source,
      row: batch.firstRow + firstRow,
      value: dictionary[codes[firstRow]].slice(0, 80),
    };
  }

  private addNumbers(
    state: ColumnState,
    values: Float64Array,
    nulls: Uint8Array | null,
    batch: RecordBatch,
  ): void {
    const profile = state.profile;
    const isDatetime = profile.sourceType === 'timestamp' || profile.sourceType === 'date';
    const summary = isDatetime ? profile.datetimes : profile.numbers;
    const random = isDatetime ? state.datetimeRandom : state.numberRandom;
    const cls: CellClass = isDatetime ? 'datetime' : 'number';
    reserveValues(summary, batch.rowCount, this.sampling, this.expectedRows);
    let nonNull = 0;
    if (!state.numbersAsCategories) {
      nonNull = addNumbers(summary, values, nulls, batch.rowCount, this.sampling, random);
    } else {
      for (let i = 0; i < batch.rowCount; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        nonNull++;
        const value = values[i];
        addNumber(summary, value, this.sampling, random);
        addCategory(profile.categories, String(value), this.maxCategories - pendingLabels(state));
      }
    }
    profile.nulls += batch.rowCount - nonNull;
    if (nonNull > 0 && profile.firstOfClass[cls] === undefined) {
      const first = nulls === null ? 0 : nulls.indexOf(0);
      profile.firstOfClass[cls] = {
        source: batch.source,
        row: batch.firstRow + first,
        value: String(values[first]),
      };
    }
    profile.classes[cls] += nonNull;
  }

  private addCells(state: ColumnState, cells: ReadonlyArray<Cell>, batch: RecordBatch): void {
    const profile = state.profile;
    for (let i = 0; i < batch.rowCount; i++) {
      const cell = cells[i];
      if (cell === null || cell === undefined) {
        profile.nulls++;
        continue;
      }
      if (typeof cell === 'number') {
        const text = String(cell);
        this.count(profile, 'number', batch, i, text);
        this.addUntypedNumber(state, cell, text, i, null);
        continue;
      }
      if (typeof cell === 'boolean') {
        const text = cell ? 'true' : 'false';
        this.count(profile, 'boolean', batch, i, text);
        addCategory(profile.categories, text, this.maxCategories - pendingLabels(state));
        continue;
      }
      const number = parseNumberText(cell);
      if (number !== undefined) {
        this.count(profile, 'number', batch, i, cell);
        this.addUntypedNumber(state, number, cell, i, null);
        continue;
      }
      const flag = parseBooleanText(cell);
      if (flag !== undefined) {
        const text = flag ? 'true' : 'false';
        this.count(profile, 'boolean', batch, i, cell);
        addCategory(profile.categories, text, this.maxCategories - pendingLabels(state));
        continue;
      }
      const ms = parseDatetimeText(cell);
      if (ms !== undefined) {
        this.count(profile, 'datetime', batch, i, cell);
        addNumber(profile.datetimes, ms, this.sampling, state.datetimeRandom);
        addCategory(profile.categories, cell, this.maxCategories - pendingLabels(state));
        continue;
      }
      this.count(profile, 'string', batch, i, cell);
      addCategory(profile.categories, cell, this.maxCategories - pendingLabels(state));
    }
  }

  /**
   * A numeric cell of an untyped column: into the numeric summary, and into the categories by
   * number (see `numericCategories`). Equal to counting the text cell by cell except that cells
   * of one number are grouped under the first text seen ("1.50" then "1.5" count as "1.50").
   * NaN and infinities are counted by their text, cell by cell, as before.
   * @param text the cell text, or null to fetch it with `textAt(index)` only when needed (its
   *   length is then added to `lengthSum` by the caller)
   */
  private addUntypedNumber(
    state: ColumnState,
    value: number,
    text: string | null,
    index: number,
    textAt: ((index: number) => string) | null,
  ): void {
    const profile = state.profile;
    this.startOrEndDeferral(state, 1);
    addNumber(profile.numbers, value, this.sampling, state.numberRandom);
    const categories = profile.categories;
    if (state.numbersAsCategories || !Number.isFinite(value)) {
      addCategory(categories, text ?? textAt!(index), this.maxCategories - pendingLabels(state));
      if (text === null) categories.lengthSum -= textAt!(index).length;
      return;
    }
    if (text !== null) categories.lengthSum += text.length;
    // The kept values already hold this number: its lookup waits with the others.
    if (state.deferredFrom >= 0) return;
    const entry = state.numericCategories.find(value);
    if (entry !== -1) {
      state.numericCategories.increment(entry);
      return;
    }
    if (categories.counts.size + pendingLabels(state) < this.maxCategories) {
      const label = text ?? textAt!(index);
      state.numericCategories.add(value, label, categories.counts.size);
      if (state.labelsInTable) categories.counts.set(label, 0);
    } else {
      categories.other++;
    }
  }

  /** From now on the column's numeric labels stand in the category table (see `labelsInTable`). */
  private labelsIntoTable(state: ColumnState): void {
    if (state.labelsInTable) return;
    placeNumericLabels(state.profile.categories, state.numericCategories, false);
    state.labelsInTable = true;
  }

  /**
   * Before up to `incoming` more numbers: defer lookups once the category table is full, and
   * replay them (streaming again) before the kept values could stop being every number seen.
   */
  private startOrEndDeferral(state: ColumnState, incoming: number): void {
    const summary = state.profile.numbers;
    if (summary.size + incoming > this.sampling.maxValues || !summary.exact) {
      replayDeferredNumbers(state);
      return;
    }
    if (
      state.deferredFrom < 0 &&
      !state.numbersAsCategories &&
      state.profile.categories.counts.size + pendingLabels(state) >= this.maxCategories
    ) {
      state.deferredFrom = summary.size;
    }
  }

  private count(
    profile: ColumnProfile,
    cls: CellClass,
    batch: RecordBatch,
    index: number,
    value: string,
  ): void {
    profile.classes[cls]++;
    if (profile.firstOfClass[cls] === undefined) {
      profile.firstOfClass[cls] = {
        source: batch.source,
        row: batch.firstRow + index,
        value: value.slice(0, 80),
      };
    }
  }
}

function sourceTypeOf(values: ColumnValues): SourceType {
  switch (values.type) {
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'dictionary':
      return values.untyped === true ? 'untyped' : 'string';
    case 'cells':
    case 'parsed-numbers':
      return 'untyped';
  }
}
