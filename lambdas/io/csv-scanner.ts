import { Buffer, isUtf8 } from 'node:buffer';
import type { Cell, ColumnValues, RecordBatch } from '../core/columns.ts';
import { parseBooleanText, parseDatetimeText, parseNumberText } from '../core/profile/cell-parsing.ts';

/**
 * The scanner met input whose reading it leaves to csv-parse: doubled quotes, a quote inside an
 * unquoted field, a lone carriage return, a row with the wrong field count, invalid UTF-8. The
 * caller re-reads with the library path, skipping the `rowsDone` rows already delivered, so the
 * library's reading (and its error messages) apply from the first unusual row on.
 */
export class CsvNeedsLibrary extends Error {
  override readonly name = 'CsvNeedsLibrary';
  constructor(
    readonly rowsDone: number,
    reason: string,
  ) {
    super(reason);
  }
}

export interface CsvScanOptions {
  readonly source: string;
  /** Single ASCII delimiter byte. */
  readonly delimiter: number;
  /** Cells read as null (the empty field included). */
  readonly nullTokens: ReadonlySet<string>;
  /** Header names, as the library path read them. */
  readonly header: readonly string[];
  /** Columns to deliver, by header index. */
  readonly wanted: readonly { readonly name: string; readonly index: number }[];
  readonly batchRows: number;
  /**
   * Reuse each column's buffers for the next batch instead of allocating new ones: for consumers
   * that finish with a batch before asking for the next (the profiler), so a 1M-row file does
   * not leave ~60 MB of dead buffers per 65k-row batch for the collector. @default false
   */
  readonly reuseBuffers?: boolean;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const TWO_POW_53 = 9007199254740992;
/** Exact powers of ten as doubles (10^0 .. 10^22), for Clinger's fast path. */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/** One wanted column's cells in the batch being built: raw bytes, and numbers while every cell parses. */
class ColumnBuilder {
  bytes = new Uint8Array(1 << 16);
  used = 0;
  readonly ends: Int32Array;
  readonly values: Float64Array;
  readonly nulls: Uint8Array;
  nullCount = 0;
  /** Every non-null cell so far is a plain finite decimal number. */
  numeric = true;

  constructor(rows: number) {
    this.ends = new Int32Array(rows);
    this.values = new Float64Array(rows);
    this.nulls = new Uint8Array(rows);
  }

  /** Empty again, as a new builder is (values at null rows included), keeping the buffers. */
  reset(): void {
    this.used = 0;
    if (this.nullCount > 0) this.nulls.fill(0);
    this.nullCount = 0;
    this.numeric = true;
  }

