import type { BaselinePeriods } from '../core/calibration/time-chunks.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import { mergeProfiles } from '../core/profile/merge-profiles.ts';
import { DEFAULT_SAMPLING } from '../core/profile/numeric-summary.ts';
import type { Profile } from '../core/profile/profile.ts';
import { Profiler } from '../core/profile/profiler.ts';
import { rowTimes, type TimeReading } from '../core/profile/row-times.ts';
import { selectRows } from '../core/profile/select-rows.ts';
import type { ByteSource } from './byte-source.ts';
import { openTable } from './open-table.ts';
import { openOptionsOf, type TableReading } from './profile-sources.ts';

/** Values each period keeps per column at least, however many periods share the budget. */
const MIN_PERIOD_VALUES = 4096;

/** One table of the baseline: its files and how they are read. */
export interface PeriodTable {
  readonly sources: readonly ByteSource[];
  readonly reading: TableReading;
}

/**
 * The baseline's rows split by period of its timestamp column, each period profiled on its own
 * (time-chunk calibration: lambdas/core/calibration/time-chunks.ts). A column profile keeps no
 * row order, so the tables are read twice: the timestamp column alone, for each row's period,
 * then every column, each batch's rows handed to their period's profiler. Periods start at
 * multiples of `periodMs` since the epoch. The periods share the profile's sampling budget
 * (`sampling.maxValues` per column over all periods, at least `MIN_PERIOD_VALUES` each), so the
 * split holds about as many values as the baseline profile. Rows without a readable time are in
 * no period (`untimedRows`). Tables of a rolling baseline are split alike and their periods merged.
 */
export async function profilePeriods(
  tables: readonly PeriodTable[],
  column: string,
  time: TimeReading,
  periodMs: number,
): Promise<BaselinePeriods> {
  const byStart = new Map<number, Profile>();
  let untimedRows = 0;
  for (const table of tables) {
    const split = await splitTable(table, column, time, periodMs);
    untimedRows += split.untimedRows;
    for (const [start, profile] of split.periods) {
      const earlier = byStart.get(start);
      byStart.set(start, earlier === undefined ? profile : mergeProfiles(earlier, profile));
    }
  }
  const periods = [...byStart]
    .sort(([a], [b]) => a - b)
    .map(([start, profile]) => ({ start, columns: profile.columns }));
  return { column, periodMs, periods, untimedRows };
}

async function splitTable(
  table: PeriodTable,
  column: string,
  time: TimeReading,
  periodMs: number,
): Promise<{ periods: Map<number, Profile>; untimedRows: number }> {
  const options = openOptionsOf(table.reading);
  // Pass 1: each row's period (an index into `starts`; -1 for no time).
  const starts: number[] = [];
  const indexOf = new Map<number, number>();
  let periodOfRow = new Int32Array(1 << 16);
  let rows = 0;
  let untimedRows = 0;
  const timestamps = await openTable(table.sources, options);
  for await (const batch of timestamps.batches([column])) {
    const values = batch.columns.get(column);
    if (values === undefined) {
      if (batch.continues === true) continue;
      const problem = batch.columnErrors?.get(column) ?? `no column ${column}`;
      throw new SnapshotFormatError(
        batch.source,
        null,
        `the timestamp column cannot split the baseline by period: ${problem}`,
      );
    }
    const times = rowTimes(values, batch.rowCount, time);
    if (rows + batch.rowCount > periodOfRow.length) {
      const grown = new Int32Array(Math.max(2 * periodOfRow.length, rows + batch.rowCount));
      grown.set(periodOfRow.subarray(0, rows));
      periodOfRow = grown;
    }
    for (let i = 0; i < batch.rowCount; i++) {
      const t = times[i];
      if (Number.isNaN(t)) {
        periodOfRow[rows + i] = -1;
        untimedRows++;
        continue;
      }
      const start = Math.floor(t / periodMs) * periodMs;
      let index = indexOf.get(start);
      if (index === undefined) {
        index = starts.length;
        indexOf.set(start, index);
        starts.push(start);
      }
      periodOfRow[rows + i] = index;
    }
    rows += batch.rowCount;
  }
  // Pass 2: every column, rows to their period's profiler.
  const profilerOptions = table.reading.profilerOptions ?? {};
  const sampling = profilerOptions.sampling ?? DEFAULT_SAMPLING;
  const perPeriod = Math.max(MIN_PERIOD_VALUES, Math.ceil(sampling.maxValues / Math.max(1, starts.length)));
  const reader = await openTable(table.sources, options);
  const schema = await reader.schema();
  const profilers = starts.map(() => {
    const profiler = new Profiler({ ...profilerOptions, sampling: { ...sampling, maxValues: perPeriod } });
    for (const declared of schema) profiler.declare(declared.name, declared.sourceType);
    return profiler;
  });
  let row = 0;
  const members = starts.map(() => [] as number[]);
  for await (const batch of reader.batches()) {
    if (row + batch.rowCount > rows) {
      throw new SnapshotFormatError(
        batch.source,
        null,
        'the table changed while it was split by period (more rows than at the first read)',
      );
    }
    for (const list of members) list.length = 0;
    for (let i = 0; i < batch.rowCount; i++) {
      const index = periodOfRow[row + i];
      if (index >= 0) members[index].push(i);
    }
    for (const [index, list] of members.entries()) {
      if (list.length === 0) continue;
      profilers[index].add(
        list.length === batch.rowCount ? batch : selectRows(batch, Uint32Array.from(list)),
      );
    }
    if (batch.continues !== true) row += batch.rowCount;
  }
  const periods = new Map<number, Profile>();
  for (const [index, profiler] of profilers.entries()) periods.set(starts[index], profiler.finish());
  return { periods, untimedRows };
}
