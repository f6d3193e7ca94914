import { type FileMetaData, type PageHeader, parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader as writePageHeaderOfWriter } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata as writeMetadataOfWriter } from 'hyparquet-writer/src/metadata.js';

// hyparquet-writer carries its own (older) hyparquet types; the thrift shapes are the same.
const writePageHeader = writePageHeaderOfWriter as unknown as (
  writer: ByteWriter,
  header: PageHeader,
) => void;
const writeMetadata = writeMetadataOfWriter as unknown as (
  writer: ByteWriter,
  metadata: FileMetaData,
) => void;

/** Where a page sits: its column chunk (row group, column) and its place in the chunk. */
export interface PagePlace {
  readonly rowGroup: number;
  readonly column: string;
  readonly page: number;
}

export interface Surgery {
  /** Change a page header (or return null to drop the page); its payload is kept unless `payload` says otherwise. */
  readonly page?: (
    place: PagePlace,
    header: PageHeader,
    payload: Uint8Array,
  ) => { header: PageHeader; payload: Uint8Array } | null;
  /** Change the footer after page offsets were fixed up. */
  readonly footer?: (metadata: FileMetaData) => void;
}

/**
 * Rewrites a Parquet file page by page with edited page headers, payloads or footer fields,
 * fixing up every chunk's offsets and sizes so only the intended damage remains: the crafted
 * inputs of the hostile-file tests are built from valid files this way, not stored as blobs.
 */
export function rewriteParquet(file: Uint8Array, surgery: Surgery): Uint8Array {
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const body = new ByteWriter(file.byteLength * 2 + 1024);
  body.appendBytes(new TextEncoder().encode('PAR1'));
  for (const [g, rowGroup] of metadata.row_groups.entries()) {
    for (const chunk of rowGroup.columns) {
      const meta = chunk.meta_data!;
      delete meta.statistics;
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view: new DataView(buffer, start, end - start), offset: 0 };
      const chunkStart = body.offset;
      let dictionaryAt: number | undefined;
      let dataAt: number | undefined;
      let total = 0;
      for (let p = 0; reader.offset < end - start; p++) {
        const header: PageHeader = parquetHeader(reader);
        const payload = new Uint8Array(buffer, start + reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        const edited = surgery.page
          ? surgery.page({ rowGroup: g, column: meta.path_in_schema.join('.'), page: p }, header, payload)
          : { header, payload };
        if (edited === null) continue;
        const at = body.offset;
        if (edited.header.type === 'DICTIONARY_PAGE') dictionaryAt ??= at;
        else dataAt ??= at;
        writePageHeader(body, edited.header);
        body.appendBytes(edited.payload);
        total += body.offset - at;
      }
      meta.dictionary_page_offset = dictionaryAt === undefined ? undefined : BigInt(dictionaryAt);
      meta.data_page_offset = BigInt(dataAt ?? chunkStart);
      meta.total_compressed_size = BigInt(total);
      chunk.file_offset = BigInt(chunkStart);
    }
  }
  surgery.footer?.(metadata);
  writeMetadata(body, metadata);
  body.appendBytes(new TextEncoder().encode('PAR1'));
  return new Uint8Array(body.getBuffer());
}
