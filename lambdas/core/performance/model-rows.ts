import type { ColumnValues, RecordBatch } from '../columns.ts';
import { parseNumberText } from '../profile/cell-parsing.ts';
import { LabelEncoder } from './label-encoder.ts';
import type { ModelTask } from './metric-names.ts';

/**
 * A table's model columns row by row, as the quality metrics need them: a column profile keeps
 * distributions, not which label sat beside which prediction. Classes are codes into `classes`
 * (−1 missing), numbers are float64 (NaN missing), ids are UTF-8 bytes in one arena. A column the
 * table lacks is null. Plain typed arrays, so a worker thread can hand them over by transfer.
 */
export interface ModelRows {
  readonly task: ModelTask;
  readonly rows: number;
  /** Tables read into these rows; 0 when none was (a saved profile, which has no rows to give). */
  readonly tables: number;
  /** Class labels of a classifier's target and prediction (one dictionary for both). */
  readonly classes: readonly string[];
  readonly target: Int32Array | Float64Array | null;
  readonly prediction: Int32Array | Float64Array | null;
  readonly score: Float64Array | null;
  readonly ids: IdColumn | null;
  /** Cells of a numeric model column that hold text that is no number: counted as missing. */
  readonly notNumbers: number;
  /** Why the rows were not kept: the table had more than `maxRows`. The metrics are not computed then. */
  readonly overflow?: string;
}

/** Ids as UTF-8: row i is `bytes[offsets[i], offsets[i + 1])`, or missing when `missing[i]` is 1. */
export interface IdColumn {
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
  readonly missing: Uint8Array;
}

/** Which columns hold what; a name the table lacks leaves that column null. */
export interface ModelColumnNames {
  readonly task: ModelTask;
  readonly target?: string;
  readonly prediction?: string;
  readonly score?: string;
  readonly id?: string;
}

const FIRST_CAPACITY = 1 << 16;

/**
 * Collects the model columns of a table while it is read, batch by batch, into typed arrays that
 * grow by doubling up to `maxRows` rows. Past `maxRows` it stops and frees what it held, and
 * `finish` says so in `overflow`: memory never grows past the stated cap, whatever the table.
 */
export class ModelRowCollector {
  private rows = 0;
  private capacity = 0;
  private overflowed = false;
  private readonly encoder = new LabelEncoder();
  /** One sink per role, across every table read into this collector. */
  private readonly sinks = new Map<keyof Omit<ModelColumnNames, 'task'>, Sink>();
  /** The roles whose column the table being read has, by column name. */
  private present = new Map<string, Sink>();
  private tableStart = 0;
  private tables = 0;
  private rewound = false;
  private notNumbers = 0;
  private tableNotNumbers = 0;

  constructor(
    private readonly names: ModelColumnNames,
    private readonly maxRows: number,
  ) {
    const label = names.task === 'classification';
    if (names.target !== undefined) this.sinks.set('target', label ? new LabelSink() : new NumberSink());
    if (names.prediction !== undefined)
      this.sinks.set('prediction', label ? new LabelSink() : new NumberSink());
    if (names.score !== undefined) this.sinks.set('score', new NumberSink());
    if (names.id !== undefined) this.sinks.set('id', new IdSink());
  }

  /**
   * A table's columns, before its batches: which model columns it has. Tables read one after
   * another (a rolling baseline's snapshots) add their rows in that order.
   */
  beginTable(columns: readonly string[]): void {
    // A table read again (rewound) counts once.
    if (!this.rewound) this.tables++;
    this.rewound = false;
    this.tableStart = this.rows;
    this.tableNotNumbers = 0;
    const names = new Set(columns);
    this.present = new Map();
    for (const [role, sink] of this.sinks) {
      const name = this.names[role];
      if (name === undefined || !names.has(name)) continue;
      this.present.set(name, sink);
      sink.seen = true;
    }
  }

  /** Drops the rows of the table being read: it is read again from its first row. */
  rewindTable(): void {
    this.rewound = true;
    this.rows = this.tableStart;
    for (const sink of this.sinks.values()) sink.rewind(this.rows);
    this.notNumbers -= this.tableNotNumbers;
    this.tableNotNumbers = 0;
  }

  add(batch: RecordBatch): void {
    if (this.overflowed || this.sinks.size === 0) return;
    const count = batch.rowCount;
    if (this.rows + count > this.maxRows) {
      this.overflowed = true;
      for (const sink of this.sinks.values()) sink.free();
      return;
    }
    this.reserve(this.rows + count);
    for (const [name, sink] of this.present) {
      const values = batch.columns.get(name);
      if (values === undefined) continue;
      const bad = sink.put(values, this.rows, count, this.encoder);
      this.notNumbers += bad;
      this.tableNotNumbers += bad;
      sink.written = true;
    }
    // A piece of a split run: its rows advance with its last piece, where every column has come.
    if (batch.continues === true) return;
    // A column absent from these rows (a JSON Lines key not there, an unreadable page, a table
    // without it) is missing in them.
    for (const sink of this.sinks.values()) {
      if (!sink.written) sink.fillMissing(this.rows, count);
      sink.written = false;
    }
    this.rows += count;
  }

