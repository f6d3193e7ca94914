import type { ColumnMetaData, Compressors, FileMetaData, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import type { ColumnValues } from '../core/columns.ts';
import { CorruptColumnChunk, UnsupportedByFastPath } from './parquet-chunk-errors.ts';
import { implausiblePageSize } from './parquet-compressors.ts';
import { readHybrid } from './rle-hybrid.ts';

type SchemaElement = FileMetaData['schema'][number];

/**
 * How a flat primitive column's physical values become numbers, matching the library path's
 * conversions (hyparquet convert.js with the reader's NUMERIC_PARSERS) bit for bit.
 */
export type FastColumnKind =
  | 'double' // DOUBLE
  | 'float' // FLOAT, widened to double
  | 'int32' // INT32 (INT_8/16/32 or unannotated)
  | 'date' // INT32 DATE: days → epoch ms
  | 'int64' // INT64 (INT_64 or unannotated): Number(bigint) rounding
  | 'timestamp-millis' // INT64 TIMESTAMP(MILLIS)
  | 'timestamp-micros' // INT64 TIMESTAMP(MICROS): Number(micros) / 1000
  | 'string'; // BYTE_ARRAY (UTF8, STRING, ENUM or unannotated), UTF-8 decoded

/**
 * Which fast kind a top-level leaf column is, or null when only the library path reads it
 * (decimals, unsigned and 16-bit float types, INT96, nanosecond timestamps, booleans,
 * fixed-length byte arrays, JSON/BSON/UUID/geo annotations, repeated fields).
 */
export function fastColumnKind(element: SchemaElement): FastColumnKind | null {
  if (element.repetition_type === 'REPEATED') return null;
  const converted = element.converted_type;
  const logical = element.logical_type;
  switch (element.type) {
    case 'DOUBLE':
      return converted === undefined && logical === undefined ? 'double' : null;
    case 'FLOAT':
      return converted === undefined && logical === undefined ? 'float' : null;
    case 'INT32':
      if (converted === 'DATE' || logical?.type === 'DATE') {
        return converted === undefined || converted === 'DATE' ? 'date' : null;
      }
      if (
        converted !== undefined &&
        converted !== 'INT_8' &&
        converted !== 'INT_16' &&
        converted !== 'INT_32'
      )
        return null;
      if (logical !== undefined && !(logical.type === 'INTEGER' && logical.isSigned)) return null;
      return 'int32';
    case 'INT64': {
      // hyparquet checks converted TIMESTAMP_* first, then the logical type's unit.
      if (converted === 'TIMESTAMP_MILLIS') return 'timestamp-millis';
      if (converted === 'TIMESTAMP_MICROS') return 'timestamp-micros';
      if (logical?.type === 'TIMESTAMP') {
        if (converted !== undefined) return null;
        if (logical.unit === 'MILLIS') return 'timestamp-millis';
        if (logical.unit === 'MICROS') return 'timestamp-micros';
        return null;
      }
      if (converted !== undefined && converted !== 'INT_64') return null;
      if (logical !== undefined && !(logical.type === 'INTEGER' && logical.isSigned)) return null;
      return 'int64';
    }
    case 'BYTE_ARRAY': {
      const textual = converted === undefined || converted === 'UTF8' || converted === 'ENUM';
      const textualLogical = logical === undefined || logical.type === 'STRING' || logical.type === 'ENUM';
      return textual && textualLogical ? 'string' : null;
    }
    default:
      return null;
  }
}

/** Scratch reused across pages and chunks: first touch of new memory is slow (FIELD-NOTES). */
class Scratch {
  levels = new Uint8Array(0);
  codes = new Int32Array(0);
  words = new Float64Array(0);
  dense = new Float64Array(0);

  denseBuffer(n: number): Float64Array {
    if (this.dense.length < n) this.dense = new Float64Array(n);
    return this.dense.subarray(0, n);
  }

  levelBuffer(n: number): Uint8Array {
    if (this.levels.length < n) this.levels = new Uint8Array(n);
    return this.levels.subarray(0, n);
  }

  codeBuffer(n: number): Int32Array {
    if (this.codes.length < n) this.codes = new Int32Array(n);
    return this.codes.subarray(0, n);
  }

  /** An 8-byte aligned copy of `bytes` (page payloads are not aligned). */
  aligned(bytes: Uint8Array): ArrayBuffer {
    const words = Math.ceil(bytes.length / 8);
    if (this.words.length < words) this.words = new Float64Array(Math.max(words, 1024));
    new Uint8Array(this.words.buffer, 0, bytes.length).set(bytes);
    return this.words.buffer as ArrayBuffer;
  }
}

const scratch = new Scratch();

/**
 * One column's output arrays, reused from one row group to the next by a reader whose consumer
 * is done with a batch before it asks for the next (the profiler): each call hands back the
 * first `n` entries zeroed, exactly as new arrays would be, without new memory per row group.
 */
export class ChunkOutputs {
  private nullBuffer = new Uint8Array(0);
  private valueBuffer = new Float64Array(0);
  private codeBuffer = new Int32Array(0);

  nulls(n: number): Uint8Array {
    if (this.nullBuffer.length < n) this.nullBuffer = new Uint8Array(n);
    else this.nullBuffer.fill(0, 0, n);
    return this.nullBuffer.subarray(0, n);
  }

  values(n: number): Float64Array {
    if (this.valueBuffer.length < n) this.valueBuffer = new Float64Array(n);
    else this.valueBuffer.fill(0, 0, n);
    return this.valueBuffer.subarray(0, n);
  }

  codes(n: number): Int32Array {
    if (this.codeBuffer.length < n) this.codeBuffer = new Int32Array(n);
    else this.codeBuffer.fill(0, 0, n);
    return this.codeBuffer.subarray(0, n);
  }
}
const utf8 = new TextDecoder();
const TWO_POW_32 = 4294967296;

interface Sink {
  /** Next row to fill. */
  row: number;
  readonly nulls: Uint8Array;
  nullCount: number;
}

interface NumberSink extends Sink {
  readonly values: Float64Array;
  dictionary: Float64Array | null;
}

interface StringSink extends Sink {
  readonly codes: Int32Array;
  /** Dictionary page strings, then one entry per PLAIN-encoded value. */
  readonly dictionary: string[];
  /** Entries of `dictionary` that came from the dictionary page (codes in data pages index these). */
  dictionarySize: number;
}

/**
 * Decodes one column chunk of a flat primitive column straight into typed arrays: numbers into
 * a Float64Array with a null mask, strings into dictionary codes plus the dictionary. Handles
 * PLAIN and RLE_DICTIONARY/PLAIN_DICTIONARY data, definition levels of OPTIONAL columns, data
 * pages v1 and v2 and every codec hyparquet-compressors has. Page headers are parsed and pages
 * decompressed with hyparquet's own functions.
 *
 * @param chunk the column chunk's bytes, from its first page to its end
 * @throws UnsupportedByFastPath on any encoding or page kind it does not handle
 * @throws CorruptColumnChunk when sizes, counts or runs contradict the bytes; every count is
 *   checked against the bytes present (or the row group's rows) before anything is allocated
 */
export function decodeColumnChunk(
  chunk: Uint8Array,
  meta: ColumnMetaData,
  kind: FastColumnKind,
  optional: boolean,
  rowCount: number,
  compressors: Compressors,
  outputs?: ChunkOutputs,
): ColumnValues {
  const nulls = outputs ? outputs.nulls(rowCount) : new Uint8Array(rowCount);
  const numberSink: NumberSink | null =
    kind === 'string'
      ? null
      : {
          row: 0,
          nulls,
          nullCount: 0,
          values: outputs ? outputs.values(rowCount) : new Float64Array(rowCount),
          dictionary: null,
        };
  const stringSink: StringSink | null =
    kind === 'string'
      ? {
          row: 0,
          nulls,
          nullCount: 0,
          codes: outputs ? outputs.codes(rowCount) : new Int32Array(rowCount),
          dictionary: [],
          dictionarySize: 0,
        }
      : null;
  const sink: Sink = numberSink ?? stringSink!;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let dictionaryRead = false;
  while (sink.row < rowCount) {
    if (reader.offset >= chunk.byteLength) {
      throw new CorruptColumnChunk(`the chunk ends after ${sink.row} of ${rowCount} rows`);
    }
    const pageStart = reader.offset;
    const header: PageHeader = readPageHeader(reader);
    const implausible = implausiblePageSize(
      header.uncompressed_page_size,
      header.compressed_page_size,
      meta.codec,
    );
    if (implausible !== null) throw new CorruptColumnChunk(`page at byte ${pageStart}: ${implausible}`);
    const pageBytes = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (pageBytes.length !== header.compressed_page_size) {
      throw new CorruptColumnChunk(
        `page at byte ${pageStart} declares ${header.compressed_page_size} bytes but the chunk has ${pageBytes.length} left`,
      );
    }
    if (header.type === 'DICTIONARY_PAGE') {
      const dictionaryHeader = header.dictionary_page_header;
      if (dictionaryRead || dictionaryHeader === undefined)
        throw new CorruptColumnChunk('a second dictionary page');
      dictionaryRead = true;
      const count = dictionaryHeader.num_values;
      // PLAIN: four bytes at least per entry (a length, or the narrowest number).
      if (!Number.isSafeInteger(count) || count < 0 || count * 4 > header.uncompressed_page_size) {
        throw new CorruptColumnChunk(
          `dictionary page declares ${count} entries in ${header.uncompressed_page_size} bytes`,
        );
      }
      const page = decompress(pageBytes, header.uncompressed_page_size, meta.codec, compressors);
      if (stringSink !== null) {
        readPlainStrings(page, 0, count, stringSink.dictionary);
        stringSink.dictionarySize = stringSink.dictionary.length;
      } else {
        const dictionary = new Float64Array(count);
        readPlainNumbers(page, 0, count, kind, dictionary, null, 0);
        numberSink!.dictionary = dictionary;
      }
      continue;
    }
    if (header.type === 'DATA_PAGE') {
      const pageHeader = header.data_page_header;
      if (pageHeader === undefined) throw new CorruptColumnChunk('a data page without its header');
      const count = checkedCount(pageHeader.num_values, sink, rowCount);
      const page = decompress(pageBytes, header.uncompressed_page_size, meta.codec, compressors);
      let offset = 0;
      let levels: Uint8Array | null = null;
      if (optional) {
        if (pageHeader.definition_level_encoding !== 'RLE')
          throw new UnsupportedByFastPath('BIT_PACKED levels');
        levels = scratch.levelBuffer(count);
        const levelReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
        readHybrid(levelReader, 1, levels);
        offset = levelReader.offset;
      }
      decodeValues(page, offset, count, levels, pageHeader.encoding, kind, numberSink, stringSink, sink);
      continue;
    }
    if (header.type === 'DATA_PAGE_V2') {
      const v2 = header.data_page_header_v2;
      if (v2 === undefined) throw new CorruptColumnChunk('a data page v2 without its header');
      if (v2.repetition_levels_byte_length !== 0) throw new UnsupportedByFastPath('repetition levels');
      const count = checkedCount(v2.num_values, sink, rowCount);
      let levels: Uint8Array | null = null;
      const levelBytes = v2.definition_levels_byte_length;
      if (!Number.isSafeInteger(levelBytes) || levelBytes < 0 || levelBytes > pageBytes.length) {
        throw new CorruptColumnChunk(
          `definition levels of ${levelBytes} bytes in a ${pageBytes.length}-byte page`,
        );
      }
      if (optional) {
        levels = scratch.levelBuffer(count);
        const levelReader = {
          view: new DataView(pageBytes.buffer, pageBytes.byteOffset, levelBytes),
          offset: 0,
        };
        readHybrid(levelReader, 1, levels, levelBytes);
      }
      const uncompressedSize = header.uncompressed_page_size - levelBytes;
      let page = pageBytes.subarray(levelBytes);
      // A page with no values may have zero compressed bytes (hyparquet readDataPageV2 does the same).
      if (v2.is_compressed !== false && uncompressedSize > 0) {
        page = decompress(page, uncompressedSize, meta.codec, compressors);
      }
      decodeValues(page, 0, count, levels, v2.encoding, kind, numberSink, stringSink, sink);
      continue;
    }
    // Index pages and unknown page types carry no rows of ours.
    throw new UnsupportedByFastPath(`page type ${header.type}`);
  }
  if (sink.row !== rowCount) throw new CorruptColumnChunk('more values than the row group declares');
  const nullMask = sink.nullCount === 0 ? null : nulls;
  if (numberSink !== null) return { type: 'number', values: numberSink.values, nulls: nullMask };
  return {
    type: 'dictionary',
    codes: stringSink!.codes,
    dictionary: stringSink!.dictionary,
    nulls: nullMask,
  };
}

function decodeValues(
  page: Uint8Array,
  offset: number,
  count: number,
  levels: Uint8Array | null,
  encoding: string,
  kind: FastColumnKind,
  numberSink: NumberSink | null,
  stringSink: StringSink | null,
  sink: Sink,
): void {
  if (sink.row + count > sink.nulls.length) throw new CorruptColumnChunk('a page overruns the row group');
  let present = count;
  if (levels !== null) {
    present = 0;
    for (let i = 0; i < count; i++) present += levels[i];
    const start = sink.row;
    if (present < count) {
      for (let i = 0; i < count; i++) sink.nulls[start + i] = 1 - levels[i];
      sink.nullCount += count - present;
    }
  }
  const nullsHere = present < count ? levels : null;
  if (encoding === 'PLAIN') {
    if (numberSink !== null)
      readPlainNumbers(page, offset, present, kind, numberSink.values, nullsHere, sink.row);
    else readPlainStringsInto(page, offset, present, stringSink!, nullsHere);
  } else if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY') {
    const bitWidth = page[offset];
    const codes = scratch.codeBuffer(present);
    if (bitWidth === 0) codes.fill(0);
    else {
      const reader = {
        view: new DataView(page.buffer, page.byteOffset, page.byteLength),
        offset: offset + 1,
      };
      readHybrid(reader, bitWidth, codes, page.byteLength - offset - 1);
    }
    if (numberSink !== null) scatterNumberCodes(codes, numberSink, nullsHere, count);
    else scatterStringCodes(codes, stringSink!, nullsHere, count);
  } else {
    throw new UnsupportedByFastPath(`encoding ${encoding}`);
  }
  sink.row += count;
}

