import { Buffer, isUtf8 } from 'node:buffer';
import type { Cell, ColumnValues, RecordBatch, Utf8Sink } from '../core/columns.ts';
import { BatchBytes } from './csv-batch-bytes.ts';
import { DictionaryBuilder, FNV_OFFSET, FNV_PRIME, hashOf, sameBytes } from './csv-dictionary.ts';
import { POW10, parseDecimal } from './parse-decimal.ts';

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
   * Reuse each column's buffers, and the pooled copies of the input chunks a batch's cells point
   * into, for the next batch instead of allocating new ones: for consumers that finish with a
   * batch before asking for the next (the profiler). A batch's cells (`text(i)` included) are
   * then valid only until the next batch is asked for. @default false
   */
  readonly reuseBuffers?: boolean;
}

const QUOTE = 0x22;
const LINE_FEED = new Uint8Array([0x0a]);
const CR = 0x0d;
const LF = 0x0a;
/** Cell positions are int32 offsets from a batch's first buffer: a batch ends before it spans more. */
const MAX_BATCH_SPAN = 0x7fffffff;
/**
 * Bytes of one unfinished record the scanner carries from chunk to chunk before it hands the
 * rest to csv-parse: each new chunk rescans the carried record, so an unclosed quote or a line
 * without end would cost the square of its length; csv-parse reads long records in linear time.
 */
const MAX_CARRIED_RECORD = 1 << 20;

/**
 * One wanted column's cells in the batch being built: each cell's position in the batch's
 * buffers, and its number while every cell parses (`numeric`); from the first cell that does
 * not, dictionary codes instead. Per-row writes only, so a record read again (it ran past the
 * buffer's end) overwrites its own cells; the counters are undone by `undoCell`.
 */
class ColumnBuilder {
  /**
   * Each cell's first byte as a batch position, or `-(position + 1)` for quoted content. Only the
   * start is kept: the end is found again when a cell's text is needed (BatchBytes.locate).
   */
  readonly starts: Int32Array;
  readonly values: Float64Array;
  /** 1 at null cells; zeros at the start of each batch. */
  readonly nulls: Uint8Array;
  codes: Int32Array | null = null;
  readonly dictionary = new DictionaryBuilder();
  nullCount = 0;
  /** Sum of the non-null cells' lengths while `numeric` (all ASCII then). */
  textLengthSum = 0;
  /** Every non-null cell so far is a plain finite decimal number. */
  numeric = true;
  /** Some number's text is a digit run with a leading zero (`00501`): a code, not a quantity. */
  leadingZeros = false;

  constructor(readonly rows: number) {
    this.starts = new Int32Array(rows);
    this.values = new Float64Array(rows);
    this.nulls = new Uint8Array(rows);
  }

  /** Empty again, as a new builder is, keeping the buffers. */
  reset(): void {
    this.nulls.fill(0);
    this.nullCount = 0;
    this.textLengthSum = 0;
    this.numeric = true;
    this.leadingZeros = false;
    this.dictionary.reset();
  }

  /** Takes back the counters of `row`'s cell (its record is read again later). */
  undoCell(row: number, bytes: BatchBytes): void {
    if (this.nulls[row] === 1) this.nullCount--;
    else if (this.numeric) {
      bytes.locate(this.starts[row]);
      this.textLengthSum -= bytes.to - bytes.from;
    }
  }
}

/**
 * Byte-level CSV reading for the common case: fields split at the delimiter and LF/CRLF line
 * ends, RFC 4180 quoted fields without doubled quotes, blank lines skipped — the same records
 * csv-parse gives with the reader's options. Numbers are parsed straight from the bytes
 * (`Number(text)` exactly), in the same pass that finds the field's end for the common plain
 * decimal; a column whose cells in a batch all parse as plain decimals arrives as
 * `parsed-numbers`, a column of plain strings as `dictionary` codes, anything else as `cells`.
 * Cells are not copied: a batch refers to the input chunks it spans — the stream's own (streams
 * hand out a new chunk each time, as Node's do) or, with `reuseBuffers`, pooled copies.
 *
 * @throws CsvNeedsLibrary on input it leaves to csv-parse (see there)
 */
