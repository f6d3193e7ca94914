import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompress } from 'fzstd';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { describe, expect, it } from 'vitest';
import { boundedCompressors } from '../../lambdas/io/parquet-compressors.ts';

/** Every ZSTD page payload of a Parquet file (the values part of a v2 page), with its declared size. */
function zstdPages(path: string): { payload: Uint8Array; declared: number }[] {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const pages: { payload: Uint8Array; declared: number }[] = [];
  for (const group of parquetMetadata(buffer).row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta?.codec !== 'ZSTD') continue;
      const reader = {
        view: new DataView(buffer),
        offset: Number(meta.dictionary_page_offset ?? meta.data_page_offset),
      };
      const end = reader.offset + Number(meta.total_compressed_size);
      // The first pages of each column: dictionary and data pages, v1 as Polars writes them.
      for (let page = 0; reader.offset < end && page < 4; page++) {
        const header = parquetHeader(reader);
        const v2 = header.data_page_header_v2;
        const levels = v2 ? v2.definition_levels_byte_length + v2.repetition_levels_byte_length : 0;
        pages.push({
          payload: new Uint8Array(buffer, reader.offset + levels, header.compressed_page_size - levels),
          declared: header.uncompressed_page_size - levels,
        });
        reader.offset += header.compressed_page_size;
      }
    }
  }
  return pages;
}

describe('bounded ZSTD page decompression', () => {
  it("decodes the first pages of each column of a Polars-written file as the library does (vega-datasets' flights-3m.parquet)", () => {
    const path = join(
      import.meta.dirname,
      '..',
      '..',
      'node_modules',
      'vega-datasets',
      'data',
      'flights-3m.parquet',
    );
    const pages = zstdPages(path);
    expect(pages.length).toBeGreaterThan(5);
    for (const { payload, declared } of pages) {
      const bounded = boundedCompressors.ZSTD?.(payload, declared) ?? new Uint8Array();
      // Compared as buffers: an element-wise deep equal of every page is slow.
      expect(Buffer.from(bounded).equals(Buffer.from(decompress(payload)))).toBe(true);
    }
  });
});

/**
 * A zstd frame as a streaming writer leaves it (RFC 8878 §3.1.1): no Frame_Content_Size, not single
 * segment (window descriptor `windowByte`), then raw blocks holding `body`, 1,000 bytes each.
 */
function streamedFrame(body: Uint8Array, windowByte = 0x08): Uint8Array {
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, windowByte];
  for (let at = 0; at < body.length; at += 1000) {
    const size = Math.min(1000, body.length - at);
    const header = (at + size >= body.length ? 1 : 0) | (0 << 1) | (size << 3);
    parts.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, ...body.subarray(at, at + size));
  }
  return Uint8Array.from(parts);
}

describe('ZSTD frames without a content size', () => {
  const body = Uint8Array.from({ length: 4800 }, (_, i) => (i * 31) % 251);

  it('decodes a streamed frame whose blocks add up to the declared size', () => {
    const output = boundedCompressors.ZSTD?.(streamedFrame(body), 4800) ?? new Uint8Array();
    expect(Buffer.from(output).equals(Buffer.from(body))).toBe(true);
  });

  it('refuses a frame whose blocks hold more or less than the page declares, before decoding', () => {
    expect(() => boundedCompressors.ZSTD?.(streamedFrame(body), 4000)).toThrow(
      /zstd page inflates past its declared size \(4000 bytes\)/,
    );
    expect(() => boundedCompressors.ZSTD?.(streamedFrame(body), 6000)).toThrow(
      /zstd page holds at most 4800 bytes but the page header declares 6000/,
    );
  });

  it('refuses bytes that are not zstd frames, naming where', () => {
    expect(() => boundedCompressors.ZSTD?.(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]), 10)).toThrow(
      /zstd page: no zstd frame at byte 0/,
    );
    const truncated = streamedFrame(body).subarray(0, 2000);
    expect(() => boundedCompressors.ZSTD?.(truncated, 4800)).toThrow(/zstd page: truncated/);
  });
});
