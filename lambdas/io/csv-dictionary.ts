import { Buffer } from 'node:buffer';
import { parseBooleanText, parseDatetimeText, parseNumberText } from '../core/profile/cell-parsing.ts';

/** FNV-1a (32-bit): the scanner hashes cells with it inline while it finds their end. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/**
 * A column's distinct cells in one batch, by their bytes (FNV-1a, open addressing): codes in
 * order of first appearance, one string decoded per distinct value rather than per cell.
 */
export class DictionaryBuilder {
  private slots = new Int32Array(64).fill(-1);
  private hashes = new Int32Array(32);
  /** Entry `e`'s bytes are `store[e === 0 ? 0 : ends[e - 1], ends[e])`. */
  private ends = new Int32Array(32);
  private store = new Uint8Array(1024);
  private storeText = Buffer.from(this.store.buffer);
  private used = 0;
  values: string[] = [];
  /** No distinct value so far reads as a number, boolean, date-time or NaN/infinity word. */
  plainStrings = true;

  /** Empty again, keeping the buffers; `values` is a new array (the last batch keeps its own). */
  reset(): void {
    if (this.values.length > 0) this.slots.fill(-1);
    this.values = [];
    this.used = 0;
    this.plainStrings = true;
  }

  /** Code of the cell `buf[start, end)`, whose hashOf is `hash`; a new code for a new value. */
  codeOf(buf: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === -1) break;
      if (this.hashes[entry] === hash) {
        const from = entry === 0 ? 0 : this.ends[entry - 1];
        if (this.ends[entry] - from === end - start && sameBytes(buf, start, this.store, from, end - start)) {
          return entry;
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, start, end, hash, slot);
  }

  private add(buf: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const entry = this.values.length;
    const length = end - start;
    if (this.used + length > this.store.length) {
      const grown = new Uint8Array(Math.max(this.store.length * 2, this.used + length));
      grown.set(this.store.subarray(0, this.used));
      this.store = grown;
      this.storeText = Buffer.from(grown.buffer);
    }
    this.store.set(buf.subarray(start, end), this.used);
    const from = this.used;
    this.used += length;
    if (entry === this.ends.length) {
      const ends = new Int32Array(entry * 2);
      ends.set(this.ends);
      this.ends = ends;
      const hashes = new Int32Array(entry * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.ends[entry] = this.used;
    this.hashes[entry] = hash;
    this.slots[slot] = entry;
    const text = this.storeText.toString('utf8', from, this.used);
    this.values.push(text);
    if (
      this.plainStrings &&
      (parseNumberText(text) !== undefined ||
        parseBooleanText(text) !== undefined ||
        parseDatetimeText(text) !== undefined)
    ) {
      this.plainStrings = false;
    }
    if ((entry + 1) * 2 > this.slots.length) this.rehash();
    return entry;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.values.length; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

/** FNV-1a of the bytes, as scanRecord computes it while finding a field's end. */
export function hashOf(buf: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let j = start; j < end; j++) hash = Math.imul(hash ^ buf[j], FNV_PRIME);
  return hash;
}

export function sameBytes(
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
): boolean {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
