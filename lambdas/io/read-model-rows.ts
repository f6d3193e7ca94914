import { type ModelColumnNames, ModelRowCollector, type ModelRows } from '../core/performance/model-rows.ts';
import type { ByteSource } from './byte-source.ts';
import { openTable } from './open-table.ts';
import type { TableReading } from './profile-sources.ts';

/**
 * Reads only a table's model columns (ids, target, prediction, score: those it has), row by row,
 * up to `maxRows` rows (past it the rows say `overflow` and hold nothing).
 */
export async function readModelRows(
  sources: readonly ByteSource[],
  names: ModelColumnNames,
  maxRows: number,
  reading: TableReading = {},
): Promise<ModelRows> {
  const reader = await openTable(sources, {
    decimalComma: reading.profilerOptions?.decimalSeparator === ',',
    ...(reading.format !== undefined ? { format: reading.format } : {}),
    ...(reading.captureColumns !== undefined ? { captureColumns: reading.captureColumns } : {}),
    ...(reading.readLimits ? { limits: reading.readLimits } : {}),
  });
  const columns = (await reader.schema()).map((column) => column.name);
  const collector = new ModelRowCollector(names, maxRows);
  collector.beginTable(columns);
  const present = new Set(columns);
  const wanted = [names.id, names.target, names.prediction, names.score].filter(
    (name): name is string => name !== undefined && present.has(name),
  );
  // With none of them the rows still count (every model column missing): read the first column.
  for await (const batch of reader.batches(wanted.length > 0 ? wanted : columns.slice(0, 1)))
    collector.add(batch);
  return collector.finish();
}
