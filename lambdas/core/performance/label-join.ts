/**
 * Joins delayed labels to the predictions they belong to, by id, in compact typed arrays.
 *
 * Layout: every distinct prediction id is an entry; its UTF-8 bytes sit in one growing byte arena
 * (`offsets[e]..offsets[e + 1]`) and an open-addressing table with linear probing maps the id's
 * 32-bit hash (MurmurHash3, seeded) to its entry. A slot holds the entry and the full hash, so a
 * probe compares ids' bytes only when the hashes are equal: two ids with one hash are told apart by
 * their bytes, so the join is exact — no collision can join a label to the wrong prediction.
 *
 * Memory per distinct id: its UTF-8 bytes + 8 bytes (offset; first row, negated once labelled) +
 * 8 bytes per table slot (entry and hash side by side, so a probe reads one cache line), with
 * between 1.33 and 2.67 slots per id (capacity a power of two, at most 3/4 full). For a million
 * 36-character UUIDs: 36 + 8 + 8 · 2.1 ≈ 61 MB (`memoryBytes`, with the
 * table and entry arrays sized by `expectedIds`; beyond it they double, and the byte arena grows to
 * the expected count at the mean id length so far).
 *
 * Rules, each counted (never dropped silently):
 * - A prediction id seen again (`duplicatePredictionIds`) is not indexed again: its labels join to
 *   the first row with that id.
 * - A label whose id is already labelled (in this batch or an earlier one joined into the same
 *   index) is a duplicate: the first label joined wins, so re-running over batches in the same
 *   order gives the same join.
 * - A label with no such prediction is unmatched; a null id, on either side, is missing.
 *
 * MurmurHash3 is fast, not collision-resistant: ids crafted to share one hash would make probes
 * long (quadratic time) whatever the seed. Ids come from the user's own prediction pipeline; a
 * keyed hash (SipHash) would be the answer if they ever come from outside parties.
 */
import type { IdColumn } from './model-rows.ts';

export const UNMATCHED = -1;
export const DUPLICATE_LABEL = -2;
export const MISSING_ID = -3;

/** Table load above which it doubles: linear probing stays short below 3/4. */
const MAX_LOAD = 0.75;

/** One batch of labels joined. */
export interface LabelJoin {
  /** Per label row: the prediction row it joins, or UNMATCHED, DUPLICATE_LABEL or MISSING_ID. */
  readonly predictionRow: Int32Array;
  readonly matched: number;
  readonly unmatched: number;
  readonly duplicate: number;
  readonly missingId: number;
}

export class PredictionIdIndex {
  /** Predictions added (rows), whatever their id. */
  rows = 0;
  duplicatePredictionIds = 0;
  missingPredictionIds = 0;
  /** Prediction ids that have a label. */
  labelled = 0;

  private entries = 0;
  /**
   * Two words per slot: entry + 1 (0 marks an empty slot: fresh typed arrays are zero, so no fill
   * pass) and the id's hash.
   */
  private slots: Int32Array;
  private mask: number;
  private offsets: Uint32Array;
  private arena: Uint8Array;
  private arenaLength = 0;
  /** The first row of each entry; −(row + 1) once a label joined it. */
  private entryRow: Int32Array;
  private scratch = new Uint8Array(256);

  /**
   * @param expectedIds sizes the arrays so that this many ids need no growth
   * @param seed MurmurHash3's seed
   */
  constructor(
    expectedIds = 1024,
    private readonly seed = 0,
  ) {
    const entries = Math.max(16, Math.ceil(expectedIds));
    let capacity = 16;
    while (capacity * MAX_LOAD < entries) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.offsets = new Uint32Array(entries + 1);
    this.entryRow = new Int32Array(entries);
    this.arena = new Uint8Array(entries * 16);
  }

  /** Adds the next prediction row (rows are numbered 0, 1, ... in the order added). */
  add(id: string | null): void {
    if (id === null) this.addMissing();
    else this.insert(this.encode(id));
  }

  /** `add` for an id given as UTF-8, `bytes[from, to)` (a collected id column). */
  addUtf8(bytes: Uint8Array, from: number, to: number): void {
    this.insert(this.copyToScratch(bytes, from, to));
  }

  private addMissing(): void {
    this.rows++;
    this.missingPredictionIds++;
  }

