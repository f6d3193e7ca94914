import type { ColumnValues, RecordBatch } from '../columns.ts';
import { parseBooleanText, parseNumberText } from '../profile/cell-parsing.ts';
import { SeededRandom } from '../random.ts';

/**
 * A seeded uniform sample of a table's whole rows: what multivariate drift needs and a column
 * profile does not keep (each column's values are kept apart, so rows cannot be put back
 * together). Bounded by `maxRows` and by {@link MAX_SAMPLE_CELLS}.
 */
export interface RowSample {
  /** Rows of the table (every row read, not only those kept). */
  readonly rowCount: number;
  /** Rows kept: min(rowCount, capacity). */
  readonly size: number;
  readonly columns: readonly SampledColumn[];
  /** Columns not sampled because the cell budget was spent (their names). */
  readonly leftOut: readonly string[];
}

/** One column's cells of the kept rows, slot by slot. */
export interface SampledColumn {
  readonly name: string;
  /** The cell as a number; NaN when it is missing or not a number. */
  readonly numbers: Float64Array;
  /** The cell as text where it is not a number (null: missing); null when no cell was text. */
  readonly labels: (string | null)[] | null;
}

export interface RowSampleOptions {
  /** Rows kept at most (`DEFAULT_SAMPLE_ROWS` unless configured). */
  readonly maxRows: number;
  /** Seeds which rows are kept: the same table and seed keep the same rows. */
  readonly seed: number;
  /** Only these columns (all when absent). */
  readonly columns?: readonly string[];
  /** Text numbers with a decimal comma (`3,14`), as the profiler reads them. */
  readonly decimalComma?: boolean;
}

/**
 * Rows kept by default: the mean reconstruction error of this many rows has a standard error of
 * 1/√20,000 ≈ 0.7% of one row's spread, far below the shift a broken correlation makes, and the
 * sample's every row is read, fitted on and drawn from again by each baseline chunk, so its size
 * is most of what multivariate drift costs (docs/performance.md, "Multivariate drift").
 */
export const DEFAULT_SAMPLE_ROWS = 20_000;

/** Cells (rows × columns) a sample may hold: 32 MB of doubles, whatever the table's width. */
export const MAX_SAMPLE_CELLS = 4_000_000;

interface ColumnSlots {
  readonly name: string;
  numbers: Float64Array;
  labels: (string | null)[] | null;
}

/**
 * Keeps a uniform sample of rows while a table is read, batch by batch (reservoir sampling,
 * Vitter's algorithm R: row t replaces a random slot with probability capacity / (t + 1)). The
 * rows to keep are chosen once per run of rows, so the column pieces of a split run
 * (`RecordBatch.continues`) land in the same slots.
 */
export class RowSampler {
  private readonly random: SeededRandom;
  private readonly wanted: ReadonlySet<string> | null;
  private readonly decimalComma: boolean;
  private readonly columns = new Map<string, ColumnSlots>();
  private readonly leftOut: string[] = [];
  private capacity = 0;
  private allocated = 0;
  private rowsSeen = 0;
  /** This run's kept rows: pairs (row within the batch, slot). */
  private picks = new Int32Array(0);
  private pickCount = 0;
  private inRun = false;
  private readonly touched = new Set<string>();

  constructor(options: RowSampleOptions, columnNames: readonly string[]) {
    this.random = new SeededRandom(options.seed);
    this.wanted = options.columns !== undefined ? new Set(options.columns) : null;
    this.decimalComma = options.decimalComma === true;
    const names = columnNames.filter((name) => this.wanted === null || this.wanted.has(name));
    this.capacity = Math.max(
      1,
      Math.min(options.maxRows, Math.floor(MAX_SAMPLE_CELLS / Math.max(1, names.length))),
    );
    for (const name of names) this.column(name);
  }

  add(batch: RecordBatch): void {
    if (!this.inRun) this.pick(batch.rowCount);
    for (const [name, values] of batch.columns) {
      const slots = this.column(name);
      if (slots === undefined) continue;
      this.touched.add(name);
      this.write(slots, values);
    }
    for (const name of batch.columnErrors?.keys() ?? []) {
      const slots = this.column(name);
      if (slots === undefined) continue;
      this.touched.add(name);
      this.writeMissing(slots);
    }
    this.inRun = batch.continues === true;
    if (this.inRun) return;
    // Columns absent from the run (JSON Lines keys left out) are missing in its kept rows.
    for (const slots of this.columns.values()) if (!this.touched.has(slots.name)) this.writeMissing(slots);
    this.touched.clear();
    this.rowsSeen += batch.rowCount;
  }

  finish(): RowSample {
    const size = Math.min(this.rowsSeen, this.capacity);
    return {
      rowCount: this.rowsSeen,
      size,
      columns: [...this.columns.values()].map((slots) => ({
        name: slots.name,
        numbers: slots.numbers.slice(0, size),
        labels: slots.labels === null ? null : slots.labels.slice(0, size),
      })),
      leftOut: [...this.leftOut],
    };
  }

