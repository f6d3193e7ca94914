import type { ColumnValues, RecordBatch } from '../columns.ts';

/**
 * The rows `rows` (ascending indexes) of a batch as a batch of their own: how a baseline's batch is
 * split among its periods (time-chunk calibration). Copies: the reader may reuse its buffers.
 */
export function selectRows(batch: RecordBatch, rows: Uint32Array): RecordBatch {
  const columns = new Map<string, ColumnValues>();
  for (const [name, values] of batch.columns)
    columns.set(name, selectColumnRows(values, rows, batch.rowCount));
  return {
    source: batch.source,
    firstRow: batch.firstRow + rows[0],
    rowCount: rows.length,
    columns,
    ...(batch.continues === true ? { continues: true } : {}),
    ...(batch.columnErrors !== undefined ? { columnErrors: batch.columnErrors } : {}),
  };
}

function selectColumnRows(values: ColumnValues, rows: Uint32Array, rowCount: number): ColumnValues {
  const nullsOf = (nulls: Uint8Array | null) =>
    nulls === null ? null : Uint8Array.from(rows, (i) => nulls[i]);
  switch (values.type) {
    case 'number':
      return {
        type: 'number',
        values: Float64Array.from(rows, (i) => values.values[i]),
        nulls: nullsOf(values.nulls),
      };
    case 'boolean':
      return {
        type: 'boolean',
        values: Uint8Array.from(rows, (i) => values.values[i]),
        nulls: nullsOf(values.nulls),
      };
    case 'string':
      return { type: 'string', values: Array.from(rows, (i) => values.values[i]) };
    case 'dictionary':
      return {
        type: 'dictionary',
        codes: Int32Array.from(rows, (i) => values.codes[i]),
        dictionary: values.dictionary,
        nulls: nullsOf(values.nulls),
        ...(values.untyped === true ? { untyped: true } : {}),
      };
    case 'cells':
      return { type: 'cells', values: Array.from(rows, (i) => values.values[i]) };
    case 'parsed-numbers': {
      const { text, textBytes } = values;
      return {
        type: 'parsed-numbers',
        values: Float64Array.from(rows, (i) => values.values[i]),
        nulls: nullsOf(values.nulls),
        text: (index) => text(rows[index]),
        ...(textBytes !== undefined ? { textBytes: (index, sink) => textBytes(rows[index], sink) } : {}),
        // The text heuristic reads the mean length: the rows' share of the sum keeps it.
        textLengthSum: Math.round((values.textLengthSum * rows.length) / rowCount),
        ...(values.leadingZeros === true ? { leadingZeros: true } : {}),
      };
    }
  }
}
