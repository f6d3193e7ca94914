import type { FileMetaData } from 'hyparquet';
import type { ReadLimits } from './read-limits.ts';

/**
 * Checks what a Parquet footer declares before anything is sized by it: a schema that forms
 * one tree of named elements, row counts that are whole numbers adding up to the file's and
 * that the row group's bytes can hold, and value counts of flat columns equal to their rows.
 * O(schema elements + column chunks). Throws an Error saying which field is wrong; the reader
 * wraps it with the file name.
 */
export function checkFooter(metadata: FileMetaData, limits: ReadLimits): void {
  checkSchema(metadata.schema);
  const fileRows = Number(metadata.num_rows);
  let rows = 0;
  for (const [index, rowGroup] of metadata.row_groups.entries()) {
    const groupRows = Number(rowGroup.num_rows);
    if (!Number.isSafeInteger(groupRows) || groupRows < 0) {
      throw new Error(`row group ${index} declares ${String(rowGroup.num_rows)} rows`);
    }
    let bytes = 0;
    for (const chunk of rowGroup.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) throw new Error(`row group ${index} has a column chunk without metadata`);
      const name = meta.path_in_schema.join('.');
      const values = Number(meta.num_values);
      const size = Number(meta.total_compressed_size);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(
          `row group ${index}, column "${name}" declares ${String(meta.total_compressed_size)} bytes`,
        );
      }
      if (!Number.isSafeInteger(values) || values < 0) {
        throw new Error(`row group ${index}, column "${name}" declares ${String(meta.num_values)} values`);
      }
      bytes += size;
    }
    // A value takes some bits at least, except in runs: bound rows by the bytes present.
    if (groupRows > limits.rowsPerByteFloor && groupRows > bytes * limits.maxRowsPerByte) {
      throw new Error(
        `row group ${index} declares ${groupRows} rows in ${bytes} bytes of column data (more than ${limits.maxRowsPerByte} rows a byte)`,
      );
    }
    rows += groupRows;
  }
  if (rows !== fileRows) {
    throw new Error(`the row groups hold ${rows} rows but the file declares ${String(metadata.num_rows)}`);
  }
}

/** Every element named, every child count whole, and the counts forming exactly one tree. */
function checkSchema(schema: FileMetaData['schema']): void {
  if (schema.length === 0) throw new Error('the schema is empty');
  // Elements still owed to open groups, innermost last (iterative: a deep schema is no recursion).
  const owed: number[] = [];
  for (const [index, element] of schema.entries()) {
    if (index > 0) {
      if (owed.length === 0) throw new Error(`schema element ${index} lies outside the schema tree`);
      owed[owed.length - 1]--;
    }
    if (typeof element.name !== 'string') throw new Error(`schema element ${index} has no name`);
    const children = element.num_children ?? 0;
    if (!Number.isSafeInteger(children) || children < 0 || children > schema.length - index - 1) {
      throw new Error(`schema element "${element.name}" declares ${String(element.num_children)} children`);
    }
    if (children > 0) owed.push(children);
    while (owed.length > 0 && owed[owed.length - 1] === 0) owed.pop();
  }
  if (owed.length > 0) throw new Error('the schema ends before all its elements are declared');
}
