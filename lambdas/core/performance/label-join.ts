import { halfSipHash } from './half-siphash.ts';
import type { IdColumn } from './model-rows.ts';

/**
 * Joins delayed labels to the predictions they belong to, by id, in compact typed arrays.
 *
 * Layout: every distinct prediction id is an entry in one growing arena of 32-bit words: its byte
 * length, its first row (negated once labelled), then its UTF-8 bytes packed four to a word (the
 * last word zero-padded). An open-addressing table with linear probing maps the id's 32-bit keyed
 * hash to the entry: a slot holds the hash and the entry's place in the arena, so a probe compares
 * ids only when the hashes are equal, a word at a time; two ids with one hash are told apart by
 * their bytes, so the join is exact — no collision can join a label to the wrong prediction. A
 * lookup touches two places in memory (its slot, its entry), which is what bounds its speed once
 * the index outgrows the CPU's caches.
 *
 * Memory per distinct id: 8 bytes + its UTF-8 bytes rounded up to 4 + 8 bytes per table slot, with
 * between 1.33 and 2.67 slots per id (capacity a power of two, at most 3/4 full). For a million
 * 36-character UUIDs: 8 + 36 + 8 · 2.1 ≈ 61 MB (`memoryBytes`, with the table sized by
 * `expectedIds`; beyond it it doubles, and the arena grows to the expected count at the mean entry
 * size so far).
 *
 * Rules, each counted (never dropped silently):
 * - A prediction id seen again (`duplicatePredictionIds`) is not indexed again: its labels join to
 *   the first row with that id.
 * - A label whose id is already labelled (in this batch or an earlier one joined into the same
 *   index) is a duplicate: the first label joined wins, so re-running over batches in the same
 *   order gives the same join.
 * - A label with no such prediction is unmatched; a null id, on either side, is missing.
 *
 * Crafted ids: label and prediction files may hold ids that outside parties chose (an order id, a
 * user name). With an unkeyed hash they could put many ids in one bucket and make every insert
 * walk them all (quadratic time: MurmurHash3's multicollisions do not depend on its seed). The
 * hash is therefore HalfSipHash-1-3 under a key drawn at random per index (`half-siphash.ts`):
 * without the key nobody can aim ids at one bucket. And a probe longer than MAX_PROBE slots — with
 * a random key, at 3/4 load, a chance below 10^-15 per lookup — stops the join with an
 * IdTableFloodError instead of spinning.
 */
export const UNMATCHED = -1;
export const DUPLICATE_LABEL = -2;
export const MISSING_ID = -3;

/** Table load above which it doubles: linear probing stays short below 3/4. */
const MAX_LOAD = 0.75;

/**
 * The longest probe allowed. With a random key, slots fill like uniform random choices; under
 * linear probing at load α a run of k full slots has probability about e^(−k(α − 1 − ln α))
 * (Knuth, TAOCP vol. 3, §6.4), ≈ e^(−0.0377k) at α = 3/4: e^(−38.6) ≈ 10^-17 at 1,024 slots.
 */
export const MAX_PROBE = 1024;

/** Entries the arena holds before its size is projected from their mean. */
const FIRST_ARENA_ENTRIES = 1024;

/** Ids hashed ahead per block of a column: enough lookups in flight to hide a cache miss each. */
const BLOCK = 64;

/** Words before an entry's bytes: its byte length and its row. */
const ENTRY_HEADER = 2;

/**
 * A probe ran past MAX_PROBE: ids that collide by the thousand under a random key (or a broken
 * random source). Never a silent slowdown.
 */
