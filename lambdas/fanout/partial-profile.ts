import type { Profile } from '../core/profile/profile.ts';
import { profileFromJson, profileToJson } from '../core/profile/serialize-profile.ts';

export const PARTIAL_FORMAT = 'driftwatch-partial-profile';

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

export class PartialProfileError extends Error {
  override readonly name = 'PartialProfileError';
}

export function partialToJson(partial: PartialProfile): string {
  const header = JSON.stringify({
    format: PARTIAL_FORMAT,
    key: partial.key,
    etag: partial.etag,
    error: partial.error,
  });
  // The profile is spliced in as text: it is the bulk (kept values) and already JSON.
  return `${header.slice(0, -1)},"profile":${partial.profile === null ? 'null' : profileToJson(partial.profile)}}`;
}

export function partialFromJson(text: string, source: string): PartialProfile {
  let raw: {
    format?: unknown;
    key?: unknown;
    etag?: unknown;
    error?: PartialProfile['error'];
    profile?: unknown;
  };
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PartialProfileError(`${source}: not JSON (${(error as Error).message})`);
  }
  if (raw.format !== PARTIAL_FORMAT || typeof raw.key !== 'string' || typeof raw.etag !== 'string') {
    throw new PartialProfileError(`${source}: not a ${PARTIAL_FORMAT}`);
  }
  return {
    key: raw.key,
    etag: raw.etag,
    error: raw.error ?? null,
    profile: raw.profile == null ? null : profileFromJson(JSON.stringify(raw.profile), source),
  };
}