export async function* scanCsv(
  stream: AsyncIterable<Uint8Array>,
  options: CsvScanOptions,
): AsyncGenerator<RecordBatch, void> {
  const scanner = new CsvScanner(options);
  let carry: Uint8Array = new Uint8Array(0);
  let atStart = true;
  let buf: Uint8Array = new Uint8Array(0);
  let bufBase = 0;
  let nextBase = 0;
  // With reuseBuffers, chunks are copied into buffers of a pool as they arrive: the stream's
  // chunk then dies young, as when cells were copied, instead of living as long as its batch
  // (long enough to be promoted, and freed only by a full collection). Once the consumer has
  // finished with a batch, the buffers it spans go back to the pool (the current one aside,
  // which the next batch starts in).
  const reuse = options.reuseBuffers === true;
  const pool: Uint8Array[] = [];
  const pooled: Uint8Array[] = [];
  const own = (chunk: Uint8Array): Uint8Array => {
    if (!reuse) return chunk;
    let buffer = pool.pop();
    if (buffer === undefined || buffer.length < chunk.length) buffer = new Uint8Array(chunk.length);
    buffer.set(chunk);
    pooled.push(buffer);
    return buffer.subarray(0, chunk.length);
  };
  const recycle = (): void => {
    if (reuse) pool.push(...pooled.splice(0, pooled.length - 1));
  };

  const process = function* (final: boolean): Generator<RecordBatch> {
    const limit = final ? buf.length : buf.lastIndexOf(LF) + 1;
    if (limit <= 0) {
      carry = buf;
      return;
    }
    if (!isUtf8(buf.subarray(0, limit))) throw scanner.needsLibrary('invalid UTF-8');
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
      if (!scanner.headerSeen) {
        const next = scanner.readHeader(buf, p, limit, final);
        if (next === -1) break;
        p = next;
        continue;
      }
      if (scanner.segment !== buf) {
        if (scanner.rowInBatch > 0 && bufBase - scanner.origin + limit > MAX_BATCH_SPAN) {
          yield scanner.flush();
          recycle();
        }
        if (scanner.rowInBatch === 0 && limit > MAX_BATCH_SPAN) throw scanner.needsLibrary('record too long');
        scanner.enter(buf, bufBase);
      }
      const next = scanner.scanRecord(buf, p, limit, final);
      if (next === -1) break;
      p = next;
      if (scanner.rowInBatch === scanner.batchRows) {
        yield scanner.flush();
        recycle();
      }
    }
    carry = buf.subarray(p);
  };

  for await (const chunk of readAhead(stream)) {
    let bytes = own(chunk);
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
    if (carry.length > 0) {
      // The record across the chunk boundary is completed in a small buffer of its own, so the
      // chunk is then read in place instead of being copied behind the carried bytes.
      const lineEnd = bytes.indexOf(LF);
      if (lineEnd === -1) {
        carry = concat(carry, bytes);
        if (carry.length > MAX_CARRIED_RECORD) throw scanner.needsLibrary('record too long');
        continue;
      }
      buf = concat(carry, bytes.subarray(0, lineEnd + 1));
      bufBase = nextBase;
      nextBase += buf.length;
      yield* process(false);
      bytes = bytes.subarray(lineEnd + 1);
    }
    buf = concat(carry, bytes);
    bufBase = nextBase;
    nextBase += buf.length;
    yield* process(false);
    if (carry.length > MAX_CARRIED_RECORD) throw scanner.needsLibrary('record too long');
  }
  buf = carry;
  if (atStart && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  bufBase = nextBase;
  if (buf.length > 0) {
    // The last record without a line end gets one (csv-parse reads it the same), so every
    // buffer the record loop sees ends in LF. A last CR is a lone one, or after a closing quote
    // or inside an unclosed one: cases left to the library either way.
    if (buf[buf.length - 1] === CR) throw scanner.needsLibrary('carriage return at the end');
    if (buf[buf.length - 1] !== LF) buf = concat(buf, LINE_FEED);
    yield* process(true);
  }
  if (scanner.rowInBatch > 0) yield scanner.flush();
}

