import { decompress as decompressZstd } from 'fzstd';
import type { Compressors } from 'hyparquet';
import { compressors as libraryCompressors } from 'hyparquet-compressors';

/**
 * Page decompressors whose output is bounded by the page header's declared size. hyparquet-
 * compressors' ZSTD decompresses a whole frame whatever the header says (a 41 KB page became
 * 2.2 GB) and, without an output buffer, moves its whole window per block (a 128 MiB window
 * spun for minutes). Here the frames' headers are read first (`zstdFrames`): a page whose frames
 * cannot add up to its declared size, or could inflate far past it, is corrupt before anything is
 * decoded. The other codecs already write into a buffer of the declared size.
 */
export const boundedCompressors: Compressors = {
  ...libraryCompressors,
  ZSTD: (input: Uint8Array, outputLength: number) => {
    const frames = zstdFrames(input);
    if (typeof frames === 'string') throw new Error(`zstd page: ${frames}`);
    const { most, least, sizes } = frames;
    if (least > outputLength || sizes.some((size) => size !== null && size > outputLength)) {
      throw new Error(`zstd page inflates past its declared size (${outputLength} bytes)`);
    }
    if (most < outputLength) {
      throw new Error(`zstd page holds at most ${most} bytes but the page header declares ${outputLength}`);
    }
    // One frame that states its size (RFC 8878 §3.1.1.1: Frame_Content_Size is exact), as
    // Arrow, Polars and DuckDB write them: decoded straight into a buffer of that size.
    if (sizes.length === 1 && sizes[0] === outputLength)
      return decompressZstd(input, new Uint8Array(outputLength));
    // Frames without a stated size (streaming writers) or several frames: their blocks bound the
    // output (checked above to stay near the declared size), so decoding them whole is bounded.
    if (most > outputLength + ZSTD_SLACK && most > 2 * outputLength) {
      throw new Error(`zstd page could inflate to ${most} bytes; the page header declares ${outputLength}`);
    }
    const output = decompressZstd(input);
    if (output.length !== outputLength) {
      throw new Error(
        `zstd page inflates to ${output.length} bytes but the page header declares ${outputLength}`,
      );
    }
    return output;
  },
};

/** Slack over the declared size a frame's block bound may leave (one block). */
const ZSTD_SLACK = 128 * 1024;

/**
 * The frames of a zstd page read from their headers alone (RFC 8878 §3.1): each frame's stated
 * content size (null when absent), and bounds on the whole output — raw and RLE blocks give their
 * size, a compressed block at most Block_Maximum_Size (min(window, 128 KiB)). A string says why the
 * bytes are not zstd frames. O(blocks), no decoding.
 */
function zstdFrames(input: Uint8Array): { most: number; least: number; sizes: (number | null)[] } | string {
  let at = 0;
  let most = 0;
  let least = 0;
  const sizes: (number | null)[] = [];
  while (at < input.length) {
    const skippable =
      at + 8 <= input.length &&
      input[at] >> 4 === 5 &&
      input[at + 1] === 0x2a &&
      input[at + 2] === 0x4d &&
      input[at + 3] === 0x18;
    if (skippable) {
      // A skippable frame: magic 0x184D2A5?, then its size.
      at += 8 + (input[at + 4] | (input[at + 5] << 8) | (input[at + 6] << 16)) + input[at + 7] * 2 ** 24;
      continue;
    }
    if (
      at + 6 > input.length ||
      input[at] !== 0x28 ||
      input[at + 1] !== 0xb5 ||
      input[at + 2] !== 0x2f ||
      input[at + 3] !== 0xfd
    )
      return `no zstd frame at byte ${at}`;
    const descriptor = input[at + 4];
    const singleSegment = (descriptor >> 5) & 1;
    const checksum = (descriptor >> 2) & 1;
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
    const fcsFlag = descriptor >> 6;
    const sizeBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    let p = at + 5;
    let window = 0;
    if (!singleSegment) {
      const w = input[p++];
      const base = 2 ** (10 + (w >> 3));
      window = base + (base / 8) * (w & 7);
    }
    p += dictionaryBytes;
    let size: number | null = null;
    if (sizeBytes > 0) {
      if (p + sizeBytes > input.length) return 'truncated frame header';
      size = 0;
      for (let i = 0; i < sizeBytes; i++) size += input[p + i] * 2 ** (8 * i);
      if (sizeBytes === 2) size += 256;
      p += sizeBytes;
    }
    if (singleSegment) window = size ?? 0;
    const blockMaximum = Math.min(window, 128 * 1024);
    let frameMost = 0;
    let frameLeast = 0;
    for (;;) {
      if (p + 3 > input.length) return 'truncated block header';
      const header = input[p] | (input[p + 1] << 8) | (input[p + 2] << 16);
      p += 3;
      const last = header & 1;
      const type = (header >> 1) & 3;
      const blockSize = header >>> 3;
      if (type === 3) return 'reserved block type';
      if (type === 0 || type === 1) {
        frameMost += blockSize;
        frameLeast += blockSize;
        p += type === 0 ? blockSize : 1;
      } else {
        frameMost += blockMaximum;
        p += blockSize;
      }
      if (last) break;
    }
    p += checksum ? 4 : 0;
    if (p > input.length) return 'truncated frame';
    most += size ?? frameMost;
    least += size ?? frameLeast;
    sizes.push(size);
    at = p;
  }
  return { most, least, sizes };
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
