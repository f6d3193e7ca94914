import { createHash } from 'node:crypto';
import type { MonitorConfig } from '../config.ts';
import { DriftwatchError, SnapshotFormatError } from '../core/errors.ts';
import { RowSampleFold } from '../core/multivariate/merge-row-samples.ts';
import type { RowSample } from '../core/multivariate/row-sample.ts';
import {
  RowSampleFormatError,
  rowSampleFromBytes,
  rowSampleToBytes,
} from '../core/multivariate/row-sample-bytes.ts';
import { measureModel, type SideMeasurement } from '../core/performance/measure-model.ts';
import { ModelRowCollector } from '../core/performance/model-rows.ts';
import type { ModelSpec } from '../core/performance/model-spec.ts';
import { CATEGORY_RULE } from '../core/profile/category-counts.ts';
import { mergeProfiles } from '../core/profile/merge-profiles.ts';
import { PROFILE_VERSION, type Profile } from '../core/profile/profile.ts';
import type { ProfilerOptions } from '../core/profile/profiler.ts';
import { ProfileFormatError, profileFromBytes, profileToBytes } from '../core/profile/serialize-profile.ts';
import { sortProfileInPlace } from '../core/profile/sort-profile.ts';
import type { InputFormat } from '../io/format.ts';
import type { PeriodTable } from '../io/profile-periods.ts';
import { profileSources, type TableReading } from '../io/profile-sources.ts';
import type { SnapshotStore, StoredObject } from '../io/snapshot-store.ts';
import { isWriterLeftover } from '../io/writer-leftovers.ts';
import {
  checkTableObjects,
  type Snapshot,
  snapshotFolder,
  tableFormatOf,
  tableInputOf,
} from './snapshots.ts';

/** A baseline could not be found or read: the check reports `error` and retries next run. */
export class BaselineError extends DriftwatchError {
  override readonly name = 'BaselineError';
}

export interface BaselineProfile {
  /** `baseline`, the previous snapshot's id, or `rolling:<first>..<last>`. */
  readonly id: string;
  readonly profile: Profile;
  /** Tables profiled now (cache misses); 0 when every profile came from the cache. */
  readonly built: number;
  /** Cached profiles deleted because this baseline no longer uses them (their row samples go with them). */
  readonly pruned: number;
  /** The cache key of each table's profile: what the baseline is, for whatever is cached beside it. */
  readonly cacheKeys: readonly string[];
  /** Each table's files and how they are read: to read the baseline again (split by period). */
  readonly tables: readonly PeriodTable[];
  /** The model's quality on the baseline's rows; null when the monitor has no `model` settings. */
  readonly performance: SideMeasurement | null;
}

/**
 * Why the newest snapshot has no baseline yet, or null when it has one: under `previous` and
 * `rolling` the first snapshot has nothing before it. Not a failure (status `waiting`): the next
 * snapshot is compared with this one.
 */
export function waitingForBaseline(monitor: MonitorConfig, snapshots: readonly Snapshot[]): string | null {
  if (monitor.baseline.mode === 'fixed' || snapshots.length !== 1) return null;
  const what = monitor.baseline.mode === 'previous' ? 'the snapshot before it' : 'the snapshots before it';
  return (
    `waiting for baseline: baseline mode "${monitor.baseline.mode}" compares each snapshot with ${what}; ` +
    `${snapshots[0].id} is the first, so the next snapshot is compared with it`
  );
}

interface Table {
  readonly objects: readonly StoredObject[];
  readonly folder: string;
  /** How its files are read beyond their extensions. */
  readonly input: Pick<TableReading, 'format' | 'captureColumns'>;
  /** The format its files must have. */
  readonly format: InputFormat;
}

/**
 * The baseline profile for the newest snapshot under the monitor's baseline mode. Each table's
 * profile is cached at `<prefix>cache/profile-<hash>.bin` (a version-2 profile container, read
 * as views of one buffer: docs/design.md §6), the hash over its objects' keys and
 * ETags and the profiler options, so a scheduled check profiles only the new snapshot. A
 * corrupt or truncated cache entry is rebuilt, never trusted; version-1 `.json` entries are no
 * longer looked up (their key differs), so they are rebuilt once.
 *
 * A cached profile holds copies of its table's values (README "Baseline cache"), so none is kept
 * longer than it serves: every entry this baseline does not use (a replaced fixed baseline, a
 * snapshot that left the rolling window, an entry of other profiler options) is deleted once the
 * baseline is loaded; with `cacheProfiles: false` nothing is cached and every entry is deleted.
 * The bucket's lifecycle rule on `<prefix>cache/` expires whatever a failed run leaves behind.
 */