  /** The slots of the run's rows that are kept; grows the columns to hold them. */
  private pick(rowCount: number): void {
    if (this.picks.length < 2 * rowCount) this.picks = new Int32Array(2 * rowCount);
    let count = 0;
    for (let i = 0; i < rowCount; i++) {
      const t = this.rowsSeen + i;
      const slot = t < this.capacity ? t : this.random.nextInt(t + 1);
      if (slot >= this.capacity) continue;
      this.picks[2 * count] = i;
      this.picks[2 * count + 1] = slot;
      count++;
    }
    this.pickCount = count;
    const needed = Math.min(this.capacity, this.rowsSeen + rowCount);
    if (needed > this.allocated) this.grow(Math.min(this.capacity, Math.max(needed, 2 * this.allocated)));
  }

  private grow(size: number): void {
    for (const slots of this.columns.values()) {
      const numbers = new Float64Array(size).fill(Number.NaN);
      numbers.set(slots.numbers);
      slots.numbers = numbers;
      if (slots.labels !== null) slots.labels.length = size;
    }
    this.allocated = size;
  }

  private column(name: string): ColumnSlots | undefined {
    const known = this.columns.get(name);
    if (known !== undefined) return known;
    if (this.wanted !== null && !this.wanted.has(name)) return undefined;
    if ((this.columns.size + 1) * this.capacity > MAX_SAMPLE_CELLS) {
      if (!this.leftOut.includes(name)) this.leftOut.push(name);
      return undefined;
    }
    const slots: ColumnSlots = {
      name,
      numbers: new Float64Array(this.allocated).fill(Number.NaN),
      labels: null,
    };
    this.columns.set(name, slots);
    return slots;
  }

  private writeMissing(slots: ColumnSlots): void {
    for (let p = 0; p < this.pickCount; p++) this.setCell(slots, this.picks[2 * p + 1], Number.NaN, null);
  }

  /** The kept rows' cells of one column piece, a loop per column type (this runs for every kept row). */
  private write(slots: ColumnSlots, column: ColumnValues): void {
    const picks = this.picks;
    const count = this.pickCount;
    if (column.type === 'number' || column.type === 'parsed-numbers') {
      const { values, nulls } = column;
      const numbers = slots.numbers;
      for (let p = 0; p < count; p++) {
        const row = picks[2 * p];
        numbers[picks[2 * p + 1]] = nulls !== null && nulls[row] === 1 ? Number.NaN : values[row];
      }
      if (slots.labels !== null) for (let p = 0; p < count; p++) slots.labels[picks[2 * p + 1]] = null;
      return;
    }
    for (let p = 0; p < count; p++) {
      const row = picks[2 * p];
      const slot = picks[2 * p + 1];
      switch (column.type) {
        case 'boolean': {
          const missing = column.nulls !== null && column.nulls[row] === 1;
          this.setCell(slots, slot, Number.NaN, missing ? null : column.values[row] ? 'true' : 'false');
          break;
        }
        case 'string':
          this.setCell(slots, slot, Number.NaN, column.values[row] ?? null);
          break;
        case 'dictionary': {
          const code = column.codes[row];
          const missing = code === -1 || (column.nulls !== null && column.nulls[row] === 1);
          this.setCell(slots, slot, Number.NaN, missing ? null : column.dictionary[code]);
          break;
        }
        case 'cells': {
          const [number, label] = cellParts(column.values[row], this.decimalComma);
          this.setCell(slots, slot, number, label);
          break;
        }
      }
    }
  }

  private setCell(slots: ColumnSlots, slot: number, number: number, label: string | null): void {
    slots.numbers[slot] = number;
    if (label !== null) {
      slots.labels ??= new Array<string | null>(this.allocated).fill(null);
      slots.labels[slot] = label;
    } else if (slots.labels !== null) slots.labels[slot] = null;
  }
}

/** An untyped cell read as the profiler reads it: a number, a boolean, else text. */
function cellParts(
  cell: string | number | boolean | null | undefined,
  decimalComma: boolean,
): [number, string | null] {
  if (cell === null || cell === undefined) return [Number.NaN, null];
  if (typeof cell === 'number') return [cell, null];
  if (typeof cell === 'boolean') return [Number.NaN, cell ? 'true' : 'false'];
  const number = parseNumberText(cell, decimalComma);
  if (number !== undefined) return [number, null];
  const flag = parseBooleanText(cell);
  return [Number.NaN, flag === undefined ? cell : flag ? 'true' : 'false'];
}

/** A cell of a sampled column as a category label: its text, or its number written out; null when missing. */
export function labelAt(column: SampledColumn, slot: number): string | null {
  const label = column.labels?.[slot] ?? null;
  if (label !== null) return label;
  const number = column.numbers[slot];
  return Number.isNaN(number) ? null : String(number);
}