/** The per-record work of `scanCsv`, as a class so the hot loop reads fields, not closure slots. */
class CsvScanner {
  readonly batchRows: number;
  private readonly source: string;
  private readonly delimiter: number;
  private readonly fieldCount: number;
  private readonly header: readonly string[];
  private readonly wanted: CsvScanOptions['wanted'];
  private readonly wantedAt: Int32Array;
  private readonly nullTokens: readonly Uint8Array[];
  /**
   * Plain decimals are parsed in the field-finding loop unless a null token could look like one
   * ("-1", "999"): then every cell is checked against the tokens first.
   */
  private readonly inlineNumbers: boolean;
  private readonly reuseBuffers: boolean;
  /** 1 at the bytes that end an unquoted field's content: delimiter, LF, CR, quote. */
  private readonly special = new Uint8Array(256);
  /** 1 at the first bytes of the null tokens: most cells are told apart by one lookup. */
  private readonly nullTokenStart = new Uint8Array(256);
  private builders: ColumnBuilder[];
  private bytes: BatchBytes;
  private readonly fieldStarts: Int32Array;
  private readonly fieldEnds: Int32Array;
  headerSeen = false;
  rowInBatch = 0;
  private rowsDone = 0;
  private resetPending = false;
  /** The buffer the batch's current rows come from, and its position in the batch. */
  segment: Uint8Array | null = null;
  private position = 0;
  /** Stream position (of `scanCsv`'s buffers) of the batch's first buffer. */
  origin = 0;

  constructor(options: CsvScanOptions) {
    this.source = options.source;
    this.delimiter = options.delimiter;
    this.header = options.header;
    this.wanted = options.wanted;
    this.batchRows = options.batchRows;
    this.fieldCount = options.header.length;
    this.wantedAt = new Int32Array(this.fieldCount).fill(-1);
    for (const [k, column] of options.wanted.entries()) this.wantedAt[column.index] = k;
    this.nullTokens = [...options.nullTokens].map((token) => Buffer.from(token, 'utf8'));
    // (Nor with a delimiter the inline parse would read as part of a number.)
    this.inlineNumbers =
      !/[-.0-9]/.test(String.fromCharCode(options.delimiter)) &&
      ![...options.nullTokens].some((token) => /^[-+.0-9]*[0-9][-+.0-9]*$/.test(token));
    this.reuseBuffers = options.reuseBuffers === true;
    for (const byte of [this.delimiter, LF, CR, QUOTE]) this.special[byte] = 1;
    for (const token of this.nullTokens) if (token.length > 0) this.nullTokenStart[token[0]] = 1;
    this.builders = options.wanted.map(() => new ColumnBuilder(options.batchRows));
    this.bytes = new BatchBytes(this.special);
    this.fieldStarts = new Int32Array(this.fieldCount);
    this.fieldEnds = new Int32Array(this.fieldCount);
  }

  needsLibrary(reason: string): CsvNeedsLibrary {
    return new CsvNeedsLibrary(this.rowsDone + this.rowInBatch, reason);
  }

  /** Rows from here on come from `buf`, which starts at stream position `base`. */
  enter(buf: Uint8Array, base: number): void {
    if (this.rowInBatch === 0) {
      // A reused builder is cleared when the next batch's first row arrives, not at the flush:
      // the consumer had not seen that batch yet.
      if (this.resetPending) {
        for (const builder of this.builders) builder.reset();
        this.resetPending = false;
      }
      this.bytes = new BatchBytes(this.special);
      this.origin = base;
    }
    this.position = base - this.origin;
    this.bytes.add(buf, this.position);
    this.segment = buf;
  }

  flush(): RecordBatch {
    const rows = this.rowInBatch;
    const columns = new Map<string, ColumnValues>();
    for (const [k, column] of this.wanted.entries()) {
      columns.set(column.name, finishColumn(this.builders[k], rows, this.bytes));
    }
    const batch: RecordBatch = { source: this.source, firstRow: this.rowsDone + 1, rowCount: rows, columns };
    this.rowsDone += rows;
    this.rowInBatch = 0;
    this.segment = null;
    if (this.reuseBuffers) this.resetPending = true;
    else this.builders = this.wanted.map(() => new ColumnBuilder(this.batchRows));
    return batch;
  }

