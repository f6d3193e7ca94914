import { DriftwatchError } from '../core/errors.ts';
import type { Profile } from '../core/profile/profile.ts';
import { profileFromBytes, profileToBytes } from '../core/profile/serialize-profile.ts';

const PARTIAL_FORMAT = 'driftwatch-partial-profile';

/** `DWPART`, u16 version, u32 header length, u32 reserved; then the header, padded to 8 bytes. */
const MAGIC = [0x44, 0x57, 0x50, 0x41, 0x52, 0x54] as const;
const VERSION = 2;
const PREAMBLE_BYTES = 16;

/** One part file's profile (or why it could not be read), as the profile-part step writes it. */
export interface PartialProfile {
  /** The part file's key and ETag: the reduce step matches them against the snapshot's listing. */
  readonly key: string;
  readonly etag: string;
  readonly profile: Profile | null;
  /** The part's SnapshotFormatError, whose message the report carries. */
  readonly error: {
    readonly source: string;
    readonly location: string | null;
    readonly problem: string;
  } | null;
}

export class PartialProfileError extends DriftwatchError {
  override readonly name = 'PartialProfileError';
}

/**
 * A small JSON header (key, ETag, error) and then the part's profile container as is, starting
 * on an 8-byte boundary so the reduce step reads its kept values as views of the object's bytes,
 * never decoding or copying them (docs/design.md §6, the profile container).
 */
export function partialToBytes(partial: PartialProfile): Uint8Array {
  const profile = partial.profile === null ? null : profileToBytes(partial.profile);
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: PARTIAL_FORMAT,
      key: partial.key,
      etag: partial.etag,
      error: partial.error,
      profileBytes: profile === null ? null : profile.byteLength,
    }),
  );
  const profileStart = Math.ceil((PREAMBLE_BYTES + header.byteLength) / 8) * 8;
  const bytes = new Uint8Array(profileStart + (profile?.byteLength ?? 0));
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(6, VERSION, true);
  view.setUint32(8, header.byteLength, true);
  bytes.set(header, PREAMBLE_BYTES);
  bytes.fill(0x20, PREAMBLE_BYTES + header.byteLength, profileStart);
  if (profile !== null) bytes.set(profile, profileStart);
  return bytes;
}

export function partialFromBytes(bytes: Uint8Array, source: string): PartialProfile {
  if (bytes.byteLength < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new PartialProfileError(`${source}: not a ${PARTIAL_FORMAT}`);
  }
  if (bytes.byteLength < PREAMBLE_BYTES) {
    throw new PartialProfileError(`${source}: truncated ${PARTIAL_FORMAT} (${bytes.byteLength} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(6, true);
  if (version !== VERSION) {
    throw new PartialProfileError(`${source}: ${PARTIAL_FORMAT} version ${version} is not ${VERSION}`);
  }
  const headerLength = view.getUint32(8, true);
  const profileStart = Math.ceil((PREAMBLE_BYTES + headerLength) / 8) * 8;
  if (profileStart > bytes.byteLength) {
    throw new PartialProfileError(
      `${source}: truncated ${PARTIAL_FORMAT} (${bytes.byteLength} bytes, its header alone needs ${profileStart})`,
    );
  }
  let raw: {
    format?: unknown;
    key?: unknown;
    etag?: unknown;
    error?: PartialProfile['error'];
    profileBytes?: unknown;
  };
  try {
    raw = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength),
      ),
    );
  } catch (error) {
    throw new PartialProfileError(`${source}: garbled header (${(error as Error).message})`);
  }
  if (raw.format !== PARTIAL_FORMAT || typeof raw.key !== 'string' || typeof raw.etag !== 'string') {
    throw new PartialProfileError(`${source}: not a ${PARTIAL_FORMAT}`);
  }
  const expected = profileStart + (typeof raw.profileBytes === 'number' ? raw.profileBytes : 0);
  if (bytes.byteLength !== expected) {
    throw new PartialProfileError(
      bytes.byteLength < expected
        ? `${source}: truncated ${PARTIAL_FORMAT} (${bytes.byteLength} of ${expected} bytes)`
        : `${source}: garbled ${PARTIAL_FORMAT} (${bytes.byteLength - expected} bytes after its ${expected})`,
    );
  }
  return {
    key: raw.key,
    etag: raw.etag,
    error: raw.error ?? null,
    profile: raw.profileBytes == null ? null : profileFromBytes(bytes.subarray(profileStart), source),
  };
}