function scatterNumberCodes(
  codes: Int32Array,
  sink: NumberSink,
  levels: Uint8Array | null,
  count: number,
): void {
  const dictionary = sink.dictionary;
  if (dictionary === null) throw new CorruptColumnChunk('dictionary-encoded values but no dictionary page');
  const values = sink.values;
  const size = dictionary.length;
  let k = 0;
  for (let i = 0, row = sink.row; i < count; i++, row++) {
    if (levels !== null && levels[i] === 0) continue;
    const code = codes[k++];
    if (code >= size || code < 0) throw new CorruptColumnChunk(`dictionary index ${code} out of range`);
    values[row] = dictionary[code];
  }
}

function scatterStringCodes(
  codes: Int32Array,
  sink: StringSink,
  levels: Uint8Array | null,
  count: number,
): void {
  if (sink.dictionarySize === 0 && codes.length > 0)
    throw new CorruptColumnChunk('dictionary-encoded values but no dictionary page');
  const out = sink.codes;
  const size = sink.dictionarySize;
  let k = 0;
  for (let i = 0, row = sink.row; i < count; i++, row++) {
    if (levels !== null && levels[i] === 0) {
      out[row] = -1;
      continue;
    }
    const code = codes[k++];
    if (code >= size || code < 0) throw new CorruptColumnChunk(`dictionary index ${code} out of range`);
    out[row] = code;
  }
}

