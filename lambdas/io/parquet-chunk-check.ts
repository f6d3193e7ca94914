import type { ColumnMetaData, Compressors, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { CorruptColumnChunk } from './parquet-chunk-errors.ts';
import { implausiblePageSize } from './parquet-compressors.ts';

/** Levels a column's schema path allows: 0 when the column has none. */
export interface ChunkLevels {
  readonly maxRepetition: number;
  readonly maxDefinition: number;
}

/** An RLE run may name a few values more than are left (a writer's rounding), not millions. */
const RUN_OVERSHOOT = 1024;

/**
 * Checks a column chunk before hyparquet decodes it, so damage becomes a CorruptColumnChunk
 * instead of unbounded work: hyparquet sizes arrays by the page headers' counts and repeats an
 * RLE run's count into a plain array (a damaged count of 2^31 grows it to gigabytes). Page
 * sizes must be plausible and inside the chunk, the data pages' value counts must add up to the
 * chunk's, and no RLE run in levels or RLE/dictionary values may name more values than its page
 * holds. Work is per page and per run, never per value; pages are decompressed (bounded by
 * their declared size) only to reach the runs of v1 pages and of RLE-encoded values.
 */
export function checkColumnChunk(
  chunk: Uint8Array,
  meta: ColumnMetaData,
  levels: ChunkLevels,
  compressors: Compressors,
): void {
  const declared = Number(meta.num_values);
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let values = 0;
  while (values < declared) {
    if (reader.offset >= chunk.byteLength) {
      throw new CorruptColumnChunk(`the chunk ends after ${values} of its ${declared} values`);
    }
    const pageStart = reader.offset;
    let header: PageHeader;
    try {
      header = parquetHeader(reader);
    } catch (error) {
      throw new CorruptColumnChunk(`garbled page header at byte ${pageStart} (${(error as Error).message})`);
    }
    const implausible = implausiblePageSize(
      header.uncompressed_page_size,
      header.compressed_page_size,
      meta.codec,
    );
    if (implausible !== null) throw new CorruptColumnChunk(`page at byte ${pageStart}: ${implausible}`);
    const page = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (page.length !== header.compressed_page_size) {
      throw new CorruptColumnChunk(`page at byte ${pageStart} runs past the end of its chunk`);
    }
    const count = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values;
    if (header.type === 'DICTIONARY_PAGE') {
      const entries = header.dictionary_page_header?.num_values ?? -1;
      if (!Number.isSafeInteger(entries) || entries < 0 || entries > header.uncompressed_page_size) {
        throw new CorruptColumnChunk(
          `dictionary page declares ${entries} entries in ${header.uncompressed_page_size} bytes`,
        );
      }
      continue;
    }
    if (count === undefined) continue; // index pages carry no values
    if (!Number.isSafeInteger(count) || count < 0 || values + count > declared) {
      throw new CorruptColumnChunk(
        `page at byte ${pageStart} declares ${count} values with ${declared - values} of the chunk's ${declared} left`,
      );
    }
    values += count;
    checkPageRuns(page, header, count, meta, levels, compressors, pageStart);
  }
}

function checkPageRuns(
  page: Uint8Array,
  header: PageHeader,
  count: number,
  meta: ColumnMetaData,
  levels: ChunkLevels,
  compressors: Compressors,
  pageStart: number,
): void {
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  const where = `page at byte ${pageStart}`;
  let body: Uint8Array;
  let at = 0;
  const encoding = v1?.encoding ?? v2?.encoding;
  if (v1 !== undefined) {
    // Legacy BIT_PACKED levels hold no runs; hyparquet reads them into arrays of the page's count.
    if (levels.maxRepetition + levels.maxDefinition > 0 && v1.definition_level_encoding !== 'RLE') return;
    body = inflate(page, header.uncompressed_page_size, meta, compressors, where);
    for (const max of [levels.maxRepetition, levels.maxDefinition]) {
      if (max === 0) continue;
      at = checkRuns(body, at, bitWidth(max), count, true, where);
    }
  } else if (v2 !== undefined) {
    const repetitionBytes = v2.repetition_levels_byte_length;
    const definitionBytes = v2.definition_levels_byte_length;
    if (
      !Number.isSafeInteger(repetitionBytes) ||
      !Number.isSafeInteger(definitionBytes) ||
      repetitionBytes < 0 ||
      definitionBytes < 0 ||
      repetitionBytes + definitionBytes > page.length
    ) {
      throw new CorruptColumnChunk(`${where}: level sections larger than the page`);
    }
    if (levels.maxRepetition > 0)
      checkRuns(page.subarray(0, repetitionBytes), 0, bitWidth(levels.maxRepetition), count, false, where);
    if (levels.maxDefinition > 0) {
      const section = page.subarray(repetitionBytes, repetitionBytes + definitionBytes);
      checkRuns(section, 0, bitWidth(levels.maxDefinition), count, false, where);
    }
    if (!(encoding === 'RLE' || encoding?.endsWith('_DICTIONARY') === true)) return;
    const rest = page.subarray(repetitionBytes + definitionBytes);
    const size = header.uncompressed_page_size - repetitionBytes - definitionBytes;
    body = v2.is_compressed === false || size <= 0 ? rest : inflate(rest, size, meta, compressors, where);
  } else {
    return;
  }
  if (encoding === 'RLE' && meta.type === 'BOOLEAN') checkRuns(body, at, 1, count, true, where);
  else if (encoding?.endsWith('_DICTIONARY') === true && at < body.length) {
    const width = body[at];
    if (width > 0) checkRuns(body, at + 1, width, count, false, where);
  }
}

/**
 * Walks an RLE / bit-packed hybrid section's run headers (Parquet Encodings: RLE) and returns
 * where it ends; an RLE run naming far more values than the page holds is damage.
 */
function checkRuns(
  bytes: Uint8Array,
  start: number,
  width: number,
  count: number,
  lengthPrefixed: boolean,
  where: string,
): number {
  let p = start;
  let end = bytes.length;
  if (lengthPrefixed) {
    if (p + 4 > bytes.length) throw new CorruptColumnChunk(`${where}: levels cut short`);
    const length = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] * 2 ** 24);
    p += 4;
    if (p + length > bytes.length)
      throw new CorruptColumnChunk(`${where}: a ${length}-byte level section in a shorter page`);
    end = p + length;
  }
  const valueBytes = (width + 7) >> 3;
  let seen = 0;
  while (seen < count && p < end) {
    let header = 0;
    let scale = 1;
    for (;;) {
      if (p >= end) throw new CorruptColumnChunk(`${where}: a run header runs past its section`);
      const b = bytes[p++];
      header += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 128;
      if (scale > 2 ** 35) throw new CorruptColumnChunk(`${where}: a run header is too long`);
    }
    if (header % 2 === 1) {
      const groups = Math.floor(header / 2);
      p += groups * width;
      seen += groups * 8;
    } else {
      const run = Math.floor(header / 2);
      if (run > count - seen + RUN_OVERSHOOT) {
        throw new CorruptColumnChunk(`${where}: an RLE run of ${run} values in a page of ${count}`);
      }
      p += valueBytes;
      seen += run;
    }
  }
  return lengthPrefixed ? end : p;
}

function bitWidth(max: number): number {
  return 32 - Math.clz32(max);
}

function inflate(
  bytes: Uint8Array,
  size: number,
  meta: ColumnMetaData,
  compressors: Compressors,
  where: string,
): Uint8Array {
  try {
    return decompressPage(bytes, size, meta.codec, compressors);
  } catch (error) {
    throw new CorruptColumnChunk(`${where}: cannot be decompressed (${(error as Error).message})`);
  }
}
