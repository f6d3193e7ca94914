import type { Cell, ColumnValues, RecordBatch, SourceType } from '../columns.ts';
import type { FeatureKind } from '../kinds.ts';
import { columnSeed, datetimeSeed, SeededRandom } from '../random.ts';
import {
  addCategory,
  addCategoryCount,
  DEFAULT_MAX_CATEGORIES,
  emptyCategoryCounts,
  settleCategoryCounts,
} from './category-counts.ts';
import { type CellClass, parseBooleanText, parseDatetimeText, parseNumberText } from './cell-parsing.ts';
import { type ColumnProfile, emptyColumnProfile } from './column-profile.ts';
import { isLeadingZeroDigits, readColumn } from './infer-kind.ts';
import {
  addNumber,
  addNumbers,
  DEFAULT_SAMPLING,
  reserveValues,
  type SamplingOptions,
  settleMoments,
} from './numeric-summary.ts';
import { PROFILE_VERSION, type Profile } from './profile.ts';
import { UntypedNumberCategories } from './untyped-number-categories.ts';

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
   * The profile is only compared, never saved or merged (`driftwatch check`): an untyped column's
   * numeric cells go into its numeric summary only, not into its category table, and a column
   * read as numbers at `finish` (its kind numeric, nothing forced) drops the table. The compare
   * reads a column's categories only when the column is categorical, so nothing it reports
   * changes, while hashing and counting every number's category is work on a CSV check's critical
   * path (bench/check-bench.ts, section `pair`, CSV). Should a column end up categorical with
   * numbers left out of its table, `needsFullRead` says so and the reader profiles the table again
   * without this option. A saved or merged profile must keep the tables: merged with a part where
   * strings are the majority, the column would be categorical. @default false
   */
  readonly compareOnly?: boolean;
  /**
   * The decimal separator of numbers written as text (CSV cells, JSON strings): `,` reads `3,14`
   * as 3.14, and text with a `.` is then no number (see `parseNumberText`). @default '.'
   */
  readonly decimalSeparator?: '.' | ',';
}

const DEFAULT_SEED = 20261128;

interface ColumnState {
  readonly profile: ColumnProfile;
  readonly numberRandom: SeededRandom;
  readonly datetimeRandom: SeededRandom;
  /** A typed number column whose override asks for categories. */
  readonly numbersAsCategories: boolean;
  /** The category table of the column's numeric cells while the column is untyped. */
  readonly untypedNumbers: UntypedNumberCategories;
  /**
   * Some numeric cell was written with a leading zero (`00501`). Inference reads such codes from
   * the category table's labels (infer-kind.ts); a compare-only profile keeps none, so it reads
   * the table again in full.
   */
  leadingZeros: boolean;
}

/**
 * An untyped column whose cells are mostly numbers, its kind not forced: one the compare treats as
 * numeric; or one read as date-times from epoch numbers (inferred, or a `timestamp` role). The
 * compare reads neither's category table.
 */
function readAsNumbers(profile: ColumnProfile): boolean {
  if (profile.sourceType !== 'untyped') return false;
  const reading = readColumn(profile);
  if (reading.kind === 'datetime') return reading.datetimes?.from === 'epoch';
  return profile.kindOverride === null && reading.kind === 'numeric';
}

/** Accumulates a table's batches into a Profile, one column at a time. */
export class Profiler {
  private readonly sampling: SamplingOptions;
  private readonly seed: number;
  private readonly maxCategories: number;
  private readonly kindOverrides: ReadonlyMap<string, FeatureKind>;
  private readonly compareOnly: boolean;
  private readonly decimalComma: boolean;
  private readonly columns = new Map<string, ColumnState>();
  private readonly sources: string[] = [];
  private rowCount = 0;
  private expectedRows = 0;

  constructor(options: ProfilerOptions = {}) {
    this.sampling = options.sampling ?? DEFAULT_SAMPLING;
    this.seed = options.seed ?? DEFAULT_SEED;
    this.maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    this.kindOverrides = options.kindOverrides ?? new Map();
    this.decimalComma = options.decimalSeparator === ',';
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

  /**
   * A compare-only profile whose assumption failed: a column left its numbers out of the category
   * table but is not read as numbers (strings are the majority of its cells), so the compare would
   * read an incomplete table. The table is read again without `compareOnly`.
   */
  needsFullRead(): boolean {
    if (!this.compareOnly) return false;
    for (const state of this.columns.values()) {
      if (state.untypedNumbers.skipped() > 0 && (state.leadingZeros || !readAsNumbers(state.profile)))
        return true;
    }
    return false;
  }

  finish(): Profile {
    for (const state of this.columns.values()) {
      if (this.compareOnly && readAsNumbers(state.profile)) state.profile.categories = emptyCategoryCounts();
      else {
        state.untypedNumbers.settle();
        settleCategoryCounts(state.profile.categories, this.maxCategories);
      }
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
      const numberRandom = new SeededRandom(seed);
      const numbersAsCategories = override === 'categorical' || override === 'text' || override === 'boolean';
      state = {
        profile,
        numberRandom,
        datetimeRandom: new SeededRandom(datetimeSeed(seed)),
        numbersAsCategories,
        untypedNumbers: new UntypedNumberCategories(
          profile,
          this.sampling,
          this.maxCategories,
          numberRandom,
          numbersAsCategories,
          !this.compareOnly,
        ),
        leadingZeros: false,
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
        const maxCategories = this.maxCategories;
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
        state.untypedNumbers.labelsIntoTable();
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
        if (column.untyped !== true) state.untypedNumbers.labelsIntoTable();
        this.addDictionary(profile, column.codes, column.dictionary, batch, this.maxCategories);
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
        addCategory(profile.categories, column.text(i), this.maxCategories);
      }
    } else {
      nonNull = state.untypedNumbers.addParsed(column, batch.rowCount);
    }
    if (column.leadingZeros === true) state.leadingZeros = true;
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
        addCategory(profile.categories, String(value), this.maxCategories);
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
        state.untypedNumbers.add(cell, text);
        continue;
      }
      if (typeof cell === 'boolean') {
        const text = cell ? 'true' : 'false';
        this.count(profile, 'boolean', batch, i, text);
        addCategory(profile.categories, text, this.maxCategories);
        continue;
      }
      const number = parseNumberText(cell, this.decimalComma);
      if (number !== undefined) {
        this.count(profile, 'number', batch, i, cell);
        state.untypedNumbers.add(number, cell);
        if (isLeadingZeroDigits(cell)) state.leadingZeros = true;
        continue;
      }
      const flag = parseBooleanText(cell);
      if (flag !== undefined) {
        const text = flag ? 'true' : 'false';
        this.count(profile, 'boolean', batch, i, cell);
        addCategory(profile.categories, text, this.maxCategories);
        continue;
      }
      const ms = parseDatetimeText(cell);
      if (ms !== undefined) {
        this.count(profile, 'datetime', batch, i, cell);
        addNumber(profile.datetimes, ms, this.sampling, state.datetimeRandom);
        addCategory(profile.categories, cell, this.maxCategories);
        continue;
      }
      this.count(profile, 'string', batch, i, cell);
      addCategory(profile.categories, cell, this.maxCategories);
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