/**
 * `count` PLAIN numbers from `page` at `offset` into `out` from `row` on, skipping rows whose
 * definition level is 0 when `levels` is given.
 */
function readPlainNumbers(
  page: Uint8Array,
  offset: number,
  count: number,
  kind: FastColumnKind,
  out: Float64Array,
  levels: Uint8Array | null,
  row: number,
): void {
  const width = kind === 'double' || kind.startsWith('int64') || kind.startsWith('timestamp') ? 8 : 4;
  const bytes = page.subarray(offset, offset + count * width);
  if (bytes.length < count * width) throw new CorruptColumnChunk('a page shorter than its values');
  if (kind === 'double' && levels === null) {
    // Straight copy of the little-endian doubles: no per-value work at all.
    new Uint8Array(out.buffer, out.byteOffset + row * 8, count * 8).set(bytes);
    return;
  }
  const dense = denseNumbers(bytes, count, kind);
  if (levels === null) {
    out.set(dense, row);
    return;
  }
  for (let i = 0, k = 0; k < count; i++, row++) {
    if (levels[i] === 1) out[row] = dense[k++];
  }
}

/**
 * PLAIN values converted to doubles, in a reused scratch array — or, for doubles, a view of the
 * values where they lie (in the page when it holds them 8-byte aligned, else in the aligned copy):
 * valid until the next call, which is all the caller needs.
 */