  finish(): ModelRows {
    const base = {
      task: this.names.task,
      rows: this.rows,
      tables: this.tables,
      classes: this.encoder.classes,
      notNumbers: this.notNumbers,
    };
    if (this.overflowed) {
      return {
        ...base,
        target: null,
        prediction: null,
        score: null,
        ids: null,
        overflow: `the table has more than ${this.maxRows.toLocaleString('en-US')} rows, the most whose model columns are held (model.maxRows)`,
      };
    }
    // A role whose column no table had is null: "no target column", not "every label missing".
    const seen = (role: keyof Omit<ModelColumnNames, 'task'>) => {
      const sink = this.sinks.get(role);
      return sink?.seen === true ? sink : undefined;
    };
    const ids = seen('id');
    return {
      ...base,
      target: (seen('target')?.values(this.rows) ?? null) as Int32Array | Float64Array | null,
      prediction: (seen('prediction')?.values(this.rows) ?? null) as Int32Array | Float64Array | null,
      score: (seen('score')?.values(this.rows) ?? null) as Float64Array | null,
      ids: ids instanceof IdSink ? ids.column(this.rows) : null,
    };
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    let capacity = Math.max(this.capacity * 2, FIRST_CAPACITY);
    while (capacity < rows) capacity *= 2;
    capacity = Math.min(capacity, this.maxRows);
    for (const sink of this.sinks.values()) sink.grow(capacity, this.rows);
    this.capacity = capacity;
  }
}

abstract class Sink {
  written = false;
  /** Some table read had this role's column. */
  seen = false;
  abstract grow(capacity: number, used: number): void;
  abstract free(): void;
  abstract fillMissing(from: number, count: number): void;
  /** Writes `count` cells at `at`; returns how many held text that is no number. */
  abstract put(values: ColumnValues, at: number, count: number, encoder: LabelEncoder): number;
  abstract values(rows: number): Int32Array | Float64Array | Uint8Array;
  /** Forgets every row from `rows` on. */
  rewind(_rows: number): void {}
}

/** Class labels as codes; each cell read as its text (a number's canonical text), as LabelEncoder says. */
class LabelSink extends Sink {
  private codes = new Int32Array(0);
  private readonly numberCodes = new Map<number, number>();

  grow(capacity: number, used: number): void {
    const next = new Int32Array(capacity);
    next.set(this.codes.subarray(0, used));
    this.codes = next;
  }

  free(): void {
    this.codes = new Int32Array(0);
  }

  fillMissing(from: number, count: number): void {
    this.codes.fill(-1, from, from + count);
  }

  put(values: ColumnValues, at: number, count: number, encoder: LabelEncoder): number {
    const out = this.codes;
    const ofNumber = (v: number) => {
      if (Number.isNaN(v)) return -1;
      let code = this.numberCodes.get(v);
      if (code === undefined) {
        code = encoder.code(String(v));
        this.numberCodes.set(v, code);
      }
      return code;
    };
    switch (values.type) {
      case 'number':
      case 'parsed-numbers':
        for (let i = 0; i < count; i++)
          out[at + i] = values.nulls?.[i] === 1 ? -1 : ofNumber(values.values[i]);
        break;
      case 'boolean':
        for (let i = 0; i < count; i++)
          out[at + i] =
            values.nulls?.[i] === 1 ? -1 : encoder.code(values.values[i] === 1 ? 'true' : 'false');
        break;
      case 'string':
        for (let i = 0; i < count; i++) out[at + i] = encoder.code(values.values[i] ?? null);
        break;
      case 'dictionary': {
        // Each dictionary entry's code looked up once per batch, on first use.
        const mapped = new Int32Array(values.dictionary.length).fill(-2);
        for (let i = 0; i < count; i++) {
          const c = values.codes[i];
          if (c < 0 || values.nulls?.[i] === 1) {
            out[at + i] = -1;
            continue;
          }
          if (mapped[c] === -2) mapped[c] = encoder.code(values.dictionary[c]);
          out[at + i] = mapped[c];
        }
        break;
      }
      case 'cells':
        for (let i = 0; i < count; i++) {
          const cell = values.values[i];
          out[at + i] =
            cell === null ? -1 : typeof cell === 'number' ? ofNumber(cell) : encoder.code(String(cell));
        }
        break;
    }
    return 0;
  }

  values(rows: number): Int32Array {
    return this.codes.slice(0, rows);
  }
}

/** Numbers as float64, NaN where missing; text is parsed as the profiler parses it. */
class NumberSink extends Sink {
  private numbers = new Float64Array(0);

  grow(capacity: number, used: number): void {
    const next = new Float64Array(capacity);
    next.set(this.numbers.subarray(0, used));
    this.numbers = next;
  }

  free(): void {
    this.numbers = new Float64Array(0);
  }

  fillMissing(from: number, count: number): void {
    this.numbers.fill(Number.NaN, from, from + count);
  }

