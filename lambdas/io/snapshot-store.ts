import type { ByteSource } from './byte-source.ts';

/** One object under a store's root, as a listing returns it. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** S3's ETag (quotes kept), or for a local file a stand-in that changes when the file does. */
  readonly etag: string;
  readonly lastModified: Date;
}

/** A small text object (state, cached profile, report) and its ETag. */
export interface StoredText {
  readonly text: string;
  readonly etag: string;
}

/** An object's bytes (a cached profile container) and its ETag. */
export interface StoredBytes {
  readonly bytes: Uint8Array;
  readonly etag: string;
}

/**
 * A precondition on a write: `ifMatch` writes only over the object with that ETag (as read);
 * `ifNoneMatch: '*'` writes only when no object is there. Unmet, the write throws a
 * WriteConflictError and changes nothing.
 */
export type WriteCondition = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

/**
 * Where snapshots, baselines, reports and state live: an S3 bucket or a local folder laid out
 * the same way (`<prefix>baseline/`, `<prefix>snapshots/`, `<prefix>reports/`, `<prefix>state.json`).
 * Keys always use `/`.
 */
export interface SnapshotStore {
  /** `s3://bucket` or the folder path, for messages. */
  readonly location: string;
  /** Every object under the prefix (recursively), sorted by key; pages through long listings. */
  list(prefix: string): Promise<StoredObject[]>;
  /** A small object as UTF-8 text; null when it does not exist. */
  getText(key: string): Promise<StoredText | null>;
  /**
   * Writes a small object and returns its new ETag; with a condition, only if it holds.
   * @throws WriteConflictError when the condition does not hold
   */
  putText(
    key: string,
    text: string,
    contentType: string,
    condition?: WriteCondition,
  ): Promise<{ readonly etag: string }>;
  /** A whole object as bytes (one buffer, for a profile container to view); null when it does not exist. */
  getBytes(key: string): Promise<StoredBytes | null>;
  /** Writes an object from bytes and returns its new ETag. */
  putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<{ readonly etag: string }>;
  /** Deletes an object; deleting one that does not exist is not an error (as in S3). */
  delete(key: string): Promise<void>;
  /** The object's bytes, read by range (Parquet) or streamed (CSV, JSON Lines). */
  source(object: StoredObject): ByteSource;
  /** Where a person opens the object: an S3 console URL or a file path. */
  link(key: string): string;
}
