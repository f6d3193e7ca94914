import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteSource } from './byte-source.ts';

/** What CSV and JSON Lines readers need: a name for messages and the bytes in order. */
export type ByteStream = Pick<ByteSource, 'name' | 'stream'>;

/**
 * The decompressed bytes of a gzip object (concatenated gzip members included, as `cat a.gz b.gz`
 * makes). A corrupt or truncated stream is a SnapshotFormatError naming the object.
 */
export function gunzipped(source: ByteStream): ByteStream {
  return {
    name: source.name,
    stream: () => gunzipStream(source),
  };
}

async function* gunzipStream(source: ByteStream): AsyncIterable<Uint8Array> {
  const gunzip = createGunzip();
  let sourceError: unknown;
  // Errors from reading the source surface through `gunzip` (pipeline destroys it); they are
  // remembered so they are rethrown as themselves, not described as gzip damage.
  const piping = pipeline(
    Readable.from(
      (async function* () {
        try {
          yield* source.stream();
        } catch (error) {
          sourceError = error;
          throw error;
        }
      })(),
    ),
    gunzip,
  ).catch(() => {});
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    throw new SnapshotFormatError(source.name, null, describeZlibError(error), { cause: error });
  } finally {
    gunzip.destroy();
    await piping;
  }
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
