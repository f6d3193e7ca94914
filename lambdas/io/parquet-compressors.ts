import { decompress as decompressZstd } from 'fzstd';
import type { Compressors } from 'hyparquet';
import { compressors as libraryCompressors } from 'hyparquet-compressors';

/**
 * Page decompressors whose output is bounded by the page header's declared size. hyparquet-
 * compressors' ZSTD decompresses a whole frame whatever the header says (a 41 KB page became
 * 2.2 GB) and, without an output buffer, moves its whole window per block (a 128 MiB window
 * spun for minutes); given the declared buffer, fzstd writes into it and allocates no window.
 * The other codecs already write into a buffer of the declared size.
 */
export const boundedCompressors: Compressors = {
  ...libraryCompressors,
  ZSTD: (input: Uint8Array, outputLength: number) => {
    const declared = zstdContentSize(input);
    // RFC 8878 §3.1.1.1: Frame_Content_Size, when present, is the frame's exact decompressed size.
    if (declared !== null && declared !== outputLength) {
      throw new Error(`zstd frame holds ${declared} bytes but the page header declares ${outputLength}`);
    }
    // Two guard bytes past the declared size: fzstd clamps writes past its buffer silently, so
    // a frame that runs on shows in them (an RLE run writes one byte value into both).
    const output = new Uint8Array(outputLength + 2);
    output[outputLength + 1] = 0xff;
    const result = decompressZstd(input, output);
    if (result !== output || output[outputLength] !== 0 || output[outputLength + 1] !== 0xff) {
      throw new Error('zstd page inflates past its declared size');
    }
    return output.subarray(0, outputLength);
  },
};

/** The Frame_Content_Size of the first zstd frame (RFC 8878 §3.1.1), or null when absent. */
function zstdContentSize(input: Uint8Array): number | null {
  if (input.length < 6 || input[0] !== 0x28 || input[1] !== 0xb5 || input[2] !== 0x2f || input[3] !== 0xfd)
    return null;
  const descriptor = input[4];
  const singleSegment = (descriptor >> 5) & 1;
  const fcsFlag = descriptor >> 6;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
  const sizeBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  if (sizeBytes === 0) return null;
  let at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
  if (at + sizeBytes > input.length) return null;
  let size = 0;
  for (let i = 0; i < sizeBytes; i++) size += input[at++] * 2 ** (8 * i);
  return sizeBytes === 2 ? size + 256 : size;
}

/**
 * Uncompressed bytes a page may declare per compressed byte once past `PAGE_INFLATION_FLOOR`:
 * DEFLATE's format bound is 1032:1 (zlib tech notes), and a real Parquet writer's page that
 * compresses further is already encoded as runs before compression.
 */
const MAX_PAGE_INFLATION = 1100;
/** Pages up to this size are taken at their word (writers default to 1 MiB pages). */
const PAGE_INFLATION_FLOOR = 64 * 1024 * 1024;

/** Why a page's declared uncompressed size cannot be true, or null. O(1). */
export function implausiblePageSize(uncompressed: number, compressed: number, codec: string): string | null {
  if (!Number.isSafeInteger(uncompressed) || uncompressed < 0)
    return `uncompressed page size ${uncompressed} is not a size`;
  if (!Number.isSafeInteger(compressed) || compressed < 0)
    return `compressed page size ${compressed} is not a size`;
  if (codec === 'UNCOMPRESSED') return null;
  if (uncompressed > PAGE_INFLATION_FLOOR && uncompressed > compressed * MAX_PAGE_INFLATION) {
    return `a ${compressed}-byte page declares ${uncompressed} bytes uncompressed (more than ${MAX_PAGE_INFLATION}:1)`;
  }
  return null;
}