export async function loadBaselineProfile(options: {
  readonly monitor: MonitorConfig;
  readonly dataStore: SnapshotStore;
  readonly cacheStore: SnapshotStore;
  /** Every snapshot, oldest first; the last one is being checked. */
  readonly snapshots: readonly Snapshot[];
  readonly reading: TableReading;
  /** Measure the model on the baseline's rows too (cached beside its profiles). */
  readonly model?: ModelSpec | null;
}): Promise<BaselineProfile> {
  const { monitor, dataStore, snapshots } = options;
  const snapshotsFolder = `${monitor.prefix}snapshots/`;
  const earlier = snapshots.slice(0, -1);
  let id: string;
  let tables: Table[];
  switch (monitor.baseline.mode) {
    case 'fixed': {
      const folder = `${monitor.prefix}baseline/`;
      const objects = (await dataStore.list(folder)).filter(
        (object) =>
          !object.key.endsWith('/') && !isWriterLeftover(object.key.slice(object.key.lastIndexOf('/') + 1)),
      );
      if (objects.length === 0) {
        throw new BaselineError(
          `${dataStore.location}/${folder}: no baseline files; upload the reference data there (one file or part files)`,
        );
      }
      id = 'baseline';
      tables = [
        {
          objects,
          folder,
          input: tableInputOf(monitor, 'fixed-baseline'),
          format: tableFormatOf(monitor, 'fixed-baseline'),
        },
      ];
      break;
    }
    case 'previous': {
      const previous = earlier.at(-1);
      if (previous === undefined) {
        throw new BaselineError(
          `baseline mode "previous" needs a snapshot before ${snapshots.at(-1)?.id ?? 'the newest'}`,
        );
      }
      id = previous.id;
      tables = [
        {
          objects: previous.objects,
          folder: snapshotFolder(previous, snapshotsFolder),
          input: tableInputOf(monitor, 'snapshot'),
          format: tableFormatOf(monitor, 'snapshot'),
        },
      ];
      break;
    }
    case 'rolling': {
      const window = earlier.slice(-monitor.baseline.snapshots);
      if (window.length === 0) {
        throw new BaselineError(
          `baseline mode "rolling" needs at least one snapshot before ${snapshots.at(-1)?.id ?? 'the newest'}`,
        );
      }
      id = window.length === 1 ? window[0].id : `rolling:${window[0].id}..${window.at(-1)!.id}`;
      tables = window.map((snapshot) => ({
        objects: snapshot.objects,
        folder: snapshotFolder(snapshot, snapshotsFolder),
        input: tableInputOf(monitor, 'snapshot'),
        format: tableFormatOf(monitor, 'snapshot'),
      }));
      break;
    }
  }
  let built = 0;
  let merged: Profile | undefined;
  const used = new Set<string>();
  const cacheKeys: string[] = [];
  const rowSample = options.reading.rowSample;
  // One table's sample at a time folded into the running one, as the fan-out's reduce does: a long
  // rolling window never holds every snapshot's sample at once.
  const rowSamples = rowSample === undefined ? null : new RowSampleFold(rowSample.maxRows, rowSample.seed);
  // A fixed baseline is one table never merged with another: its cache entry keeps the kept
  // values sorted, so each scheduled check sorts only the snapshot's (docs/design.md §6).
  // Other modes merge cached tables, and merging replays values in order, so they stay unsorted.
  const sorted = monitor.baseline.mode === 'fixed';
  const model = options.model ?? null;
  const performanceKey =
    model === null
      ? null
      : performanceCacheKey(
          monitor.prefix,
          tables.map((table) => profileCacheKey(table, options)),
          model,
        );
  let performance = performanceKey === null ? null : await cachedPerformance(options, performanceKey);
  // No measurement cached: the tables are read (not taken from the cache), their model columns collected on the way.
  const collector =
    model !== null && performance === null
      ? new ModelRowCollector(
          {
            task: model.task,
            target: model.target,
            prediction: model.prediction,
            ...(model.score !== undefined ? { score: model.score } : {}),
          },
          model.maxRows,
        )
      : undefined;
  for (const table of tables) {
    const { profile, fromCache, key } = await cachedProfile(table, options, sorted, collector);
    if (!fromCache) built++;
    cacheKeys.push(key);
    if (monitor.cacheProfiles) used.add(key);
    if (rowSamples !== null) {
      const rows = await cachedRowSample(table, options, key, profile.rows);
      rowSamples.add(rows.sample);
      if (monitor.cacheProfiles) used.add(rows.key);
    }
    merged = merged === undefined ? profile : mergeProfiles(merged, profile);
  }
  if (model !== null && collector !== undefined) {
    performance = measureModel(collector.finish(), model, 'the baseline');
    if (monitor.cacheProfiles && performanceKey !== null)
      await options.cacheStore.putText(performanceKey, JSON.stringify(performance), 'application/json');
  }
  const pruned = await pruneCache(options.cacheStore, monitor.prefix, used);
  const periodTables = tables.map((table) => ({
    sources: table.objects.map((object) => dataStore.source(object)),
    reading: { ...options.reading, ...table.input },
  }));
  await prunePerformance(options.cacheStore, monitor.prefix, monitor.cacheProfiles ? performanceKey : null);
  const profile = rowSamples === null ? merged! : { ...merged!, rows: rowSamples.result() };
  return { id, profile, built, pruned, cacheKeys, tables: periodTables, performance };
}

