import { describe, expect, it } from 'vitest';
import { DelayedLabelJoin } from '../../../lambdas/core/performance/delayed-label-join.ts';
import type { IdColumn, ModelRows } from '../../../lambdas/core/performance/model-rows.ts';

function idColumn(ids: readonly (string | null)[]): IdColumn {
  const encoder = new TextEncoder();
  const parts = ids.map((id) => encoder.encode(id ?? ''));
  const offsets = new Uint32Array(ids.length + 1);
  parts.forEach((part, i) => {
    offsets[i + 1] = offsets[i] + part.length;
  });
  const bytes = new Uint8Array(offsets[ids.length]);
  for (const [i, part] of parts.entries()) bytes.set(part, offsets[i]);
  return { bytes, offsets, missing: Uint8Array.from(ids, (id) => (id === null ? 1 : 0)) };
}

/** A classifier's predictions: ids and predicted classes (codes into `classes`). */
function predictions(ids: (string | null)[], predicted: number[], classes = ['0', '1']): ModelRows {
  return {
    task: 'classification',
    rows: ids.length,
    classes,
    target: null,
    prediction: Int32Array.from(predicted),
    score: null,
    ids: idColumn(ids),
    notNumbers: 0,
    tables: 1,
  };
}

/** A label batch: ids and labels (null: an empty target cell). */
function labels(ids: (string | null)[], values: (string | null)[]): ModelRows {
  const classes: string[] = [];
  const target = Int32Array.from(values, (value) => {
    if (value === null) return -1;
    if (!classes.includes(value)) classes.push(value);
    return classes.indexOf(value);
  });
  return {
    task: 'classification',
    rows: ids.length,
    classes,
    target,
    prediction: null,
    score: null,
    ids: idColumn(ids),
    notNumbers: 0,
    tables: 1,
  };
}

describe('DelayedLabelJoin', () => {
  it('joins a batch across snapshots and gives each snapshot its own coverage', () => {
    const join = new DelayedLabelJoin([
      { id: 'a', rows: predictions(['1', '2', '3', '4'], [0, 1, 1, 0]) },
      { id: 'b', rows: predictions(['5', '6'], [1, 1]) },
    ]);
    expect(join.apply(labels(['2', '6', '1'], ['1', '0', '0']))).toEqual({
      labelRows: 3,
      matched: 3,
      unmatched: 0,
      duplicate: 0,
      missingId: 0,
    });
    expect(join.coverageOf(0)).toMatchObject({ predictions: 4, labelled: 2, share: 0.5, matched: 2 });
    expect(join.coverageOf(1)).toMatchObject({ predictions: 2, labelled: 1, share: 0.5, matched: 1 });
    const a = join.rowsOf(0);
    expect([...(a.target as Int32Array)].map((code) => (code < 0 ? null : a.classes[code]))).toEqual([
      '0',
      '1',
      null,
      null,
    ]);
  });

  it('counts unmatched, duplicate and id-less label rows over every batch, never dropping them', () => {
    const join = new DelayedLabelJoin([{ id: 'a', rows: predictions(['1', '2'], [0, 1]) }]);
    expect(join.apply(labels(['1', 'x', null, '1'], ['1', '1', '0', '0']))).toMatchObject({
      matched: 1,
      unmatched: 1,
      missingId: 1,
      duplicate: 1,
    });
    // A later batch labelling an id again: the first label wins, the second is a duplicate.
    expect(join.apply(labels(['1', '2'], ['0', '1']))).toMatchObject({ matched: 1, duplicate: 1 });
    expect(join.coverageOf(0)).toMatchObject({
      labelled: 2,
      labelRows: 6,
      matched: 2,
      unmatched: 1,
      duplicate: 2,
      missingId: 1,
    });
    const rows = join.rowsOf(0);
    expect(rows.classes[(rows.target as Int32Array)[0]]).toBe('1');
  });

  it('labels an id predicted in two snapshots in the first, and counts the repeat in the second', () => {
    const join = new DelayedLabelJoin([
      { id: 'a', rows: predictions(['1', '2'], [0, 1]) },
      { id: 'b', rows: predictions(['2', '3', null], [1, 1, 0]) },
    ]);
    join.apply(labels(['2', '3'], ['1', '1']));
    expect(join.coverageOf(0)).toMatchObject({ labelled: 1, duplicatePredictionIds: 0 });
    expect(join.coverageOf(1)).toMatchObject({
      predictions: 3,
      labelled: 1,
      duplicatePredictionIds: 1,
      missingPredictionIds: 1,
    });
  });

  it('counts a matched label with an empty target as matched but not as labelling its prediction', () => {
    const join = new DelayedLabelJoin([{ id: 'a', rows: predictions(['1', '2'], [0, 1]) }]);
    expect(join.apply(labels(['1', '2'], [null, '1']))).toMatchObject({ matched: 2 });
    expect(join.coverageOf(0)).toMatchObject({ labelled: 1, share: 0.5, matched: 2 });
  });

  it("appends a label class the snapshot's predictions never had to that snapshot's classes", () => {
    const join = new DelayedLabelJoin([{ id: 'a', rows: predictions(['1', '2'], [0, 0], ['cat']) }]);
    join.apply(labels(['1', '2'], ['dog', 'cat']));
    const rows = join.rowsOf(0);
    expect(rows.classes).toEqual(['cat', 'dog']);
    expect([...(rows.target as Int32Array)]).toEqual([1, 0]);
  });

  it('joins regression labels as numbers, NaN where none arrived', () => {
    const join = new DelayedLabelJoin([
      {
        id: 'a',
        rows: { ...predictions(['1', '2'], [0, 0]), task: 'regression', prediction: Float64Array.of(1.5, 2) },
      },
    ]);
    join.apply({ ...labels(['2'], ['0']), task: 'regression', target: Float64Array.of(7.25) });
    expect([...(join.rowsOf(0).target as Float64Array)]).toEqual([Number.NaN, 7.25]);
    expect(join.coverageOf(0)).toMatchObject({ labelled: 1 });
  });

  it('keeps a snapshot without an id column in the join: its rows are id-less and never labelled', () => {
    const join = new DelayedLabelJoin([
      { id: 'a', rows: { ...predictions(['1'], [0]), ids: null } },
      { id: 'b', rows: predictions(['1'], [1]) },
    ]);
    join.apply(labels(['1'], ['1']));
    expect(join.coverageOf(0)).toMatchObject({ labelled: 0, missingPredictionIds: 1 });
    expect(join.coverageOf(1)).toMatchObject({ labelled: 1 });
  });
});
