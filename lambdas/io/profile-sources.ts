import type { ModelRowCollector } from '../core/performance/model-rows.ts';
import type { Profile } from '../core/profile/profile.ts';
import { Profiler, type ProfilerOptions } from '../core/profile/profiler.ts';
import type { ByteSource } from './byte-source.ts';
import type { TableFormatName } from './format.ts';
import { type OpenTableOptions, openTable } from './open-table.ts';
import type { ReadLimits } from './read-limits.ts';

/** How one table is read and profiled: what `checkSetupOf` derives from a monitor's settings. */
export interface TableReading {
  readonly profilerOptions?: ProfilerOptions;
  /** Over the readers' defaults (read-limits.ts). */
  readonly readLimits?: Partial<ReadLimits>;
  /** Read every part as this format whatever its name (`--input-format`). @default by extension */
  readonly format?: TableFormatName;
  /** Feature names of SageMaker capture CSV payloads (monitor `captureColumns`, `--capture-columns`). */
  readonly captureColumns?: readonly string[];
}

/** How far a read has got, reported after each batch. */
export interface ReadProgress {
  readonly rows: number;
  /** Bytes fetched so far; null when the sources do not count them. */
  readonly bytes: number | null;
  readonly totalBytes: number;
}

/** How a table is opened for profiling: the profiler copies what it keeps from each batch before the next is read. */
export function openOptionsOf(reading: TableReading): OpenTableOptions {
  return {
    reuseBuffers: true,
    decimalComma: reading.profilerOptions?.decimalSeparator === ',',
    ...(reading.format !== undefined ? { format: reading.format } : {}),
    ...(reading.captureColumns !== undefined ? { captureColumns: reading.captureColumns } : {}),
    ...(reading.readLimits ? { limits: reading.readLimits } : {}),
  };
}

/**
 * Streams one table (a file or its part files) through the profiler, batch by batch; with a
 * `model` collector, its model columns row by row too, in the same pass.
 */
export async function profileSources(
  sources: readonly ByteSource[],
  reading: TableReading = {},
  onProgress?: (progress: ReadProgress) => void,
  model?: ModelRowCollector,
): Promise<Profile> {
  const options = reading.profilerOptions ?? {};
  const reader = await openTable(sources, openOptionsOf(reading));
  const profiler = new Profiler(options);
  const schema = await reader.schema();
  for (const column of schema) profiler.declare(column.name, column.sourceType);
  model?.beginTable(schema.map((column) => column.name));
  // Sources that count their reads (local files) let the first batch estimate the row count.
  const counted = bytesRead(sources) !== null;
  const totalBytes = onProgress || counted ? await totalSize(sources) : 0;
  let rows = 0;
  let estimated = !counted;
  for await (const batch of reader.batches()) {
    profiler.add(batch);
    model?.add(batch);
    if (batch.continues !== true) rows += batch.rowCount;
    if (!estimated && rows > 0) {
      estimated = true;
      const bytes = bytesRead(sources) ?? 0;
      // 5% over: a short estimate would end in one more all-columns growth step.
      if (bytes > 0) profiler.expectRows(Math.ceil((rows * totalBytes * 1.05) / bytes));
    }
    if (onProgress) onProgress({ rows, bytes: bytesRead(sources), totalBytes });
  }
  // A compare-only shortcut that did not hold (Profiler.needsFullRead): once more, in full.
  if (profiler.needsFullRead()) {
    model?.rewindTable();
    return profileSources(
      sources,
      { ...reading, profilerOptions: { ...options, compareOnly: false } },
      onProgress,
      model,
    );
  }
  return profiler.finish();
}

async function totalSize(sources: readonly ByteSource[]): Promise<number> {
  let total = 0;
  for (const source of sources) total += await source.size();
  return total;
}

/** Sources that count their reads (LocalFileSource) expose `bytesRead`; others report none. */
function bytesRead(sources: readonly ByteSource[]): number | null {
  let total = 0;
  for (const source of sources) {
    const counted = (source as { readonly bytesRead?: unknown }).bytesRead;
    if (typeof counted !== 'number') return null;
    total += counted;
  }
  return total;
}