/**
 * A table's row sample for multivariate drift, cached beside its profile at
 * `<profile key>.rows-<hash>.bin` (the hash over the sampling settings): the one just read with a
 * profile that was built now, else the cached one, else read again (once: a baseline cached
 * before multivariate drift, or under other sampling settings). A damaged entry is read again too.
 */
async function cachedRowSample(
  table: Table,
  options: Parameters<typeof loadBaselineProfile>[0],
  profileKey: string,
  justRead: RowSample | undefined,
): Promise<{ sample: RowSample; key: string }> {
  const { monitor, dataStore, cacheStore, reading } = options;
  const settings = createHash('sha256').update(JSON.stringify(reading.rowSample)).digest('hex').slice(0, 16);
  const key = `${profileKey.replace(/\.bin$/, '')}${ROW_SAMPLE_MARK}${settings}.bin`;
  const store = async (sample: RowSample) => {
    if (monitor.cacheProfiles)
      await cacheStore.putBytes(key, rowSampleToBytes(sample), 'application/octet-stream');
    return { sample, key };
  };
  if (justRead !== undefined) return store(justRead);
  const cached = monitor.cacheProfiles ? await cacheStore.getBytes(key) : null;
  if (cached !== null) {
    try {
      return { sample: rowSampleFromBytes(cached.bytes, `${cacheStore.location}/${key}`), key };
    } catch (error) {
      if (!(error instanceof RowSampleFormatError)) throw error;
      console.log(
        JSON.stringify({
          level: 'warn',
          message: 'invalid row sample cache entry; reading again',
          error: error.message,
        }),
      );
    }
  }
  let profile: Profile;
  try {
    profile = await profileSources(
      table.objects.map((object) => dataStore.source(object)),
      { ...reading, ...table.input },
    );
  } catch (error) {
    if (error instanceof SnapshotFormatError)
      throw new BaselineError(`baseline: ${error.message}`, { cause: error });
    throw error;
  }
  return store(profile.rows!);
}

/** Bumped when a measurement's meaning changes, so older cached ones are measured again. */
const PERFORMANCE_CACHE_VERSION = 1;

function performanceFolder(prefix: string): string {
  return `${prefix}cache/performance-`;
}

/**
 * The baseline's model measurement is cached at `<prefix>cache/performance-<hash>.json`, the hash
 * over its tables' profile cache keys (which bytes, read how) and the model settings, so a changed
 * baseline, column or metric is measured again. Numbers only: no copies of rows.
 */
function performanceCacheKey(prefix: string, tableKeys: readonly string[], model: ModelSpec): string {
  const identity = JSON.stringify({ version: PERFORMANCE_CACHE_VERSION, tableKeys, model });
  return `${performanceFolder(prefix)}${createHash('sha256').update(identity).digest('hex').slice(0, 32)}.json`;
}

async function cachedPerformance(
  options: Parameters<typeof loadBaselineProfile>[0],
  key: string,
): Promise<SideMeasurement | null> {
  if (!options.monitor.cacheProfiles) return null;
  const cached = await options.cacheStore.getText(key);
  if (cached === null) return null;
  try {
    const value = JSON.parse(cached.text) as Partial<{
      measurement: { metrics: unknown };
      notComputed: unknown;
    }>;
    if (typeof value.notComputed === 'string') return { notComputed: value.notComputed };
    if (value.measurement !== undefined && Array.isArray(value.measurement.metrics))
      return value as SideMeasurement;
  } catch {
    // Logged below, then measured again.
  }
  console.log(
    JSON.stringify({ level: 'warn', message: 'invalid performance cache entry; measuring again', key }),
  );
  return null;
}