  /** Checks the header record at `start` against the library path's; -1 when it runs past `limit`. */
  readHeader(buf: Uint8Array, start: number, limit: number, final: boolean): number {
    const next = this.recordBounds(buf, start, limit, final);
    if (next === -1) return -1;
    const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let f = 0; f < this.fieldCount; f++) {
      if (text.toString('utf8', this.fieldStarts[f], this.fieldEnds[f]) !== this.header[f]) {
        throw new CsvNeedsLibrary(0, 'header differs');
      }
    }
    this.headerSeen = true;
    return next;
  }

  /**
   * Reads the record at `start` in `buf[0, limit)` into the column builders; returns the index
   * after its line end, or -1 when the record runs past `limit` (more input needed; what it
   * counted is undone). `buf[limit - 1]` is a line feed, so the byte loops stop by `limit` without
   * checking it. `final` means no more input follows.
   */
  scanRecord(buf: Uint8Array, start: number, limit: number, final: boolean): number {
    const delimiter = this.delimiter;
    const fieldCount = this.fieldCount;
    const wantedAt = this.wantedAt;
    const builders = this.builders;
    const special = this.special;
    const nullTokenStart = this.nullTokenStart;
    const inlineNumbers = this.inlineNumbers;
    const row = this.rowInBatch;
    const position = this.position;
    let p = start;
    let field = 0;
    for (;;) {
      if (field >= fieldCount) throw this.needsLibrary('too many fields');
      const k = wantedAt[field];
      let c = buf[p];
      if (c === QUOTE) {
        const contentStart = p + 1;
        const close = buf.indexOf(QUOTE, contentStart);
        if (close === -1 || close >= limit) {
          if (final) throw this.needsLibrary('unclosed quote');
          return this.undo(field, row);
        }
        p = close + 1;
        if (buf[p] === QUOTE) throw this.needsLibrary('doubled quote');
        if (k !== -1) {
          this.takeCell(builders[k], buf, contentStart, close, row, hashOf(buf, contentStart, close), true);
        }
      } else if (k === -1) {
        while (special[c] === 0) c = buf[++p];
      } else {
        const builder = builders[k];
        let taken = false;
        if (builder.numeric && inlineNumbers) {
          // The common cell, -?\d*\.?\d* with 1 to 15 digits: the digits form an exact integer
          // below 2^53 and 10^fraction is exact, so one correctly rounded division gives the
          // double `Number(text)` gives (Clinger's fast path). Anything else goes to takeCell.
          let q = p;
          let negative = false;
          if (c === 0x2d) {
            negative = true;
            q++;
          }
          // Up to 9 digits accumulate in an int32 (short dependency chain); a longer mantissa
          // wraps, is rejected below and goes to parseDecimal.
          let mantissa = 0;
          let digits = 0;
          let d = buf[q] - 0x30;
          while (d >>> 0 < 10) {
            mantissa = (mantissa * 10 + d) | 0;
            digits++;
            d = buf[++q] - 0x30;
          }
          let fraction = 0;
          if (d === 0x2e - 0x30) {
            d = buf[++q] - 0x30;
            while (d >>> 0 < 10) {
              mantissa = (mantissa * 10 + d) | 0;
              fraction++;
              d = buf[++q] - 0x30;
            }
            digits += fraction;
          }
          c = d + 0x30;
          if (digits > 0 && digits <= 9 && (c === delimiter || c === LF || c === CR)) {
            const magnitude = fraction === 0 ? mantissa : mantissa / POW10[fraction];
            builder.values[row] = negative ? -magnitude : magnitude;
            builder.starts[row] = position + p;
            builder.textLengthSum += q - p;
            // One byte compare for most cells: only 0 and 0.x start with a zero otherwise.
            if (buf[p] === 0x30 && (buf[p + 1] - 0x30) >>> 0 < 10) builder.leadingZeros = true;
            p = q;
            taken = true;
          } else {
            c = buf[p];
          }
        }
        if (!taken) {
          // The field's end and its bytes' hash (for the dictionary) in one pass.
          const contentStart = p;
          let hash = FNV_OFFSET;
          while (special[c] === 0) {
            hash = Math.imul(hash ^ c, FNV_PRIME);
            c = buf[++p];
          }
          if (c === QUOTE) throw this.needsLibrary('quote inside a field');
          if (builder.numeric || p === contentStart || nullTokenStart[buf[contentStart]] === 1) {
            this.takeCell(builder, buf, contentStart, p, row, hash, false);
          } else {
            // A string column's cell that is no null token: takeCell's last line, inline.
            builder.starts[row] = position + contentStart;
            builder.codes![row] = builder.dictionary.codeOf(buf, contentStart, p, hash);
          }
        }
      }
      field++;
      c = buf[p];
      if (c === delimiter) {
        p++;
        continue;
      }
      if (c === LF) {
        p++;
        break;
      }
      if (c === CR && buf[p + 1] === LF) {
        p += 2;
        break;
      }
      // A quote inside an unquoted field, a lone carriage return, text after a closing quote.
      throw this.needsLibrary('unexpected byte after a field');
    }
    if (field !== fieldCount) throw this.needsLibrary('too few fields');
    this.rowInBatch++;
    return p;
  }

  /**
   * A cell off the inline path: null token, number (any form parseDecimal reads) or string.
   * `hash` is hashOf(buf, start, end).
   */
  private takeCell(
    builder: ColumnBuilder,
    buf: Uint8Array,
    start: number,
    end: number,
    row: number,
    hash: number,
    quoted: boolean,
  ): void {
    builder.starts[row] = quoted ? -(this.position + start) - 1 : this.position + start;
    if (
      end === start ||
      (this.nullTokenStart[buf[start]] === 1 && isNullToken(buf, start, end, this.nullTokens))
    ) {
      builder.nulls[row] = 1;
      builder.nullCount++;
      // A reused builder holds the last batch's number here; a new one holds 0.
      builder.values[row] = 0;
      if (!builder.numeric) builder.codes![row] = -1;
      return;
    }
    if (builder.numeric) {
      const value = parseDecimal(buf, start, end);
      if (Number.isFinite(value)) {
        builder.values[row] = value;
        builder.textLengthSum += end - start;
        if (buf[start] === 0x30 && (buf[start + 1] - 0x30) >>> 0 < 10 && start + 1 < end)
          builder.leadingZeros = true;
        return;
      }
      this.toCodes(builder, row);
    }
    builder.codes![row] = builder.dictionary.codeOf(buf, start, end, hash);
  }

  /** The column stops being numeric at `row`: its earlier cells become dictionary codes. */
  private toCodes(builder: ColumnBuilder, row: number): void {
    builder.numeric = false;
    builder.codes ??= new Int32Array(builder.rows);
    const { codes, nulls, starts, dictionary } = builder;
    const bytes = this.bytes;
    for (let i = 0; i < row; i++) {
      if (nulls[i] === 1) {
        codes[i] = -1;
        continue;
      }
      bytes.locate(starts[i]);
      const { buffer, from, to } = bytes;
      codes[i] = dictionary.codeOf(buffer, from, to, hashOf(buffer, from, to));
    }
  }

  /** The record at `row` runs past the input so far: takes back its first `fields` fields' counts. */
  private undo(fields: number, row: number): number {
    for (let f = 0; f < fields; f++) {
      const k = this.wantedAt[f];
      if (k !== -1) this.builders[k].undoCell(row, this.bytes);
    }
    return -1;
  }

  /** Field bounds of the record at `start` into fieldStarts/fieldEnds, as scanRecord reads them. */
  private recordBounds(buf: Uint8Array, start: number, limit: number, final: boolean): number {
    const delimiter = this.delimiter;
    let p = start;
    let field = 0;
    for (;;) {
      if (field >= this.fieldCount) throw new CsvNeedsLibrary(0, 'too many fields');
      let contentStart: number;
      let contentEnd: number;
      if (p < limit && buf[p] === QUOTE) {
        const close = buf.indexOf(QUOTE, p + 1);
        if (close === -1 || close >= limit) {
          if (final) throw new CsvNeedsLibrary(0, 'unclosed quote');
          return -1;
        }
        contentStart = p + 1;
        contentEnd = close;
        p = close + 1;
        if (p < limit && buf[p] === QUOTE) throw new CsvNeedsLibrary(0, 'doubled quote');
        if (p === limit && !final) return -1;
      } else {
        contentStart = p;
        while (p < limit) {
          const c = buf[p];
          if (c === delimiter || c === LF) break;
          if (c === QUOTE) throw new CsvNeedsLibrary(0, 'quote inside a field');
          if (c === CR) {
            if (p + 1 < limit && buf[p + 1] === LF) break;
            if (p + 1 === limit && !final) return -1;
            throw new CsvNeedsLibrary(0, 'lone carriage return');
          }
          p++;
        }
        if (p === limit && !final) return -1;
        contentEnd = p;
      }
      this.fieldStarts[field] = contentStart;
      this.fieldEnds[field] = contentEnd;
      field++;
      if (p === limit) break;
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
      throw new CsvNeedsLibrary(0, 'text after a closing quote');
    }
    if (field !== this.fieldCount) throw new CsvNeedsLibrary(0, 'too few fields');
    return p;
  }
}

