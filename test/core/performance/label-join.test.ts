import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halfSipHash } from '../../../lambdas/core/performance/half-siphash.ts';
import {
  DUPLICATE_LABEL,
  IdTableFloodError,
  MAX_PROBE,
  MISSING_ID,
  PredictionIdIndex,
  UNMATCHED,
} from '../../../lambdas/core/performance/label-join.ts';
import { murmur3Multicollisions, murmur3OfText } from './murmur3-multicollisions.ts';

/** The index's hash of an ASCII id under `key`. */
function hashOf(id: string, key: [number, number]): number {
  const bytes = new Uint8Array((id.length + 3) & ~3);
  for (let i = 0; i < id.length; i++) bytes[i] = id.charCodeAt(i);
  return halfSipHash(new Int32Array(bytes.buffer), id.length, key[0], key[1]);
}

/** Two ids with one hash under `key`, found by search (a birthday collision: ~2^16 tries). */
function collidingPair(key: [number, number]): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `id-${i}`;
    const hash = hashOf(id, key);
    const other = seen.get(hash);
    if (other !== undefined) return [other, id];
    seen.set(hash, id);
  }
}

const KEY: [number, number] = [0x1234567, -0x7654321];

function indexOf(ids: (string | null)[], expected?: number, key?: [number, number]): PredictionIdIndex {
  const index = new PredictionIdIndex(expected, key);
  for (const id of ids) index.add(id);
  return index;
}

/** The join written the obvious way, with a Map: what the typed index must equal. */
function naiveJoin(predictions: (string | null)[], batches: (string | null)[][]) {
  const firstRow = new Map<string, number>();
  predictions.forEach((id, row) => {
    if (id !== null && !firstRow.has(id)) firstRow.set(id, row);
  });
  const labelled = new Set<string>();
  return batches.map((labels) =>
    labels.map((id) => {
      if (id === null) return MISSING_ID;
      const row = firstRow.get(id);
      if (row === undefined) return UNMATCHED;
      if (labelled.has(id)) return DUPLICATE_LABEL;
      labelled.add(id);
      return row;
    }),
  );
}

