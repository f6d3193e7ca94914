import { describe, expect, it } from 'vitest';
import type { ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { joinLabels } from '../../../lambdas/core/performance/join-labels.ts';
import { ModelRowCollector, type ModelRows } from '../../../lambdas/core/performance/model-rows.ts';

function batch(columns: Record<string, ColumnValues>, rowCount: number, continues = false): RecordBatch {
  return { source: 't.csv', firstRow: 1, rowCount, columns: new Map(Object.entries(columns)), continues };
}

const labelsOf = (rows: ModelRows, codes: Int32Array | Float64Array | null) =>
  Array.from(codes as Int32Array, (code) => (code < 0 ? null : rows.classes[code]));

const decoder = new TextDecoder();
const idsOf = (rows: ModelRows) => {
  const ids = rows.ids!;
  return Array.from(ids.missing, (missing, i) =>
    missing === 1 ? null : decoder.decode(ids.bytes.subarray(ids.offsets[i], ids.offsets[i + 1])),
  );
};

describe('ModelRowCollector', () => {
  it('reads class labels from every column form as their text, one dictionary for target and prediction', () => {
    const collector = new ModelRowCollector({ task: 'classification', target: 'y', prediction: 'p' }, 100);
    collector.beginTable(['y', 'p']);
    collector.add(
      batch(
        {
          y: { type: 'number', values: Float64Array.of(1, 0, Number.NaN), nulls: Uint8Array.of(0, 0, 0) },
          p: { type: 'cells', values: ['1', 0, null] },
        },
        3,
      ),
    );
    collector.add(
      batch(
        {
          y: { type: 'dictionary', codes: Int32Array.of(0, -1), dictionary: ['1'], nulls: null },
          p: { type: 'string', values: ['spam', null] },
        },
        2,
      ),
    );
    const rows = collector.finish();
    expect(rows.rows).toBe(5);
    expect(labelsOf(rows, rows.target)).toStrictEqual(['1', '0', null, '1', null]);
    expect(labelsOf(rows, rows.prediction)).toStrictEqual(['1', '0', null, 'spam', null]);
    expect(rows.score).toBeNull();
  });

  it('keeps rows aligned across the column pieces of a split row group and a column missing from a batch', () => {
    const collector = new ModelRowCollector(
      { task: 'regression', target: 'y', prediction: 'p', id: 'id' },
      100,
    );
    collector.beginTable(['y', 'p', 'id']);
    collector.add(batch({ y: { type: 'number', values: Float64Array.of(1, 2), nulls: null } }, 2, true));
    collector.add(
      batch(
        {
          p: { type: 'number', values: Float64Array.of(1.5, 2.5), nulls: null },
          id: { type: 'string', values: ['a', 'b'] },
        },
        2,
      ),
    );
    collector.add(batch({ y: { type: 'string', values: ['3', 'n/a'] } }, 2));
    const rows = collector.finish();
    expect(Array.from(rows.target as Float64Array)).toStrictEqual([1, 2, 3, Number.NaN]);
    expect(Array.from(rows.prediction as Float64Array)).toStrictEqual([1.5, 2.5, Number.NaN, Number.NaN]);
    expect(idsOf(rows)).toStrictEqual(['a', 'b', null, null]);
    expect(rows.notNumbers).toBe(1);
  });

  it('stops at maxRows, frees what it held and says why', () => {
    const collector = new ModelRowCollector({ task: 'regression', target: 'y', prediction: 'p' }, 3);
    collector.beginTable(['y', 'p']);
    const values: ColumnValues = { type: 'number', values: Float64Array.of(1, 2), nulls: null };
    collector.add(batch({ y: values, p: values }, 2));
    collector.add(batch({ y: values, p: values }, 2));
    const rows = collector.finish();
    expect(rows.target).toBeNull();
    expect(rows.overflow).toBe(
      'the table has more than 3 rows, the most whose model columns are held (model.maxRows)',
    );
  });

  it('drops a table read again from its first row, and adds tables one after another', () => {
    const collector = new ModelRowCollector(
      { task: 'regression', target: 'y', prediction: 'p', id: 'id' },
      100,
    );
    collector.beginTable(['y', 'p', 'id']);
    const numbers = (...v: number[]): ColumnValues => ({
      type: 'number',
      values: Float64Array.from(v),
      nulls: null,
    });
    collector.add(batch({ y: numbers(1), p: numbers(1), id: { type: 'string', values: ['first'] } }, 1));
    collector.beginTable(['y', 'p', 'id']);
    collector.add(batch({ y: numbers(9), p: numbers(9), id: { type: 'string', values: ['dropped-id'] } }, 1));
    collector.rewindTable();
    collector.add(batch({ y: numbers(2), p: numbers(2), id: { type: 'string', values: ['second'] } }, 1));
    // A third table without the target: its rows have none.
    collector.beginTable(['p', 'id']);
    collector.add(batch({ p: numbers(3), id: { type: 'string', values: ['third'] } }, 1));
    const rows = collector.finish();
    expect(Array.from(rows.target as Float64Array)).toStrictEqual([1, 2, Number.NaN]);
    expect(idsOf(rows)).toStrictEqual(['first', 'second', 'third']);
  });

  it('keeps ids of any text, ASCII or not, byte for byte', () => {
    const collector = new ModelRowCollector({ task: 'regression', id: 'id' }, 100);
    collector.beginTable(['id']);
    const ids = ['a-1', 'é-2', '🙂', '', 'ascii-again', '\ud800'];
    collector.add(batch({ id: { type: 'string', values: ids } }, ids.length));
    // A lone surrogate is U+FFFD in UTF-8, as TextEncoder writes it.
    expect(idsOf(collector.finish())).toStrictEqual(['a-1', 'é-2', '🙂', '', 'ascii-again', '\ufffd']);
  });

  it('gives null for a column no table has, so the report can say it is absent', () => {
    const collector = new ModelRowCollector({ task: 'classification', target: 'y', prediction: 'p' }, 100);
    collector.beginTable(['p']);
    collector.add(batch({ p: { type: 'string', values: ['a'] } }, 1));
    expect(collector.finish().target).toBeNull();
  });
});

describe('joinLabels', () => {
  it('puts each label on the prediction with its id and counts every label row that found none', () => {
    const predictions = new ModelRowCollector(
      { task: 'classification', prediction: 'p', target: 'y', id: 'id' },
      100,
    );
    predictions.beginTable(['p', 'id']);
    predictions.add(
      batch(
        {
          p: { type: 'string', values: ['cat', 'dog', 'cat', 'dog'] },
          id: { type: 'cells', values: [1, 2, 2, null] },
        },
        4,
      ),
    );
    const labels = new ModelRowCollector({ task: 'classification', target: 'y', id: 'id' }, 100);
    labels.beginTable(['id', 'y']);
    labels.add(
      batch(
        {
          id: {
            type: 'parsed-numbers',
            values: Float64Array.of(2, 1, 7, 2, 0),
            nulls: Uint8Array.of(0, 0, 0, 0, 1),
            text: (i) => ['2', '1', '7', '2', ''][i],
            textLengthSum: 4,
          },
          y: { type: 'string', values: ['dog', 'bird', 'cat', 'cat', 'cat'] },
        },
        5,
      ),
    );
    const { rows, coverage } = joinLabels(predictions.finish(), labels.finish());
    expect(labelsOf(rows, rows.target)).toStrictEqual(['bird', 'dog', null, null]);
    expect(labelsOf(rows, rows.prediction)).toStrictEqual(['cat', 'dog', 'cat', 'dog']);
    expect(coverage).toStrictEqual({
      predictions: 4,
      labelled: 2,
      share: 0.5,
      labelRows: 5,
      matched: 2,
      unmatched: 1,
      duplicate: 1,
      missingId: 1,
      duplicatePredictionIds: 1,
      missingPredictionIds: 1,
    });
  });
});