/**
 * The stream's chunks, the next one requested before the current one is handed out, so a file
 * read (on libuv's thread pool) overlaps the scan of the chunk before it instead of idling it.
 */
async function* readAhead(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void> {
  const chunks = stream[Symbol.asyncIterator]();
  const request = (): Promise<IteratorResult<Uint8Array>> => {
    const next = chunks.next();
    // A read that fails while its chunk is not awaited yet is not an unhandled rejection: the
    // error is thrown where the chunk is awaited.
    next.catch(() => undefined);
    return next;
  };
  let pending: Promise<IteratorResult<Uint8Array>> | null = request();
  try {
    for (;;) {
      const result: IteratorResult<Uint8Array> = await pending;
      pending = null;
      if (result.done === true) return;
      pending = request();
      yield result.value;
    }
  } finally {
    if (pending !== null) {
      // Stopped early: the read in flight settles (its error, if any, is moot) before closing.
      await pending.catch(() => undefined);
      await chunks.return?.(undefined);
    }
  }
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
  if (length > 4)
    return tokens.some((token) => token.length === length && sameBytes(buf, start, token, 0, length));
  for (const token of tokens) {
    if (token.length === length && sameBytes(buf, start, token, 0, length)) return true;
  }
  return false;
}

/** The batch's cells of one column in the cheapest form that reads exactly like `cells`. */
function finishColumn(builder: ColumnBuilder, rows: number, bytes: BatchBytes): ColumnValues {
  const nulls = builder.nullCount === 0 ? null : builder.nulls.subarray(0, rows);
  if (builder.numeric && builder.nullCount < rows) {
    const starts = builder.starts;
    return {
      type: 'parsed-numbers',
      values: builder.values.subarray(0, rows),
      nulls,
      text: (i: number): string => bytes.text(starts[i]),
      textBytes: (i: number, sink: Utf8Sink): void => {
        bytes.locate(starts[i]);
        sink.takeUtf8(bytes.buffer, bytes.from, bytes.to);
      },
      textLengthSum: builder.textLengthSum,
      ...(builder.leadingZeros ? { leadingZeros: true } : {}),
    };
  }
  builder.codes ??= new Int32Array(builder.rows);
  const codes = builder.codes.subarray(0, rows);
  // Every cell null: no codes were written.
  if (builder.numeric) codes.fill(-1);
  const { values: dictionary, plainStrings } = builder.dictionary;
  // Strings by code when no distinct value reads as anything but a string (numbers, booleans,
  // date-times and NaN/infinity words keep their per-cell reading in `cells`).
  if (plainStrings) return { type: 'dictionary', codes, dictionary, nulls, untyped: true };
  const cells: Cell[] = new Array(rows);
  for (let i = 0; i < rows; i++) cells[i] = codes[i] === -1 ? null : dictionary[codes[i]];
  return { type: 'cells', values: cells };
}
