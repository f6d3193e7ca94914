import type { Utf8Sink } from '../columns.ts';

/** Entries from which a table keeps its presence bitmap (below, the probe table itself is small). */
const FILTER_FROM = 1024;
/** Bits in the presence bitmap: 16 KiB, so it stays in L1 beside the hot loop's data. */
const FILTER_BITS = 1 << 17;

/**
 * Counts keyed by number in typed arrays (open addressing), for the per-cell hot path: a lookup
 * costs a hash of the double's bits and a probe or two instead of a `Map` lookup, and nothing is
 * allocated per cell. Entries keep their insertion order.
 *
 * A continuous column fills the table to the category cap and then looks up values that are
 * almost never there: a one-hash presence bitmap (a Bloom filter) answers most of those misses
 * from L1 before the probe table (hundreds of KiB) is touched. It only ever says "maybe", so
 * counts are the same with or without it.
 *
 * Each entry's label is kept as UTF-8 bytes in one growing store (as the CSV reader's dictionary
 * keeps cells), decoded only when asked for: a profile that drops its numbers' categories never
 * makes the strings, and one that keeps them makes them once, at the end. Each entry also keeps
 * a `position` given by the caller (the profiler's: where the label stands among the other
 * categories).
 */
export class NumberCounts implements Utf8Sink {
  private filter: Int32Array | null = null;
  private slots = new Int32Array(64).fill(-1);
  private keys = new Float64Array(32);
  private tallies = new Float64Array(32);
  private positions = new Int32Array(32);
  /** Entry `e`'s label is `store[e === 0 ? 0 : labelEnds[e - 1], labelEnds[e])`. */
  private labelEnds = new Int32Array(32);
  private store = new Uint8Array(1024);
  private used = 0;
  private entryCount = 0;

  get size(): number {
    return this.entryCount;
  }

  /** Entry index of `value` (-0 and 0 are one key), or -1. */
  find(value: number): number {
    const key = value === 0 ? 0 : value;
    const hash = hashOf(key);
    const filter = this.filter;
    if (filter !== null && (filter[(hash >>> 5) & (FILTER_BITS / 32 - 1)] & (1 << (hash & 31))) === 0) {
      return -1;
    }
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === -1 || this.keys[entry] === key) return entry;
    }
  }

  increment(entry: number): void {
    this.tallies[entry]++;
  }

  /** Adds a key not present yet, with a count of 1 and `label`. */
  add(value: number, label: string, position = 0): void {
    this.addKey(value, position);
    this.takeText(label);
  }

  /**
   * Adds a key not present yet, with a count of 1 and an empty label: its label follows by
   * `takeUtf8` or `takeText`, before the next entry is added.
   */
  addKey(value: number, position: number): void {
    const key = value === 0 ? 0 : value;
    const entry = this.entryCount;
    if (entry === this.keys.length) this.growEntries(entry * 2);
    this.keys[entry] = key;
    this.tallies[entry] = 1;
    this.positions[entry] = position;
    this.labelEnds[entry] = this.used;
    this.entryCount = entry + 1;
    if ((entry + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
    if (this.filter !== null) this.mark(key);
    else if (entry + 1 === FILTER_FROM) {
      this.filter = new Int32Array(FILTER_BITS / 32);
      for (let i = 0; i <= entry; i++) this.mark(this.keys[i]);
    }
  }

  /** Appends `bytes[from, to)` to the newest entry's label. */
  takeUtf8(bytes: Uint8Array, from: number, to: number): void {
    const length = to - from;
    if (this.used + length > this.store.length) this.growStore(this.used + length);
    const store = this.store;
    // Labels are a few bytes: a loop, not a subarray and `set`.
    let used = this.used;
    for (let k = from; k < to; k++) store[used++] = bytes[k];
    this.used = used;
    this.labelEnds[this.entryCount - 1] = used;
  }

  /**
   * Appends `text` to the newest entry's label. The text of a number (digits, sign, point,
   * exponent, white space around) holds no lone surrogate, so its UTF-8 decodes back to it.
   */
  takeText(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (this.used + text.length * 3 > this.store.length) this.growStore(this.used + text.length * 3);
    this.used += utf8.encodeInto(text, this.store.subarray(this.used)).written;
    this.labelEnds[this.entryCount - 1] = this.used;
  }

  /** The label of `entry`, decoded. */
  label(entry: number): string {
    const from = entry === 0 ? 0 : this.labelEnds[entry - 1];
    return utf8Decoder.decode(this.store.subarray(from, this.labelEnds[entry]));
  }

  count(entry: number): number {
    return this.tallies[entry];
  }

  /** The number `entry` counts. */
  key(entry: number): number {
    return this.keys[entry];
  }

  /**
   * A table of the entries `keep` accepts, in the same order, with their counts, labels and
   * positions: for dropping entries, which open addressing cannot do in place.
   */
  keepOnly(keep: (entry: number) => boolean): NumberCounts {
    const kept = new NumberCounts();
    for (let entry = 0; entry < this.entryCount; entry++) {
      if (!keep(entry)) continue;
      kept.addKey(this.keys[entry], this.positions[entry]);
      kept.takeUtf8(this.store, entry === 0 ? 0 : this.labelEnds[entry - 1], this.labelEnds[entry]);
      kept.tallies[kept.entryCount - 1] = this.tallies[entry];
    }
    return kept;
  }

  /** The position `entry` was added with. */
  positionOf(entry: number): number {
    return this.positions[entry];
  }

  private mark(key: number): void {
    const hash = hashOf(key);
    // `filter` is set whenever this runs.
    this.filter![(hash >>> 5) & (FILTER_BITS / 32 - 1)] |= 1 << (hash & 31);
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = hashOf(this.keys[entry]) & mask;
    while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    for (let entry = 0; entry < this.entryCount; entry++) this.place(entry);
  }

  private growEntries(size: number): void {
    this.keys = grownFloats(this.keys, size);
    this.tallies = grownFloats(this.tallies, size);
    this.positions = grownInts(this.positions, size);
    this.labelEnds = grownInts(this.labelEnds, size);
  }

  private growStore(needed: number): void {
    const store = new Uint8Array(Math.max(this.store.length * 2, needed));
    store.set(this.store.subarray(0, this.used));
    this.store = store;
  }
}

// Web-standard text coding (core stays free of Node's own modules).
const utf8 = new TextEncoder();
// ignoreBOM: a label that starts with U+FEFF (Number() reads it as white space) keeps it.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function grownFloats(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(size);
  bigger.set(array);
  return bigger;
}

function grownInts(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function hashOf(key: number): number {
  bits[0] = key;
  let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}