export class IdTableFloodError extends RangeError {
  override readonly name = 'IdTableFloodError';
}

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
  /** The longest probe so far, in slots (1: the first slot held the id or was empty). */
  longestProbe = 0;

  private entries = 0;
  /** Two words per slot: the id's hash, and its entry's arena offset + 1 (0: an empty slot). */
  private slots: Int32Array;
  private mask: number;
  private arena: Int32Array;
  private arenaLength = 0;
  private expectedIds: number;
  /** The id being looked up, as UTF-8 bytes and as the same memory read in words. */
  private scratch = new Uint8Array(256);
  private scratchWords = new Int32Array(this.scratch.buffer);
  private readonly k0: number;
  private readonly k1: number;
  /** Hashes of the block of column ids being looked up (`hashAhead`). */
  private readonly blockHashes = new Int32Array(BLOCK);
  /**
   * A sum of what `hashAhead` read ahead: no meaning of its own, stored so that the compiler keeps
   * the reads.
   */
  readAhead = 0;

  /**
   * @param expectedIds sizes the arrays so that this many ids need no growth
   * @param key the hash key (two 32-bit words); by default drawn at random. The join does not
   *   depend on it, only how long probes are: a fixed key is for tests.
   */
  constructor(expectedIds = 1024, key?: readonly [number, number]) {
    this.expectedIds = Math.max(16, Math.ceil(expectedIds));
    let capacity = 16;
    while (capacity * MAX_LOAD < this.expectedIds) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    // Room for the first ids only: once it fills, the arena grows straight to the expected ids at
    // their mean size, so the large allocation is made once and at the right size (fresh memory is
    // slow to touch the first time).
    this.arena = new Int32Array(Math.min(this.expectedIds, FIRST_ARENA_ENTRIES) * (ENTRY_HEADER + 4));
    const [k0, k1] = key ?? randomKey();
    this.k0 = k0 | 0;
    this.k1 = k1 | 0;
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

  /** Every id of a collected column, in row order: `add` for each. */
  addColumn(ids: IdColumn): void {
    const count = ids.missing.length;
    for (let from = 0; from < count; from += BLOCK) {
      const to = Math.min(count, from + BLOCK);
      this.hashAhead(ids, from, to);
      for (let i = from; i < to; i++) {
        if (ids.missing[i] === 1) this.addMissing();
        else
          this.insertHashed(
            this.copyToScratch(ids.bytes, ids.offsets[i], ids.offsets[i + 1]),
            this.blockHashes[i - from],
          );
      }
    }
  }

  /**
   * Hashes ids `[from, to)` of a column ahead of their lookups and reads each one's home slot and
   * the entry it points to: loads that do not depend on one another, so the CPU has the block's
   * cache misses in flight together instead of one lookup's at a time. What is read is only a
   * hint; the lookups read it again.
   */
  private hashAhead(ids: IdColumn, from: number, to: number): void {
    const hashes = this.blockHashes;
    let touched = 0;
    for (let i = from; i < to; i++) {
      if (ids.missing[i] === 1) continue;
      const length = this.copyToScratch(ids.bytes, ids.offsets[i], ids.offsets[i + 1]);
      hashes[i - from] = halfSipHash(this.scratchWords, length, this.k0, this.k1);
    }
    const slots = this.slots;
    const mask = this.mask;
    for (let i = from; i < to; i++) touched += slots[2 * (hashes[i - from] & mask) + 1];
    const arena = this.arena;
    for (let i = from; i < to; i++) {
      const at = slots[2 * (hashes[i - from] & mask) + 1];
      if (at !== 0) touched += arena[at];
    }
    this.readAhead = touched;
  }

  private addMissing(): void {
    this.rows++;
    this.missingPredictionIds++;
  }

  /** Indexes the id in the scratch buffer's first `length` bytes as the next row. */
  private insert(length: number): void {
    this.insertHashed(length, halfSipHash(this.scratchWords, length, this.k0, this.k1));
  }

  /** `insert` with the id's hash already computed. */
  private insertHashed(length: number, hash: number): void {
    const row = this.rows++;
    const words = (length + 3) >>> 2;
    const slots = this.slots;
    let slot = hash & this.mask;
    let probe = 1;
    while (slots[2 * slot + 1] !== 0) {
      if (slots[2 * slot] === hash && this.sameId(slots[2 * slot + 1] - 1, length, words)) {
        this.duplicatePredictionIds++;
        this.noteProbe(probe);
        return;
      }
      slot = (slot + 1) & this.mask;
      if (++probe > MAX_PROBE) this.flooded();
    }
    this.noteProbe(probe);
    const at = this.reserve(ENTRY_HEADER + words);
    const arena = this.arena;
    arena[at] = length;
    arena[at + 1] = row;
    const scratch = this.scratchWords;
    for (let k = 0; k < words; k++) arena[at + ENTRY_HEADER + k] = scratch[k];
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = at + 1;
    if (++this.entries > (this.mask + 1) * MAX_LOAD) this.growTable();
  }

  /** Joins a batch of label ids; marks the matched ids labelled. */
  join(ids: ArrayLike<string | null>): LabelJoin {
    return this.joinEach(ids.length, (i) => {
      const id = ids[i];
      return id === null ? -1 : this.encode(id);
    });
  }

  /** `join` for label ids collected as UTF-8 (a labels table's id column), hashed a block ahead. */
  joinColumn(ids: IdColumn): LabelJoin {
    let blockStart = 0;
    let blockEnd = 0;
    return this.joinEach(
      ids.missing.length,
      (i) => {
        if (i >= blockEnd) {
          blockStart = i;
          blockEnd = Math.min(ids.missing.length, i + BLOCK);
          this.hashAhead(ids, blockStart, blockEnd);
        }
        return ids.missing[i] === 1 ? -1 : this.copyToScratch(ids.bytes, ids.offsets[i], ids.offsets[i + 1]);
      },
      (i) => this.blockHashes[i - blockStart],
    );
  }

  /**
   * `scratchId(i)` puts label i's id in the scratch buffer and gives its length, or −1 for none;
   * `hashOf(i)`, when given, gives its hash (computed ahead), else it is computed here.
   */
  private joinEach(
    count: number,
    scratchId: (i: number) => number,
    hashOf?: (i: number) => number,
  ): LabelJoin {
    const predictionRow = new Int32Array(count);
    let matched = 0;
    let unmatched = 0;
    let duplicate = 0;
    let missingId = 0;
    const arena = this.arena;
    for (let i = 0; i < count; i++) {
      const length = scratchId(i);
      if (length < 0) {
        predictionRow[i] = MISSING_ID;
        missingId++;
        continue;
      }
      const at = this.findHashed(
        length,
        hashOf === undefined ? halfSipHash(this.scratchWords, length, this.k0, this.k1) : hashOf(i),
      );
      if (at < 0) {
        predictionRow[i] = UNMATCHED;
        unmatched++;
        continue;
      }
      const row = arena[at + 1];
      if (row < 0) {
        predictionRow[i] = DUPLICATE_LABEL;
        duplicate++;
      } else {
        predictionRow[i] = row;
        arena[at + 1] = -row - 1;
        this.labelled++;
        matched++;
      }
    }
    return { predictionRow, matched, unmatched, duplicate, missingId };
  }

  /** Bytes held by the index's arrays (their allocated length). */
  get memoryBytes(): number {
    return this.slots.byteLength + this.arena.byteLength + this.scratch.byteLength;
  }

  /**
   * The arena offset of the entry holding the id in the scratch buffer's first `length` bytes (of
   * hash `hash`), or −1.
   */
  private findHashed(length: number, hash: number): number {
    const words = (length + 3) >>> 2;
    const slots = this.slots;
    let slot = hash & this.mask;
    let probe = 1;
    while (slots[2 * slot + 1] !== 0) {
      const at = slots[2 * slot + 1] - 1;
      if (slots[2 * slot] === hash && this.sameId(at, length, words)) {
        this.noteProbe(probe);
        return at;
      }
      slot = (slot + 1) & this.mask;
      if (++probe > MAX_PROBE) this.flooded();
    }
    this.noteProbe(probe);
    return -1;
  }

  /** Copies the UTF-8 id `bytes[from, to)` into the scratch buffer, packed into zero-padded words. */
  private copyToScratch(bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    if (this.scratch.length < length + 4) {
      this.scratch = new Uint8Array((length + 4 + 3) & ~3);
      this.scratchWords = new Int32Array(this.scratch.buffer);
    }
    const words = this.scratchWords;
    let k = 0;
    let i = from;
    for (; i + 3 < to; i += 4) {
      words[k++] = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    }
    if (i < to) {
      let last = 0;
      for (let shift = 0; i < to; i++, shift += 8) last |= bytes[i] << shift;
      words[k] = last;
    }
    return length;
  }

  private sameId(at: number, length: number, words: number): boolean {
    const arena = this.arena;
    if (arena[at] !== length) return false;
    const scratch = this.scratchWords;
    const start = at + ENTRY_HEADER;
    for (let k = 0; k < words; k++) if (arena[start + k] !== scratch[k]) return false;
    return true;
  }

  private noteProbe(probe: number): void {
    if (probe > this.longestProbe) this.longestProbe = probe;
  }

  private flooded(): never {
    throw new IdTableFloodError(
      `more than ${MAX_PROBE} ids fell into one stretch of the id table (${this.entries} ids held): ` +
        'that does not happen by chance under the random hash key; the ids look crafted to collide',
    );
  }

  /** The arena offset of `size` more words. */
  private reserve(size: number): number {
    const at = this.arenaLength;
    if (at + size > this.arena.length) {
      // Room for every expected entry at the mean size so far (+5%), or half as much again.
      const expected = Math.max(this.expectedIds, this.entries + 1);
      const projected = Math.ceil((at / Math.max(1, this.entries)) * expected * 1.05);
      const grownSize = Math.max(projected, Math.ceil(this.arena.length * 1.5), at + size);
      const arena = new Int32Array(grownSize);
      arena.set(this.arena.subarray(0, at));
      this.arena = arena;
    }
    this.arenaLength = at + size;
    return at;
  }

  private growTable(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let s = 0; s <= this.mask; s++) {
      const at = this.slots[2 * s + 1];
      if (at === 0) continue;
      const hash = this.slots[2 * s];
      let slot = hash & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = at;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /**
   * Writes `id` as UTF-8 into the scratch buffer, zero-padded to a whole word; returns its byte
   * length. ASCII ids (the usual order ids, UUIDs, numbers) are packed four characters to a word
   * straight from the string; any other id goes through `encodeUtf8`.
   */
  private encode(id: string): number {
    const n = id.length;
    if (this.scratch.length < n * 3 + 4) {
      this.scratch = new Uint8Array((n * 3 + 4 + 3) & ~3);
      this.scratchWords = new Int32Array(this.scratch.buffer);
    }
    const words = this.scratchWords;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const a = id.charCodeAt(i);
      const b = id.charCodeAt(i + 1);
      const c = id.charCodeAt(i + 2);
      const d = id.charCodeAt(i + 3);
      if ((a | b | c | d) >= 0x80) return this.encodeUtf8(id);
      words[i >> 2] = a | (b << 8) | (c << 16) | (d << 24);
    }
    if (i < n) {
      let last = 0;
      for (let shift = 0; i < n; i++, shift += 8) {
        const a = id.charCodeAt(i);
        if (a >= 0x80) return this.encodeUtf8(id);
        last |= a << shift;
      }
      words[n >> 2] = last;
    }
    return n;
  }

  /** `encode` for any text: lone surrogates as U+FFFD, as TextEncoder writes them. */
  private encodeUtf8(id: string): number {
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
    for (let k = n; (k & 3) !== 0; k++) out[k] = 0;
    return n;
  }
}

/** A fresh 64-bit key from the platform's cryptographic random source (Web Crypto, Node ≥ 19). */
function randomKey(): [number, number] {
  const key = new Int32Array(2);
  globalThis.crypto.getRandomValues(key);
  return [key[0], key[1]];
}
