import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteSource } from './byte-source.ts';
import { type ReadLimits, readLimits } from './read-limits.ts';

/** What CSV and JSON Lines readers need: a name for messages and the bytes in order. */
export type ByteStream = Pick<ByteSource, 'name' | 'stream'>;

/**
 * The decompressed bytes of a gzip object (concatenated gzip members included, as `cat a.gz b.gz`
 * makes). A corrupt or truncated stream is a SnapshotFormatError naming the object, and so is
 * one that inflates past `limits.maxInflatedBytes` or, beyond `limits.inflationGraceBytes`, to
 * more than `limits.maxInflationRatio` times the compressed bytes read (a decompression bomb).
 */
export function gunzipped(source: ByteStream, limits: Partial<ReadLimits> = {}): ByteStream {
  const ceilings = readLimits(limits);
  return {
    name: source.name,
    stream: () => gunzipStream(source, ceilings),
  };
}

async function* gunzipStream(source: ByteStream, limits: ReadLimits): AsyncIterable<Uint8Array> {
  const gunzip = createGunzip();
  let sourceError: unknown;
  let compressed = 0;
  let inflated = 0;
  // Errors from reading the source surface through `gunzip` (pipeline destroys it); they are
  // remembered so they are rethrown as themselves, not described as gzip damage.
  const piping = pipeline(
    Readable.from(
      (async function* () {
        try {
          for await (const chunk of source.stream()) {
            compressed += chunk.byteLength;
            yield chunk;
          }
        } catch (error) {
          sourceError = error;
          throw error;
        }
      })(),
    ),
    gunzip,
  ).catch(() => {});
  try {
    for await (const chunk of gunzip) {
      inflated += (chunk as Uint8Array).byteLength;
      const problem = inflationProblem(inflated, compressed, limits);
      if (problem !== null) throw new SnapshotFormatError(source.name, null, problem);
      yield chunk as Uint8Array;
    }
  } catch (error) {
    if (error instanceof SnapshotFormatError) throw error;
    if (sourceError !== undefined) throw sourceError;
    throw new SnapshotFormatError(source.name, null, describeZlibError(error), { cause: error });
  } finally {
    gunzip.destroy();
    await piping;
  }
}

/** Why `inflated` bytes from `compressed` are too many, or null. */
function inflationProblem(inflated: number, compressed: number, limits: ReadLimits): string | null {
  if (inflated > limits.maxInflatedBytes) {
    return `the gzip stream inflates past ${limits.maxInflatedBytes} bytes (readLimits.maxInflatedBytes)`;
  }
  if (inflated > limits.inflationGraceBytes && inflated > compressed * limits.maxInflationRatio) {
    return `the gzip stream inflates ${inflated} bytes from ${compressed} (more than ${limits.maxInflationRatio}:1, readLimits.maxInflationRatio): a decompression bomb?`;
  }
  return null;
}

function describeZlibError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(detail)) {
    return 'the gzip stream is truncated (unexpected end of file); the upload may be incomplete';
  }
  if (/incorrect header check/i.test(detail)) {
    return 'not a gzip file (bad header) although the name ends in .gz';
  }
  return `the gzip stream is corrupt (${detail})`;
}