  put(values: ColumnValues, at: number, count: number): number {
    const out = this.numbers;
    let notNumbers = 0;
    const ofText = (text: string) => {
      const n = parseNumberText(text);
      if (n === undefined) notNumbers++;
      return n ?? Number.NaN;
    };
    switch (values.type) {
      case 'number':
      case 'parsed-numbers':
        for (let i = 0; i < count; i++) out[at + i] = values.nulls?.[i] === 1 ? Number.NaN : values.values[i];
        break;
      case 'boolean':
        for (let i = 0; i < count; i++) out[at + i] = values.nulls?.[i] === 1 ? Number.NaN : values.values[i];
        break;
      case 'string':
        for (let i = 0; i < count; i++) {
          const s = values.values[i];
          out[at + i] = s === null ? Number.NaN : ofText(s);
        }
        break;
      case 'dictionary': {
        // Each dictionary entry parsed once per batch, on first use: 1 a number, 2 text.
        const parsed = new Float64Array(values.dictionary.length);
        const state = new Uint8Array(values.dictionary.length);
        for (let i = 0; i < count; i++) {
          const c = values.codes[i];
          if (c < 0 || values.nulls?.[i] === 1) {
            out[at + i] = Number.NaN;
            continue;
          }
          if (state[c] === 0) {
            const n = parseNumberText(values.dictionary[c]);
            state[c] = n === undefined ? 2 : 1;
            parsed[c] = n ?? Number.NaN;
          }
          if (state[c] === 2) notNumbers++;
          out[at + i] = parsed[c];
        }
        break;
      }
      case 'cells':
        for (let i = 0; i < count; i++) {
          const cell = values.values[i];
          out[at + i] =
            cell === null
              ? Number.NaN
              : typeof cell === 'number'
                ? cell
                : typeof cell === 'boolean'
                  ? Number(cell)
                  : ofText(cell);
        }
        break;
    }
    return notNumbers;
  }

  values(rows: number): Float64Array {
    return this.numbers.slice(0, rows);
  }
}

const utf8 = new TextEncoder();

/** Row ids as UTF-8 bytes in one growing arena. */
class IdSink extends Sink {
  private bytes = new Uint8Array(0);
  private length = 0;
  private offsets = new Uint32Array(1);
  private missing = new Uint8Array(0);

  grow(capacity: number, used: number): void {
    const offsets = new Uint32Array(capacity + 1);
    offsets.set(this.offsets.subarray(0, used + 1));
    this.offsets = offsets;
    const missing = new Uint8Array(capacity);
    missing.set(this.missing.subarray(0, used));
    this.missing = missing;
  }

  free(): void {
    this.bytes = new Uint8Array(0);
    this.offsets = new Uint32Array(1);
    this.missing = new Uint8Array(0);
    this.length = 0;
  }

  fillMissing(from: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(from + i, null);
  }

  put(values: ColumnValues, at: number, count: number): number {
    for (let i = 0; i < count; i++) this.push(at + i, idText(values, i));
    return 0;
  }

  values(): Uint8Array {
    return this.missing;
  }

  override rewind(rows: number): void {
    this.length = this.offsets[rows];
  }

  column(rows: number): IdColumn {
    return {
      bytes: this.bytes.slice(0, this.length),
      offsets: this.offsets.slice(0, rows + 1),
      missing: this.missing.slice(0, rows),
    };
  }

  private push(row: number, id: string | null): void {
    if (id === null) {
      this.missing[row] = 1;
    } else {
      if (this.length + id.length * 3 > this.bytes.length) {
        const size = Math.max(this.bytes.length * 2, this.length + id.length * 3, 1 << 16);
        if (size > 0xffffffff) throw new RangeError('model rows: ids past 4 GiB of text');
        const next = new Uint8Array(size);
        next.set(this.bytes.subarray(0, this.length));
        this.bytes = next;
      }
      // ASCII ids (the usual case) byte by byte; others through the encoder.
      const bytes = this.bytes;
      let at = this.length;
      let ascii = true;
      for (let k = 0; k < id.length; k++) {
        const c = id.charCodeAt(k);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        bytes[at++] = c;
      }
      this.length = ascii ? at : this.length + utf8.encodeInto(id, bytes.subarray(this.length)).written;
    }
    this.offsets[row + 1] = this.length;
  }
}

/** A cell's id as text: numbers by their canonical text, so `1001` in Parquet and CSV is one id. */
function idText(values: ColumnValues, i: number): string | null {
  switch (values.type) {
    case 'number':
      return values.nulls?.[i] === 1 || Number.isNaN(values.values[i]) ? null : String(values.values[i]);
    case 'parsed-numbers':
      return values.nulls?.[i] === 1 ? null : values.text(i);
    case 'boolean':
      return values.nulls?.[i] === 1 ? null : values.values[i] === 1 ? 'true' : 'false';
    case 'string':
      return values.values[i] ?? null;
    case 'dictionary':
      return values.codes[i] < 0 || values.nulls?.[i] === 1 ? null : values.dictionary[values.codes[i]];
    case 'cells': {
      const cell = values.values[i];
      return cell === null ? null : String(cell);
    }
  }
}
