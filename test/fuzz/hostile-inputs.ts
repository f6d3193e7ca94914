/**
 * The crafted inputs of the hostile-file findings, each built from a valid file by a stated
 * edit (no stored blobs), plus the valid seeds the fuzz test mutates. Deterministic: every value
 * is a function of the row index.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PageHeader } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { profileToBytes, profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';
import { rewriteParquet } from './parquet-surgery.ts';

export const ROWS = 600;

/** id INT32 (dictionary), score DOUBLE, flag BOOLEAN, name STRING (dictionary); one row group. */
export function validParquet(codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      codec,
      columnData: [
        { name: 'id', data: Int32Array.from({ length: ROWS }, (_, i) => (i * 7) % 11), type: 'INT32' },
        {
          name: 'score',
          data: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i) * 100),
          type: 'DOUBLE',
        },
        { name: 'flag', data: Array.from({ length: ROWS }, (_, i) => i % 3 === 0), type: 'BOOLEAN' },
        { name: 'name', data: Array.from({ length: ROWS }, (_, i) => `c${i % 5}`), type: 'STRING' },
      ],
    }),
  );
}

export function validCsv(rows = ROWS): string {
  const lines = ['id,score,flag,name'];
  for (let i = 0; i < rows; i++)
    lines.push(`${(i * 7) % 11},${(Math.sin(i) * 100).toFixed(6)},${i % 3 === 0},c${i % 5}`);
  return `${lines.join('\n')}\n`;
}