function denseNumbers(bytes: Uint8Array, count: number, kind: FastColumnKind): Float64Array {
  if (kind === 'double' && bytes.byteOffset % 8 === 0)
    return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  const buffer = scratch.aligned(bytes);
  const dense = scratch.denseBuffer(count);
  switch (kind) {
    case 'double':
      return new Float64Array(buffer, 0, count);
    case 'float':
      dense.set(new Float32Array(buffer, 0, count));
      return dense;
    case 'int32':
      dense.set(new Int32Array(buffer, 0, count));
      return dense;
    case 'date': {
      // The reader's NUMERIC_PARSERS dateFromDays: days * 86_400_000.
      const words = new Int32Array(buffer, 0, count);
      for (let j = 0; j < count; j++) dense[j] = words[j] * 86_400_000;
      return dense;
    }
    case 'int64':
    case 'timestamp-millis':
    case 'timestamp-micros': {
      const words = new Int32Array(buffer, 0, count * 2);
      // hi · 2^32 is exact and the one addition rounds to nearest: the same double as Number(bigint).
      for (let j = 0; j < count; j++) dense[j] = words[2 * j + 1] * TWO_POW_32 + (words[2 * j] >>> 0);
      // NUMERIC_PARSERS timestampFromMicroseconds: Number(micros) / 1000.
      if (kind === 'timestamp-micros') for (let j = 0; j < count; j++) dense[j] /= 1000;
      return dense;
    }
    case 'string':
      throw new UnsupportedByFastPath('strings are not numbers');
  }
}

