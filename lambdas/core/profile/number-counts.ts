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
 */
export class NumberCounts {
  private filter: Int32Array | null = null;
  private slots = new Int32Array(64).fill(-1);
  private keys = new Float64Array(32);
  private tallies = new Float64Array(32);
  private readonly labelList: string[] = [];

  get size(): number {
    return this.labelList.length;
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

  /** Adds a key not present yet, with a count of 1. */
  add(value: number, label: string): void {
    const key = value === 0 ? 0 : value;
    const entry = this.labelList.length;
    if (entry === this.keys.length) {
      const keys = new Float64Array(entry * 2);
      keys.set(this.keys);
      this.keys = keys;
      const tallies = new Float64Array(entry * 2);
      tallies.set(this.tallies);
      this.tallies = tallies;
    }
    this.keys[entry] = key;
    this.tallies[entry] = 1;
    this.labelList.push(label);
    if ((entry + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(entry);
    if (this.filter !== null) this.mark(key);
    else if (entry + 1 === FILTER_FROM) {
      this.filter = new Int32Array(FILTER_BITS / 32);
      for (let i = 0; i <= entry; i++) this.mark(this.keys[i]);
    }
  }

  /** Labels and counts in insertion order. */
  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.labelList.length; i++) yield [this.labelList[i], this.tallies[i]];
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
    for (let entry = 0; entry < this.labelList.length; entry++) this.place(entry);
  }
}

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function hashOf(key: number): number {
  bits[0] = key;
  let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}
