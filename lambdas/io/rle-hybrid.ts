import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { CorruptColumnChunk } from './parquet-chunk-errors.ts';

/** Bit widths the 32-bit accumulator below holds with a byte to spare. */
const MAX_FAST_WIDTH = 24;

/**
 * Parquet's RLE / bit-packed hybrid (definition levels, dictionary codes) into `output`, as
 * hyparquet's `readRleBitPackedHybrid` reads it and with the same reader contract (`length`
 * undefined: a 4-byte length first; the reader ends after the encoded data). hyparquet's reader
 * takes each bit through a DataView and a branch per value; here bit-packed runs go through a
 * 32-bit accumulator, and one-bit levels (every OPTIONAL column) eight to a byte, with no branch per
 * value (bench/check-bench.ts, section `pair`, Parquet). Widths over 24 bits are left to hyparquet. Data that overruns its bytes
 * is a CorruptColumnChunk: hyparquet would fail on it too, but only after repeating a damaged
 * run header's count (up to 2^31) value by value.
 */
export function readHybrid(
  reader: { view: DataView; offset: number },
  width: number,
  output: Uint8Array | Int32Array,
  length?: number,
): void {
  const start = reader.offset;
  if (width > MAX_FAST_WIDTH) {
    readRleBitPackedHybrid(reader, width, output, length);
    return;
  }
  if (!readFast(reader, width, output, length)) {
    reader.offset = start;
    throw new CorruptColumnChunk(`RLE/bit-packed data at byte ${start} runs past its end`);
  }
}

function readFast(
  reader: { view: DataView; offset: number },
  width: number,
  output: Uint8Array | Int32Array,
  lengthGiven: number | undefined,
): boolean {
  const { view } = reader;
  let p = reader.offset;
  let length = lengthGiven;
  if (length === undefined) {
    if (p + 4 > view.byteLength) return false;
    length = view.getUint32(p, true);
    p += 4;
  }
  const dataStart = p;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const end = bytes.length;
  const n = output.length;
  const mask = width === 0 ? 0 : 2 ** width - 1;
  const valueBytes = (width + 7) >> 3;
  let seen = 0;
  while (seen < n) {
    // ULEB128 run header (hyparquet thrift.js readVarInt).
    let header = 0;
    let scale = 1;
    for (;;) {
      if (p >= end) return false;
      const b = bytes[p++];
      header += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 128;
      if (scale > 2 ** 35) return false;
    }
    if (header % 2 === 1) {
      const groups = Math.floor(header / 2);
      const runBytes = groups * width;
      if (p + runBytes > end) return false;
      const values = Math.min(groups * 8, n - seen);
      if (width === 1) {
        for (let k = 0; k < values; k++) output[seen + k] = (bytes[p + (k >> 3)] >> (k & 7)) & 1;
      } else if (width <= 8) {
        // A value spans at most two bytes (a read past the array's end gives 0, masked away).
        for (let k = 0, bit = 0; k < values; k++, bit += width) {
          const at = p + (bit >> 3);
          output[seen + k] = ((bytes[at] | (bytes[at + 1] << 8)) >> (bit & 7)) & mask;
        }
      } else {
        let q = p;
        let acc = 0;
        let bits = 0;
        for (let k = 0; k < values; k++) {
          while (bits < width) {
            acc |= bytes[q++] << bits;
            bits += 8;
          }
          output[seen + k] = acc & mask;
          acc >>>= width;
          bits -= width;
        }
      }
      p += runBytes;
      seen += values;
    } else {
      const count = Math.min(Math.floor(header / 2), n - seen);
      if (p + valueBytes > end) return false;
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[p + i] * 2 ** (8 * i);
      p += valueBytes;
      output.fill(value, seen, seen + count);
      seen += count;
    }
  }
  // DuckDB writes an empty block after the data: the length, not the runs, says where it ends.
  reader.offset = dataStart + length;
  return true;
}