function readPlainStrings(page: Uint8Array, offset: number, count: number, out: string[]): number {
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 4 > page.length) throw new CorruptColumnChunk('a page shorter than its values');
    const length = page[at] | (page[at + 1] << 8) | (page[at + 2] << 16) | (page[at + 3] << 24);
    at += 4;
    if (length < 0 || at + length > page.length) throw new CorruptColumnChunk('a string overruns its page');
    out.push(utf8.decode(page.subarray(at, at + length)));
    at += length;
  }
  return at;
}

/** PLAIN strings in a data page (a writer's fallback after its dictionary grew too big): each becomes a new entry. */
function readPlainStringsInto(
  page: Uint8Array,
  offset: number,
  present: number,
  sink: StringSink,
  levels: Uint8Array | null,
): void {
  const first = sink.dictionary.length;
  readPlainStrings(page, offset, present, sink.dictionary);
  let code = first;
  const count = levels === null ? present : levels.length;
  for (let i = 0, row = sink.row; i < count; i++, row++) {
    sink.codes[row] = levels !== null && levels[i] === 0 ? -1 : code++;
  }
}

/** A data page's value count, checked against the rows left before anything is sized by it. */
function checkedCount(count: number, sink: Sink, rowCount: number): number {
  if (!Number.isSafeInteger(count) || count < 0 || sink.row + count > rowCount) {
    throw new CorruptColumnChunk(
      `a data page declares ${count} values with ${rowCount - sink.row} of the row group's ${rowCount} rows left`,
    );
  }
  return count;
}

function readPageHeader(reader: { view: DataView; offset: number }): PageHeader {
  try {
    return parquetHeader(reader);
  } catch (error) {
    throw new CorruptColumnChunk(`garbled page header (${(error as Error).message})`, { cause: error });
  }
}

function decompress(
  bytes: Uint8Array,
  size: number,
  codec: ColumnMetaData['codec'],
  compressors: Compressors,
): Uint8Array {
  try {
    return decompressPage(bytes, size, codec, compressors);
  } catch (error) {
    throw new CorruptColumnChunk(`a ${codec} page cannot be decompressed (${(error as Error).message})`, {
      cause: error,
    });
  }
}
