import { DriftwatchError, SnapshotFormatError } from '../core/errors.ts';
import { RowSampleFold } from '../core/multivariate/merge-row-samples.ts';
import type { RowSample } from '../core/multivariate/row-sample.ts';
import { RowSampleFormatError, rowSampleFromBytes } from '../core/multivariate/row-sample-bytes.ts';
import type { Profile } from '../core/profile/profile.ts';
import { detectFormat } from '../io/format.ts';
import { describeFormat, schemaDifference } from '../io/open-table.ts';
import type { TableReading } from '../io/profile-sources.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import { readState } from '../monitor-check/check-state.ts';
import { type FanOutRequest, partsFolder } from '../monitor-check/fan-out-request.ts';
import {
  type CheckDependencies,
  type CheckSummary,
  completeCheck,
} from '../monitor-check/run-monitor-check.ts';
import { groupSnapshots, partitionByReadiness, type Snapshot } from '../monitor-check/snapshots.ts';
import { PartMerger } from './merge-parts.ts';
import { partRowSampleKey } from './part-row-sample.ts';
import { type PartialProfile, partialFromBytes } from './partial-profile.ts';

/** The partial profiles do not cover the snapshot as it is now listed: the execution fails and the next check retries. */
export class IncompleteFanOutError extends DriftwatchError {
  override readonly name = 'IncompleteFanOutError';
}

/**
 * The reduce step: merges the partial profiles in the snapshot's part order (the order the
 * single-Lambda path reads the parts in) and finishes the check with the very code of
 * `runMonitorCheck` (`completeCheck`): baseline, compare, report, metrics, alert, state. A snapshot
 * already reported, or older than the one last reported (a later check overtook this slow
 * execution), is left alone so state never moves backwards.
 */
export async function reduceFanOut(deps: CheckDependencies, request: FanOutRequest): Promise<CheckSummary> {
  const { monitor, dataStore, stateStore } = deps;
  const log = deps.log ?? (() => {});
  const prefix = monitor.prefix;
  const state = await readState(stateStore, prefix, (message) => log({ level: 'warn', message }));
  const reported = state?.lastSnapshotId ?? null;
  if (reported !== null && reported >= request.snapshotId) {
    log({
      level: 'info',
      message: 'already reported',
      monitor: monitor.name,
      snapshotId: request.snapshotId,
    });
    return {
      monitor: monitor.name,
      status: reported === request.snapshotId ? state!.lastStatus : 'ok',
      snapshotId: request.snapshotId,
      alreadyReported: true,
      alert: null,
      reportKey: reported === request.snapshotId ? state!.lastReportKey : null,
      overviewKey: null,
      metricCount: 0,
      baselineBuilt: 0,
    };
  }
  const snapshotsFolder = `${prefix}snapshots/`;
  // Readiness as the check saw it when it fanned out, so the baseline window is the same.
  const snapshots = partitionByReadiness(
    groupSnapshots(await dataStore.list(snapshotsFolder), snapshotsFolder),
    new Date(request.checkedAt),
    monitor.snapshotSettle,
  ).ready;
  const index = snapshots.findIndex((snapshot) => snapshot.id === request.snapshotId);
  if (index < 0) {
    throw new IncompleteFanOutError(
      `${dataStore.location}/${request.snapshotFolder}: snapshot ${request.snapshotId} is gone`,
    );
  }
  const snapshot = snapshots[index];
  return completeCheck(deps, {
    state,
    snapshots: snapshots.slice(0, index + 1),
    started: new Date(request.checkedAt),
    profileCurrent: (reading) =>
      mergePartials(stateStore, prefix, snapshot, dataStore.location, reading.rowSample),
    modelRowsUnavailable: FAN_OUT_MODEL_NOTE,
  });
}

/**
 * A fanned-out snapshot is profiled part by part and merged as profiles, which keep distributions,
 * not rows: its model quality is not measured, and the report says so rather than leave it out.
 */
const FAN_OUT_MODEL_NOTE =
  "the snapshot was profiled by the fan-out (above the monitor's fanOut limits), which merges part profiles and keeps no rows: model quality is measured only for snapshots checked in one Lambda";