export function validJsonLines(rows = ROWS): string {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(
      JSON.stringify({ id: (i * 7) % 11, score: Math.sin(i) * 100, flag: i % 3 === 0, name: `c${i % 5}` }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The profile of `validCsv`, as the binary container and as version-1 JSON. */
export async function validProfiles(): Promise<{ container: Uint8Array; json: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'dw-profile-'));
  try {
    const path = join(folder, 'valid.csv');
    await writeFile(path, validCsv());
    const profile = await profileSources([new LocalFileSource(path)], {});
    return { container: profileToBytes(profile), json: profileToJson(profile) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const editPage =
  (column: string, type: PageHeader['type'], edit: (header: PageHeader) => void) =>
  (place: { column: string }, header: PageHeader, payload: Uint8Array) => {
    if (place.column === column && header.type === type) edit(header);
    return { header, payload };
  };

/** A data page's `num_values` raised (600 → `to`) on the BOOLEAN column hyparquet decodes. */
export function parquetPageValuesRaised(to: number): Uint8Array {
  return rewriteParquet(validParquet(), {
    page: editPage('flag', 'DATA_PAGE_V2', (header) => {
      header.data_page_header_v2!.num_values = to;
      header.data_page_header_v2!.num_rows = to;
    }),
  });
}

/** The same on the DOUBLE column the typed page decoder reads. */
export function parquetFastPageValuesRaised(to: number): Uint8Array {
  return rewriteParquet(validParquet(), {
    page: editPage('score', 'DATA_PAGE_V2', (header) => {
      header.data_page_header_v2!.num_values = to;
    }),
  });
}

/** Row group 0's `num_rows` (and the file's) set to `rows`. */
export function parquetRowGroupRows(rows: number): Uint8Array {
  return rewriteParquet(validParquet(), {
    footer: (metadata) => {
      metadata.row_groups[0].num_rows = BigInt(rows);
      metadata.num_rows = BigInt(rows);
    },
  });
}

/** Schema element 2 (`score`) without a name. */
export function parquetNamelessSchemaElement(): Uint8Array {
  return rewriteParquet(validParquet(), {
    footer: (metadata) => {
      (metadata.schema[2] as { name?: string }).name = undefined;
    },
  });
}

/** The INT32 column's dictionary page removed: its data pages still hold dictionary codes. */
export function parquetDictionaryRemoved(): Uint8Array {
  return rewriteParquet(validParquet(), {
    page: (place, header, payload) =>
      place.column === 'id' && header.type === 'DICTIONARY_PAGE' ? null : { header, payload },
  });
}

/**
 * The DOUBLE column's page replaced by a ZSTD frame of `blocks` RLE blocks of 128 KiB each and a
 * 128 MiB window (RFC 8878: frame header descriptor 0, window descriptor 0x88, block headers of
 * type RLE), while the header still declares the page's 4,800 bytes.
 */
export function parquetZstdBomb(blocks: number): Uint8Array {
  const frame = new Uint8Array(6 + blocks * 4);
  frame.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x88]);
  for (let b = 0; b < blocks; b++) {
    const last = b === blocks - 1 ? 1 : 0;
    const header = last | (1 << 1) | ((128 * 1024) << 3);
    frame.set([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41], 6 + b * 4);
  }
  return rewriteParquet(validParquet('UNCOMPRESSED'), {
    page: (place, header, payload) => {
      if (place.column !== 'score') return { header, payload };
      // Data page v2: the levels stay uncompressed in front; the values become the frame.
      const v2 = header.data_page_header_v2!;
      const levels = payload.subarray(0, v2.definition_levels_byte_length + v2.repetition_levels_byte_length);
      const bombed = new Uint8Array(levels.length + frame.length);
      bombed.set(levels);
      bombed.set(frame, levels.length);
      header.compressed_page_size = bombed.length;
      return { header, payload: bombed };
    },
    footer: (metadata) => {
      for (const chunk of metadata.row_groups[0].columns) {
        if (chunk.meta_data!.path_in_schema[0] === 'score') chunk.meta_data!.codec = 'ZSTD';
      }
    },
  });
}

/** A `.csv.gz` whose header line is `bytes` long (no line end). */
export function csvGzLongLine(bytes: number): Uint8Array {
  return gzipSync(Buffer.alloc(bytes, 'a'));
}

/** JSON Lines whose single line is `bytes` long (an unterminated string). */
export function jsonLinesLongLine(bytes: number): Uint8Array {
  const line = Buffer.alloc(bytes, 'a');
  line.write('{"a":"', 0);
  return line;
}

/** JSON Lines with a new key on every line. */
export function jsonLinesNewKeyPerLine(lines: number): string {
  return Array.from({ length: lines }, (_, i) => JSON.stringify({ [`k${i}`]: i })).join('\n');
}

/** One JSON Lines row whose value nests `levels` arrays deep. */
export function jsonLinesNested(levels: number): string {
  return `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}\n`;
}

/** A CSV of `columns` columns and `rows` rows of zeros. */
export function csvWide(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  const row = new Array(columns).fill('0').join(',');
  return `${header}\n${`${row}\n`.repeat(rows)}`;
}

/** Gzip of `bytes` zero bytes as a CSV column: a ~1000:1 bomb. */
export function gzipBomb(bytes: number): Uint8Array {
  const body = Buffer.alloc(bytes, '0\n');
  body.write('x\n', 0);
  return gzipSync(body, { level: 9 });
}

/**
 * A saved profile (container) with one edit of its JSON header applied to column `score`'s
 * numbers: the kept values are in a section after the header, so NaN goes in there.
 */
export function profileEdited(
  container: Uint8Array,
  edit: (numbers: Record<string, unknown>) => void,
): Uint8Array {
  const view = new DataView(container.buffer, container.byteOffset, container.byteLength);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(container.subarray(16, 16 + headerLength)));
  const column = header.columns.find((c: { name: string }) => c.name === 'score');
  edit(column.numbers);
  const text = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
  const data = container.subarray(dataStart);
  const newStart = Math.ceil((16 + text.length) / 8) * 8;
  const out = new Uint8Array(newStart + data.length);
  out.set(container.subarray(0, 16));
  new DataView(out.buffer).setUint32(8, text.length, true);
  out.set(text, 16);
  out.fill(0x20, 16 + text.length, newStart);
  out.set(data, newStart);
  return out;
}

/** A container whose `score` kept value number `index` is NaN. */
export function profileWithNaN(container: Uint8Array, index: number): Uint8Array {
  const view = new DataView(container.buffer, container.byteOffset, container.byteLength);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(container.subarray(16, 16 + headerLength)));
  const column = header.columns.find((c: { name: string }) => c.name === 'score');
  const at = Math.ceil((16 + headerLength) / 8) * 8 + column.numbers.values.offset + index * 8;
  const out = container.slice();
  new DataView(out.buffer).setFloat64(at, Number.NaN, true);
  return out;
}
