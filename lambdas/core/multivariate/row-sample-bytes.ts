import { DriftwatchError } from '../errors.ts';
import { MAX_SAMPLE_CELLS, type RowSample, type SampledColumn } from './row-sample.ts';

/** A cached row sample that is not one (truncated, tampered, another version): rebuilt, never trusted. */
export class RowSampleFormatError extends DriftwatchError {
  override readonly name = 'RowSampleFormatError';
}

const MAGIC = 'DWRS';
const VERSION = 1;

interface Header {
  readonly version: number;
  readonly rowCount: number;
  readonly size: number;
  readonly names: readonly string[];
  readonly labels: readonly ((string | null)[] | null)[];
  readonly leftOut: readonly string[];
}

/**
 * A row sample as bytes, for the baseline cache: "DWRS", the header's byte length (u32 LE), the
 * header as JSON (counts, names, text cells), padding to 8 bytes, then each column's numbers as
 * float64 LE, `size` of them per column.
 */
export function rowSampleToBytes(sample: RowSample): Uint8Array {
  const header: Header = {
    version: VERSION,
    rowCount: sample.rowCount,
    size: sample.size,
    names: sample.columns.map((c) => c.name),
    labels: sample.columns.map((c) => (c.labels === null ? null : Array.from(c.labels, (l) => l ?? null))),
    leftOut: sample.leftOut,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(8 + json.length);
  const bytes = new Uint8Array(start + 8 * sample.size * sample.columns.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  sample.columns.forEach((column, c) => {
    const numbers = new Float64Array(bytes.buffer, start + 8 * sample.size * c, sample.size);
    numbers.set(column.numbers.subarray(0, sample.size));
  });
  return bytes;
}

/** Reads `rowSampleToBytes`'s output; any other bytes throw RowSampleFormatError naming `source`. */
export function rowSampleFromBytes(bytes: Uint8Array, source: string): RowSample {
  const fail = (why: string): never => {
    throw new RowSampleFormatError(`${source}: not a row sample (${why})`);
  };
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) fail('no DWRS header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) fail('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  } catch {
    return fail('header is not JSON');
  }
  const { rowCount, size, names, labels, leftOut } = header;
  if (header.version !== VERSION) fail(`version ${String(header.version)}`);
  if (!Number.isSafeInteger(rowCount) || !Number.isSafeInteger(size) || size < 0 || size > rowCount)
    fail('bad row counts');
  if (
    !Array.isArray(names) ||
    !Array.isArray(labels) ||
    labels.length !== names.length ||
    !Array.isArray(leftOut)
  )
    fail('bad columns');
  if (size * names.length > MAX_SAMPLE_CELLS) fail('more cells than a sample holds');
  const start = align8(8 + headerLength);
  if (bytes.length !== start + 8 * size * names.length) fail('length does not match the header');
  const columns = names.map((name, c): SampledColumn => {
    const text = labels[c];
    if (typeof name !== 'string' || (text !== null && (!Array.isArray(text) || text.length !== size)))
      fail(`bad column ${c}`);
    const numbers = new Float64Array(size);
    for (let r = 0; r < size; r++) numbers[r] = view.getFloat64(start + 8 * (size * c + r), true);
    return { name, numbers, labels: text };
  });
  return { rowCount, size, columns, leftOut };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