  /** Indexes the id in the scratch buffer's first `length` bytes as the next row. */
  private insert(length: number): void {
    const row = this.rows++;
    const hash = murmur3(this.scratch, length, this.seed) | 0;
    let slot = hash & this.mask;
    while (this.slots[2 * slot] !== 0) {
      if (this.slots[2 * slot + 1] === hash && this.sameBytes(this.slots[2 * slot] - 1, length)) {
        this.duplicatePredictionIds++;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const entry = this.entries++;
    this.reserve(entry, length);
    const arena = this.arena;
    const scratch = this.scratch;
    const start = this.arenaLength;
    for (let k = 0; k < length; k++) arena[start + k] = scratch[k];
    this.arenaLength += length;
    this.offsets[entry + 1] = this.arenaLength;
    this.entryRow[entry] = row;
    this.slots[2 * slot] = entry + 1;
    this.slots[2 * slot + 1] = hash;
    if (this.entries > (this.mask + 1) * MAX_LOAD) this.growTable();
  }

  /** Every id of a collected column, in row order: `add` for each. */
  addColumn(ids: IdColumn): void {
    for (let i = 0; i < ids.missing.length; i++) {
      if (ids.missing[i] === 1) this.addMissing();
      else this.addUtf8(ids.bytes, ids.offsets[i], ids.offsets[i + 1]);
    }
  }

  /** Joins a batch of label ids; marks the matched ids labelled. */
  join(ids: ArrayLike<string | null>): LabelJoin {
    return this.joinEach(ids.length, (i) => {
      const id = ids[i];
      return id === null ? -1 : this.encode(id);
    });
  }

  /** `join` for label ids collected as UTF-8 (a labels table's id column). */
  joinColumn(ids: IdColumn): LabelJoin {
    return this.joinEach(ids.missing.length, (i) =>
      ids.missing[i] === 1 ? -1 : this.copyToScratch(ids.bytes, ids.offsets[i], ids.offsets[i + 1]),
    );
  }

  /** `scratchId(i)` puts label i's id in the scratch buffer and gives its length, or −1 for none. */
  private joinEach(count: number, scratchId: (i: number) => number): LabelJoin {
    const predictionRow = new Int32Array(count);
    let matched = 0;
    let unmatched = 0;
    let duplicate = 0;
    let missingId = 0;
    for (let i = 0; i < count; i++) {
      const length = scratchId(i);
      if (length < 0) {
        predictionRow[i] = MISSING_ID;
        missingId++;
        continue;
      }
      const entry = this.find(length);
      if (entry < 0) {
        predictionRow[i] = UNMATCHED;
        unmatched++;
      } else if (this.entryRow[entry] < 0) {
        predictionRow[i] = DUPLICATE_LABEL;
        duplicate++;
      } else {
        predictionRow[i] = this.entryRow[entry];
        this.entryRow[entry] = -this.entryRow[entry] - 1;
        this.labelled++;
        matched++;
      }
    }
    return { predictionRow, matched, unmatched, duplicate, missingId };
  }

  /** Bytes held by the index's arrays (their allocated length). */
  get memoryBytes(): number {
    return (
      this.slots.byteLength +
      this.offsets.byteLength +
      this.arena.byteLength +
      this.entryRow.byteLength +
      this.scratch.byteLength
    );
  }

  /** The entry of the id in the scratch buffer's first `length` bytes, or −1. */
  private find(length: number): number {
    const hash = murmur3(this.scratch, length, this.seed) | 0;
    let slot = hash & this.mask;
    while (this.slots[2 * slot] !== 0) {
      const entry = this.slots[2 * slot] - 1;
      if (this.slots[2 * slot + 1] === hash && this.sameBytes(entry, length)) return entry;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private sameBytes(entry: number, length: number): boolean {
    const start = this.offsets[entry];
    if (this.offsets[entry + 1] - start !== length) return false;
    const arena = this.arena;
    const scratch = this.scratch;
    for (let k = 0; k < length; k++) if (arena[start + k] !== scratch[k]) return false;
    return true;
  }

  /** Room for one more entry and `length` more bytes. */
  private reserve(entry: number, length: number): void {
    if (entry >= this.entryRow.length) {
      const size = this.entryRow.length * 2;
      this.entryRow = grown(this.entryRow, new Int32Array(size));
      this.offsets = grown(this.offsets, new Uint32Array(size + 1));
    }
    if (this.arenaLength + length > this.arena.length) {
      // Room for every expected entry at the mean length so far (+5%), or half as much again.
      const projected = Math.ceil((this.arenaLength / (entry + 1)) * this.entryRow.length * 1.05);
      const size = Math.max(projected, Math.ceil(this.arena.length * 1.5), this.arenaLength + length);
      this.arena = grown(this.arena, new Uint8Array(size));
    }
  }

  private growTable(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let s = 0; s <= this.mask; s++) {
      const entry = this.slots[2 * s];
      if (entry === 0) continue;
      const hash = this.slots[2 * s + 1];
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private copyToScratch(bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    if (this.scratch.length < length) this.scratch = new Uint8Array(length);
    // A loop, not set(subarray): ids are short, and a view per id would cost more than the copy.
    const scratch = this.scratch;
    for (let k = 0; k < length; k++) scratch[k] = bytes[from + k];
    return length;
  }

  /** Writes `id` as UTF-8 into the scratch buffer (lone surrogates as U+FFFD, as TextEncoder). */
  private encode(id: string): number {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    const out = this.scratch;
    let n = 0;
    for (let i = 0; i < id.length; i++) {
      let c = id.charCodeAt(i);
      if (c < 0x80) {
        out[n++] = c;
      } else if (c < 0x800) {
        out[n++] = 0xc0 | (c >> 6);
        out[n++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = i + 1 < id.length ? id.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
            out[n++] = 0xf0 | (point >> 18);
            out[n++] = 0x80 | ((point >> 12) & 0x3f);
            out[n++] = 0x80 | ((point >> 6) & 0x3f);
            out[n++] = 0x80 | (point & 0x3f);
            continue;
          }
          c = 0xfffd;
        }
        out[n++] = 0xe0 | (c >> 12);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      }
    }
    return n;
  }
}

function grown<T extends Int32Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** MurmurHash3 x86 32-bit (Appleby, public domain) of `bytes[0, length)`. */
function murmur3(bytes: Uint8Array, length: number, seed: number): number {
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks];
    if (tail > 1) k ^= bytes[blocks + 1] << 8;
    if (tail > 2) k ^= bytes[blocks + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