describe('PredictionIdIndex', () => {
  it('joins each label to the row of its prediction', () => {
    const index = indexOf(['a', 'b', 'c']);
    const join = index.join(['c', 'a']);
    expect([...join.predictionRow]).toEqual([2, 0]);
    expect(join).toMatchObject({ matched: 2, unmatched: 0, duplicate: 0, missingId: 0 });
    expect(index.labelled).toBe(2);
  });

  it('counts labels with no prediction, and null ids, instead of dropping them', () => {
    const join = indexOf(['a']).join(['zzz', null, 'a']);
    expect([...join.predictionRow]).toEqual([UNMATCHED, MISSING_ID, 0]);
    expect(join).toMatchObject({ matched: 1, unmatched: 1, missingId: 1 });
  });

  it('keeps the first label of an id, across batches, and counts the later ones as duplicates', () => {
    const index = indexOf(['a', 'b']);
    expect([...index.join(['a', 'a']).predictionRow]).toEqual([0, DUPLICATE_LABEL]);
    const second = index.join(['a', 'b']);
    expect([...second.predictionRow]).toEqual([DUPLICATE_LABEL, 1]);
    expect(second.duplicate).toBe(1);
  });

  it('counts a repeated or null prediction id, and joins its label to the first row with it', () => {
    const index = indexOf(['a', null, 'a', 'b']);
    expect(index).toMatchObject({ rows: 4, duplicatePredictionIds: 1, missingPredictionIds: 1 });
    expect([...index.join(['a', 'b']).predictionRow]).toEqual([0, 3]);
  });

  it('tells apart two ids with the same 32-bit hash, by their bytes', () => {
    const [a, b] = collidingPair(KEY);
    const lone = indexOf([a], undefined, KEY);
    expect([...lone.join([b]).predictionRow]).toEqual([UNMATCHED]);
    const both = indexOf([a, b], undefined, KEY);
    expect(both.duplicatePredictionIds).toBe(0);
    expect([...both.join([b, a]).predictionRow]).toEqual([1, 0]);
  });

  it('joins ids by their exact text: length, late characters and non-ASCII text count', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `id-${i}`);
    ids.push('id-1\u0000', 'id-', 'ïd-1', '😀', '\ud800');
    const index = indexOf(ids, 1);
    const join = index.join(['id-1\u0000', 'id-', 'ïd-1', '😀', '\ud800', 'id-1', 'id-4999', 'id-5000']);
    expect([...join.predictionRow]).toEqual([5000, 5001, 5002, 5003, 5004, 1, 4999, UNMATCHED]);
  });

  it('equals a naive Map join on random ids, batches and duplicates', () => {
    const id = fc.option(fc.string({ maxLength: 6, unit: 'binary' }), { nil: null, freq: 10 });
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 300 }),
        fc.array(fc.array(id, { maxLength: 100 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 400 }),
        (predictions, batches, expected) => {
          const index = indexOf(predictions, expected);
          const ours = batches.map((b) => [...index.join(b).predictionRow]);
          expect(ours).toEqual(naiveJoin(predictions, batches));
          const distinct = new Set(predictions.filter((p) => p !== null)).size;
          expect(index.duplicatePredictionIds).toBe(predictions.filter((p) => p !== null).length - distinct);
        },
      ),
    );
  });

  it('holds 36-character ids in the memory per id its documentation states (≈ 61 bytes: 61 MB per million)', () => {
    const n = 250_000;
    const index = new PredictionIdIndex(n);
    for (let i = 0; i < n; i++) index.add(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(index.rows).toBe(n);
    // 8 bytes of entry header + 36 of text + 8 per slot at 2^19 / 250,000 slots per id, + ≤ 5% arena slack.
    expect(index.memoryBytes / n).toBeGreaterThan(60);
    expect(index.memoryBytes / n).toBeLessThan(64);
  });

  it('keeps probes short on ids crafted to share one MurmurHash3 value under every seed', () => {
    // 2^14 ids that MurmurHash3 (the index's former hash) maps to one value whatever the seed:
    // under it every insert walked every id before it, 1.3 · 10^8 probes for these alone.
    const ids = murmur3Multicollisions(14);
    expect(new Set(ids).size).toBe(ids.length);
    for (const seed of [0, 42, 0x5bd1e995]) {
      expect(new Set(ids.map((id) => murmur3OfText(id, seed))).size).toBe(1);
    }
    const index = indexOf(ids);
    const join = index.join([...ids].reverse());
    expect(join.matched).toBe(ids.length);
    // Chance clusters under a random key stay far below MAX_PROBE; under MurmurHash3 this was 2^14.
    expect(index.longestProbe).toBeLessThan(MAX_PROBE / 2);
  });

  it('stops with an IdTableFloodError rather than probing past MAX_PROBE slots', () => {
    // Ids aimed at the first 8 of 2,048 slots: possible only knowing the key, as this test does.
    const capacity = 2048;
    const aimed: string[] = [];
    for (let i = 0; aimed.length <= MAX_PROBE + 8; i++) {
      const id = `k${i}`;
      if ((hashOf(id, KEY) & (capacity - 1)) < 8) aimed.push(id);
    }
    const index = new PredictionIdIndex(capacity * 0.75, KEY);
    expect(() => {
      for (const id of aimed) index.add(id);
    }).toThrow(IdTableFloodError);
    expect(index.longestProbe).toBeLessThanOrEqual(MAX_PROBE);
  });

  it('draws a different hash key per index, so the join does not depend on it', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `order-${i}`);
    const rows = [1, 2, 3].map(() => [...indexOf(ids).join(['order-7', 'order-1999', 'x']).predictionRow]);
    expect(rows).toEqual([
      [7, 1999, UNMATCHED],
      [7, 1999, UNMATCHED],
      [7, 1999, UNMATCHED],
    ]);
  });
});