/**
 * Every part's profile, merged in the snapshot's key order while reading, so memory holds the
 * running profile and one part, not all of them; likewise the parts' row samples when the check
 * keeps one (`rowSample`), merged in proportion to each part's rows into the sample the compare's
 * multivariate drift fits and measures, as it does for a snapshot read in one Lambda. Partials are read in index order: the map's
 * index is the position in the S3 listing, which is key order. A partial of an earlier version
 * of the snapshot (another ETag) is skipped; one that arrives early (indices shifted between
 * versions) waits for its turn. The checks `openTable` makes before reading parts as one table
 * (same format, same columns and types) are made here, with the same messages.
 */
async function mergePartials(
  store: SnapshotStore,
  prefix: string,
  snapshot: Snapshot,
  dataLocation: string,
  rowSample: TableReading['rowSample'],
): Promise<Profile> {
  const objects = snapshot.objects;
  const formats = objects.map((object) => detectFormat(object.key));
  for (const [i, format] of formats.entries()) {
    if (format.kind !== formats[0].kind || format.delimiter !== formats[0].delimiter) {
      // Named as the single-Lambda path's readers name them (S3ByteSource: s3://bucket/key).
      throw new SnapshotFormatError(
        `${dataLocation}/${objects[i].key}`,
        null,
        `is ${describeFormat(format)} but ${dataLocation}/${objects[0].key} is ${describeFormat(formats[0])}; all part files of a table must have the same format`,
      );
    }
  }
  const wanted = new Map(objects.map((object) => [object.key, object.etag]));
  const position = new Map(objects.map((object, i) => [object.key, i]));
  // Partial profiles only (`<n>.bin`), not the row samples beside them.
  const stored = (await store.list(partsFolder(prefix, snapshot.id)))
    .map((object) => ({ object, index: Number(/\/(\d+)\.bin$/.exec(object.key)?.[1] ?? Number.NaN) }))
    .filter((entry) => Number.isInteger(entry.index))
    .sort((a, b) => a.index - b.index);
  const merger = new PartMerger();
  const rows = rowSample === undefined ? null : new RowSampleFold(rowSample.maxRows, rowSample.seed);
  const waiting = new Map<string, { partial: PartialProfile; storedKey: string }>();
  let first: Profile | undefined;
  let next = 0;
  for (const { object } of stored) {
    const body = await store.getBytes(object.key);
    if (body === null) continue;
    const partial = partialFromBytes(body.bytes, `${store.location}/${object.key}`);
    if (wanted.get(partial.key) !== partial.etag || position.get(partial.key)! < next) continue;
    waiting.set(partial.key, { partial, storedKey: object.key });
    while (next < objects.length && waiting.has(objects[next].key)) {
      const { partial: ready, storedKey } = waiting.get(objects[next].key)!;
      waiting.delete(ready.key);
      if (ready.error !== null) {
        throw new SnapshotFormatError(ready.error.source, ready.error.location, ready.error.problem);
      }
      const profile = ready.profile!;
      if (first === undefined) first = profile;
      else {
        const problem = schemaDifference(first.columns, profile.columns, first.sources[0] ?? objects[0].key);
        if (problem !== null) throw new SnapshotFormatError(profile.sources[0] ?? ready.key, null, problem);
      }
      merger.add(profile);
      rows?.add(await readPartRowSample(store, partRowSampleKey(storedKey, ready)));
      next++;
    }
  }
  if (next < objects.length) {
    const missing = objects.slice(next).filter((object) => !waiting.has(object.key));
    throw new IncompleteFanOutError(
      `snapshot ${snapshot.id}: no partial profile for ${missing.map((object) => object.key).join(', ')} at its current ETag`,
    );
  }
  const merged = merger.result();
  const sample = rows?.result();
  return sample === undefined ? merged : { ...merged, rows: sample };
}

/**
 * The row sample the profile-part step wrote beside a part's profile. Missing or unreadable, the
 * fan-out cannot compute multivariate drift as the single-Lambda check would: the reduce fails (the
 * execution fails, `FanOutFailed` alarms, the next check retries) rather than report without it.
 */
async function readPartRowSample(store: SnapshotStore, key: string): Promise<RowSample> {
  const source = `${store.location}/${key}`;
  const body = await store.getBytes(key);
  if (body === null) throw new IncompleteFanOutError(`${source}: the part's row sample is missing`);
  try {
    return rowSampleFromBytes(body.bytes, source);
  } catch (error) {
    if (!(error instanceof RowSampleFormatError)) throw error;
    throw new IncompleteFanOutError(error.message, { cause: error });
  }
}