/** Deletes every cached baseline measurement but `used`. */
async function prunePerformance(store: SnapshotStore, prefix: string, used: string | null): Promise<void> {
  for (const object of await store.list(performanceFolder(prefix)))
    if (object.key !== used) await store.delete(object.key);
}

/** Cached baseline profiles live at `<prefix>cache/profile-<hash>.bin` (fan-out parts elsewhere in `cache/`). */
function cachedProfilesFolder(prefix: string): string {
  return `${prefix}cache/profile-`;
}

/** What sets a table's cached row sample apart from its cached profile: `<profile key>.rows-<hash>.bin`. */
const ROW_SAMPLE_MARK = '.rows-';

/** Deletes every cached baseline profile (and row sample) of the monitor but `used`; returns how many profiles. */
async function pruneCache(store: SnapshotStore, prefix: string, used: ReadonlySet<string>): Promise<number> {
  const superseded = (await store.list(cachedProfilesFolder(prefix))).filter(
    (object) => !used.has(object.key),
  );
  for (const object of superseded) await store.delete(object.key);
  return superseded.filter((object) => !object.key.includes(ROW_SAMPLE_MARK)).length;
}

/** Where a table's profile is cached. The read limits only decide whether a table can be read, not its profile: not in the key. */
function profileCacheKey(table: Table, options: Parameters<typeof loadBaselineProfile>[0]): string {
  const { monitor, dataStore, reading } = options;
  return `${cachedProfilesFolder(monitor.prefix)}${cacheHash(dataStore.location, table, reading.profilerOptions ?? {})}.bin`;
}

/** A table's profile, from the cache unless `model` must collect its rows (then read and cached again). */
async function cachedProfile(
  table: Table,
  options: Parameters<typeof loadBaselineProfile>[0],
  sorted: boolean,
  model?: ModelRowCollector,
): Promise<{ profile: Profile; fromCache: boolean; key: string }> {
  const { monitor, dataStore, cacheStore, reading } = options;
  const key = profileCacheKey(table, options);
  const cached = monitor.cacheProfiles && model === undefined ? await cacheStore.getBytes(key) : null;
  if (cached !== null) {
    try {
      const profile = profileFromBytes(cached.bytes, `${cacheStore.location}/${key}`);
      // An entry written unsorted (before sorted entries, or by another mode) is sorted once.
      if (sorted && sortProfileInPlace(profile)) {
        await cacheStore.putBytes(key, profileToBytes(profile), 'application/octet-stream');
      }
      return { profile, fromCache: true, key };
    } catch (error) {
      if (!(error instanceof ProfileFormatError)) throw error;
      // A damaged or tampered entry is a cache miss: the profile is rebuilt (and rewritten) below.
      console.log(
        JSON.stringify({
          level: 'warn',
          message: 'invalid baseline cache entry; rebuilding',
          error: error.message,
        }),
      );
    }
  }
  checkTableObjects(table.objects, table.folder, table.format, (k) => `${dataStore.location}/${k}`);
  let profile: Profile;
  try {
    profile = await profileSources(
      table.objects.map((object) => dataStore.source(object)),
      { ...reading, ...table.input },
      undefined,
      model,
    );
  } catch (error) {
    if (error instanceof SnapshotFormatError)
      throw new BaselineError(`baseline: ${error.message}`, { cause: error });
    throw error;
  }
  if (sorted) sortProfileInPlace(profile);
  if (monitor.cacheProfiles)
    await cacheStore.putBytes(key, profileToBytes(profile), 'application/octet-stream');
  return { profile, fromCache: false, key };
}

/** Keys and ETags say which bytes; options and the profile version say how they were profiled. */
function cacheHash(location: string, table: Table, options: ProfilerOptions): string {
  const identity = JSON.stringify(
    {
      location,
      version: PROFILE_VERSION,
      // Entries written before the category rule kept their first categories: rebuilt once, then deleted.
      categoryRule: CATEGORY_RULE,
      objects: table.objects.map((object) => [object.key, object.etag]),
      options,
      // Read as capture records (with these columns), the same bytes are another table.
      ...(table.input.format === 'sagemaker-capture' ? { input: table.input } : {}),
    },
    // JSON writes a Map as {}: the forced kinds by column go in as their sorted entries.
    (_key, value: unknown) =>
      value instanceof Map ? [...value].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : value,
  );
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
