import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_LABEL,
  MISSING_ID,
  PredictionIdIndex,
  UNMATCHED,
} from '../../../lambdas/core/performance/label-join.ts';

function indexOf(ids: (string | null)[], expected?: number): PredictionIdIndex {
  const index = new PredictionIdIndex(expected);
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
    // MurmurHash3 with seed 0 gives "id-3572" and "id-19100" the same hash (461959790), found by search.
    const lone = indexOf(['id-3572']);
    expect([...lone.join(['id-19100']).predictionRow]).toEqual([UNMATCHED]);
    const both = indexOf(['id-3572', 'id-19100']);
    expect(both.duplicatePredictionIds).toBe(0);
    expect([...both.join(['id-19100', 'id-3572']).predictionRow]).toEqual([1, 0]);
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
    // 36 bytes of text + 8 of entry arrays + 8 per slot at 2^19 / 250,000 slots per id, + ≤ 5% arena slack.
    expect(index.memoryBytes / n).toBeGreaterThan(60);
    expect(index.memoryBytes / n).toBeLessThan(64);
  });
});
