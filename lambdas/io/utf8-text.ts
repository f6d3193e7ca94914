import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteStream } from './gzip.ts';

/**
 * Decodes a byte stream as UTF-8 text, strict: invalid bytes are a SnapshotFormatError naming
 * the byte offset and the line (1-based, counting `\n`), instead of silently becoming U+FFFD.
 * A leading BOM is dropped (TextDecoder's default).
 */
export async function* utf8Text(source: ByteStream): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let newlines = 0;
  let previousTail: Uint8Array = new Uint8Array(0);
  for await (const chunk of source.stream()) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (error) {
      const at = locateInvalidUtf8(previousTail, chunk);
      const byte = offset - previousTail.byteLength + at;
      const line = newlines + countNewlines(chunk.subarray(0, Math.max(0, at - previousTail.byteLength))) + 1;
      throw new SnapshotFormatError(
        source.name,
        `line ${line}`,
        `invalid UTF-8 at byte offset ${byte}; save the file as UTF-8 (it may be Latin-1 or Windows-1252)`,
        { cause: error },
      );
    }
    offset += chunk.byteLength;
    newlines += countNewlines(chunk);
    previousTail = chunk.subarray(Math.max(0, chunk.byteLength - 3));
    if (text.length > 0) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch (error) {
    // The unfinished character starts at the last lead byte of the input.
    let start = previousTail.byteLength - 1;
    while (start > 0 && (previousTail[start] & 0xc0) === 0x80) start--;
    throw new SnapshotFormatError(
      source.name,
      `line ${newlines + 1}`,
      `invalid UTF-8 at byte offset ${offset - previousTail.byteLength + start}: the file ends inside a multi-byte character`,
      { cause: error },
    );
  }
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/**
 * Index (within `tail ++ chunk`) of the first byte that breaks UTF-8. Scanning starts at the
 * last lead byte of the previous chunk's tail, so a character split across chunks is judged whole.
 */
function locateInvalidUtf8(tail: Uint8Array, chunk: Uint8Array): number {
  let start = tail.byteLength;
  for (let i = tail.byteLength - 1; i >= 0; i--) {
    if ((tail[i] & 0xc0) !== 0x80) {
      start = i;
      break;
    }
  }
  const bytes = new Uint8Array(tail.byteLength + chunk.byteLength);
  bytes.set(tail);
  bytes.set(chunk, tail.byteLength);
  let i = start;
  while (i < bytes.byteLength) {
    const lead = bytes[i];
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      // A sequence cut by the end of the chunk is only wrong at end of input, handled by the caller.
      if (i + k >= bytes.byteLength) return bytes.byteLength;
      const next = bytes[i + k];
      const low = k === 1 && lead === 0xe0 ? 0xa0 : k === 1 && lead === 0xf0 ? 0x90 : 0x80;
      const high = k === 1 && lead === 0xed ? 0x9f : k === 1 && lead === 0xf4 ? 0x8f : 0xbf;
      if (next < low || next > high) return i;
    }
    i += length;
  }
  return bytes.byteLength;
}