  append(source: Uint8Array, start: number, end: number, row: number): void {
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    // Cells are a few bytes: a loop beats creating a subarray per cell.
    const bytes = this.bytes;
    let at = this.used;
    for (let i = start; i < end; i++) bytes[at++] = source[i];
    this.used = at;
    this.ends[row] = at;
  }
}

/**
 * Byte-level CSV reading for the common case: fields split at the delimiter and LF/CRLF line
 * ends, RFC 4180 quoted fields without doubled quotes, blank lines skipped — the same records
 * csv-parse gives with the reader's options. Numbers are parsed straight from the bytes
 * (`Number(text)` exactly); a column whose cells in a batch all parse as plain decimals arrives
 * as `parsed-numbers`, a column of plain strings as `dictionary` codes, anything else as `cells`.
 *
 * @throws CsvNeedsLibrary on input it leaves to csv-parse (see there)
 */
export async function* scanCsv(
  stream: AsyncIterable<Uint8Array>,
  options: CsvScanOptions,
): AsyncGenerator<RecordBatch, void> {
  const { delimiter, header, wanted, batchRows } = options;
  const fieldCount = header.length;
  const wantedAt = new Int32Array(fieldCount).fill(-1);
  for (const [k, column] of wanted.entries()) wantedAt[column.index] = k;
  const nullTokens = [...options.nullTokens].map((token) => Buffer.from(token, 'utf8'));
  const fieldStarts = new Int32Array(fieldCount);
  const fieldEnds = new Int32Array(fieldCount);

  let builders = wanted.map(() => new ColumnBuilder(batchRows));
  let rowInBatch = 0;
  let resetPending = false;
  let rowsDone = 0;
  let headerSeen = false;
  let carry: Uint8Array = new Uint8Array(0);
  let atStart = true;

  const flush = (): RecordBatch => {
    const columns = new Map<string, ColumnValues>();
    for (const [k, column] of wanted.entries()) {
      columns.set(column.name, finishColumn(builders[k], rowInBatch));
    }
    const batch: RecordBatch = {
      source: options.source,
      firstRow: rowsDone + 1,
      rowCount: rowInBatch,
      columns,
    };
    rowsDone += rowInBatch;
    rowInBatch = 0;
    // A reused builder is cleared when the next batch's first row arrives, not here: the
    // consumer has not seen this batch yet.
    if (options.reuseBuffers === true) resetPending = true;
    else builders = wanted.map(() => new ColumnBuilder(batchRows));
    return batch;
  };

  /**
   * Reads the record at `start` in `buf[0, limit)`; returns the index after its line end, or -1
   * when the record runs past `limit` (more input needed). `final` means no more input follows.
   */
  const readRecord = (buf: Uint8Array, start: number, limit: number, final: boolean): number => {
    let p = start;
    let field = 0;
    for (;;) {
      if (field >= fieldCount) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'too many fields');
      let contentStart: number;
      let contentEnd: number;
      if (p < limit && buf[p] === QUOTE) {
        const close = buf.indexOf(QUOTE, p + 1);
        if (close === -1 || close >= limit) {
          if (final) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'unclosed quote');
          return -1;
        }
        contentStart = p + 1;
        contentEnd = close;
        p = close + 1;
        if (p < limit && buf[p] === QUOTE) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'doubled quote');
        if (p === limit && !final) return -1;
      } else {
        contentStart = p;
        while (p < limit) {
          const c = buf[p];
          if (c === delimiter || c === LF) break;
          if (c === QUOTE) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'quote inside a field');
          if (c === CR) {
            if (p + 1 < limit && buf[p + 1] === LF) break;
            if (p + 1 === limit && !final) return -1;
            throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'lone carriage return');
          }
          p++;
        }
        if (p === limit && !final) return -1;
        contentEnd = p;
      }
      fieldStarts[field] = contentStart;
      fieldEnds[field] = contentEnd;
      field++;
      if (p === limit) break; // end of input without a final newline
      const c = buf[p];
      if (c === delimiter) {
        p++;
        continue;
      }
      if (c === CR && p + 1 < limit && buf[p + 1] === LF) {
        p += 2;
        break;
      }
      if (c === LF) {
        p++;
        break;
      }
      throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'text after a closing quote');
    }
    if (field !== fieldCount) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'too few fields');
    return p;
  };

  const takeRecord = (buf: Uint8Array): void => {
    if (!headerSeen) {
      headerSeen = true;
      const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
      for (let f = 0; f < fieldCount; f++) {
        if (text.toString('utf8', fieldStarts[f], fieldEnds[f]) !== header[f]) {
          throw new CsvNeedsLibrary(0, 'header differs');
        }
      }
      return;
    }
    const row = rowInBatch;
    if (resetPending) {
      for (const builder of builders) builder.reset();
      resetPending = false;
    }
    for (let f = 0; f < fieldCount; f++) {
      const k = wantedAt[f];
      if (k === -1) continue;
      const builder = builders[k];
      const start = fieldStarts[f];
      const end = fieldEnds[f];
      builder.append(buf, start, end, row);
      if (isNullToken(buf, start, end, nullTokens)) {
        builder.nulls[row] = 1;
        builder.nullCount++;
        // A reused builder holds the last batch's number here; a new one holds 0.
        builder.values[row] = 0;
        continue;
      }
      if (builder.numeric) {
        const value = parseDecimal(buf, start, end);
        if (Number.isFinite(value)) builder.values[row] = value;
        else builder.numeric = false;
      }
    }
    rowInBatch++;
  };

  let buf: Uint8Array = new Uint8Array(0);
  const process = (final: boolean): Generator<RecordBatch> => {
    return (function* () {
      let limit = final ? buf.length : buf.lastIndexOf(LF) + 1;
      if (limit <= 0) {
        carry = buf;
        return;
      }
      if (!isUtf8(buf.subarray(0, limit))) throw new CsvNeedsLibrary(rowsDone + rowInBatch, 'invalid UTF-8');
      let p = 0;
      while (p < limit) {
        // Blank lines are skipped, as csv-parse's skip_empty_lines does.
        if (buf[p] === LF) {
          p++;
          continue;
        }
        if (buf[p] === CR && p + 1 < limit && buf[p + 1] === LF) {
          p += 2;
          continue;
        }
        const next = readRecord(buf, p, limit, final);
        if (next === -1) break;
        takeRecord(buf);
        p = next;
        if (rowInBatch === batchRows) yield flush();
      }
      limit = p;
      carry = buf.subarray(limit);
    })();
  };

  for await (const chunk of stream) {
    let bytes = chunk;
    if (atStart) {
      if (carry.length + bytes.length < 3 && bytes.length > 0) {
        carry = concat(carry, bytes);
        continue;
      }
      bytes = concat(carry, bytes);
      carry = new Uint8Array(0);
      atStart = false;
      // A UTF-8 byte order mark is dropped, as the library path's TextDecoder does.
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    buf = concat(carry, bytes);
    yield* process(false);
  }
  if (atStart) {
    buf = carry;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  } else {
    buf = carry;
  }
  if (buf.length > 0) yield* process(true);
  if (rowInBatch > 0) yield flush();
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function isNullToken(buf: Uint8Array, start: number, end: number, tokens: readonly Uint8Array[]): boolean {
  const length = end - start;
  if (length === 0) return true;
  if (length > 4) return tokens.some((token) => token.length === length && sameBytes(buf, start, token));
  for (const token of tokens) {
    if (token.length === length && sameBytes(buf, start, token)) return true;
  }
  return false;
}

function sameBytes(buf: Uint8Array, start: number, token: Uint8Array): boolean {
  for (let i = 0; i < token.length; i++) if (buf[start + i] !== token[i]) return false;
  return true;
}

/**
 * `Number(text)` for text matching cell-parsing's NUMBER form `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`,
 * NaN for anything else (the caller then leaves the column to the profiler's cell parsing).
 * Up to 15 significant digits and a decimal exponent within ±22 take Clinger's fast path — one
 * correctly rounded multiplication or division of exact doubles, so the same double as `Number`;
 * everything else goes through `Number` itself.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let negative = false;
  if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) {
    negative = buf[p] === 0x2d;
    p++;
  }
  let mantissa = 0;
  let significant = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let dropped = 0;
  while (p < end) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9) break;
    if (significant > 0 || d !== 0) {
      if (significant < 15) mantissa = mantissa * 10 + d;
      else dropped++;
      significant++;
    }
    intDigits++;
    p++;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end) {
      const d = buf[p] - 0x30;
      if (d < 0 || d > 9) break;
      if (significant > 0 || d !== 0) {
        if (significant < 15) {
          mantissa = mantissa * 10 + d;
          fracDigits++;
        } else dropped++;
        significant++;
      } else fracDigits++;
      p++;
    }
    if (intDigits === 0 && fracDigits === 0 && dropped === 0) return Number.NaN;
  } else if (intDigits === 0) return Number.NaN;
  let exponent = 0;
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    let expNegative = false;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) {
      expNegative = buf[p] === 0x2d;
      p++;
    }
    const expStart = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39 && p - expStart < 6) {
      exponent = exponent * 10 + (buf[p] - 0x30);
      p++;
    }
    if (p === expStart) return Number.NaN;
    if (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) return slowNumber(buf, start, end);
    if (expNegative) exponent = -exponent;
  }
  if (p !== end) return Number.NaN;
  if (dropped > 0 || mantissa >= TWO_POW_53) return slowNumber(buf, start, end);
  const scale = exponent - fracDigits;
  let value: number;
  if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else return slowNumber(buf, start, end);
  return negative ? -value : value;
}

function slowNumber(buf: Uint8Array, start: number, end: number): number {
  return Number(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1', start, end));
}

/** The batch's cells of one column in the cheapest form that reads exactly like `cells`. */
function finishColumn(builder: ColumnBuilder, rows: number): ColumnValues {
  const bytes = Buffer.from(builder.bytes.buffer, builder.bytes.byteOffset, builder.used);
  const ends = builder.ends;
  const textAt = (i: number): string => bytes.toString('utf8', i === 0 ? 0 : ends[i - 1], ends[i]);
  const nulls = builder.nullCount === 0 ? null : builder.nulls.subarray(0, rows);
  if (builder.numeric && builder.nullCount < rows) {
    let textLengthSum = 0;
    for (let i = 0; i < rows; i++) {
      if (nulls === null || nulls[i] === 0) textLengthSum += ends[i] - (i === 0 ? 0 : ends[i - 1]);
    }
    return {
      type: 'parsed-numbers',
      values: builder.values.subarray(0, rows),
      nulls,
      text: textAt,
      textLengthSum,
    };
  }
  return dictionaryOrCells(builder, rows, textAt);
}

/**
 * Strings by code when no distinct value reads as anything but a string (numbers, booleans,
 * date-times and NaN/infinity words keep their per-cell reading in `cells`).
 */
function dictionaryOrCells(
  builder: ColumnBuilder,
  rows: number,
  textAt: (i: number) => string,
): ColumnValues {
  const codes = new Int32Array(rows);
  const dictionary: string[] = [];
  // Distinct cells found by hashing their bytes: one string per distinct value, not per cell.
  const slots = tableFor(rows);
  const mask = slots.length - 1;
  const firstCell: number[] = [];
  const { bytes, ends, nulls: nullMask } = builder;
  let plainStrings = true;
  for (let i = 0; i < rows; i++) {
    if (nullMask[i] === 1) {
      codes[i] = -1;
      continue;
    }
    const start = i === 0 ? 0 : ends[i - 1];
    const end = ends[i];
    let hash = 0x811c9dc5;
    for (let j = start; j < end; j++) hash = Math.imul(hash ^ bytes[j], 0x01000193);
    let slot = hash & mask;
    let code = -1;
    for (;;) {
      const candidate = slots[slot];
      if (candidate === -1) break;
      const other = firstCell[candidate];
      const otherStart = other === 0 ? 0 : ends[other - 1];
      if (ends[other] - otherStart === end - start && sameRange(bytes, start, otherStart, end - start)) {
        code = candidate;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (code === -1) {
      code = dictionary.length;
      const text = textAt(i);
      dictionary.push(text);
      firstCell.push(i);
      slots[slot] = code;
      if (
        plainStrings &&
        (parseNumberText(text) !== undefined ||
          parseBooleanText(text) !== undefined ||
          parseDatetimeText(text) !== undefined)
      ) {
        plainStrings = false;
      }
    }
    codes[i] = code;
  }
  const nulls = builder.nullCount === 0 ? null : builder.nulls.subarray(0, rows);
  if (plainStrings) return { type: 'dictionary', codes, dictionary, nulls, untyped: true };
  const cells: Cell[] = new Array(rows);
  for (let i = 0; i < rows; i++) cells[i] = codes[i] === -1 ? null : dictionary[codes[i]];
  return { type: 'cells', values: cells };
}

let table = new Int32Array(0);

/** The reused open-addressing table, cleared, at least twice as large as `rows`. */
function tableFor(rows: number): Int32Array {
  let size = 1024;
  while (size < rows * 2) size *= 2;
  if (table.length < size) table = new Int32Array(size);
  const slots = table.subarray(0, size);
  slots.fill(-1);
  return slots;
}

function sameRange(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
