import { readState } from '../check/check-state.ts';
import { type CheckDependencies, type CheckSummary, completeCheck } from '../check/run-check.ts';
import { groupSnapshots, type Snapshot } from '../check/snapshots.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import type { Profile } from '../core/profile/profile.ts';
import { detectFormat } from '../io/format.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import { type FanOutRequest, partsFolder } from './fan-out-request.ts';
import { mergePartsInOrder } from './merge-parts.ts';
import { type PartialProfile, partialFromJson } from './partial-profile.ts';

/** The partial profiles do not cover the snapshot as it is now listed: the execution fails and the next check retries. */
export class IncompleteFanOutError extends Error {
  override readonly name = 'IncompleteFanOutError';
}

/**
 * The reduce step: merges the partial profiles in the snapshot's part order (the order the
 * single-Lambda path reads the parts in) and finishes the check with the very code of
 * `runCheck` (`completeCheck`): baseline, compare, report, metrics, alert, state. A snapshot
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
      metricCount: 0,
      baselineBuilt: 0,
    };
  }
  const snapshotsFolder = `${prefix}snapshots/`;
  const snapshots = groupSnapshots(await dataStore.list(snapshotsFolder), snapshotsFolder);
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
    profileCurrent: async () => mergePartials(await readPartials(stateStore, prefix, snapshot), snapshot),
  });
}

async function readPartials(
  store: SnapshotStore,
  prefix: string,
  snapshot: Snapshot,
): Promise<Map<string, PartialProfile>> {
  const byKey = new Map<string, PartialProfile>();
  const wanted = new Map(snapshot.objects.map((object) => [object.key, object.etag]));
  for (const stored of await store.list(partsFolder(prefix, snapshot.id))) {
    const text = await store.getText(stored.key);
    if (text === null) continue;
    const partial = partialFromJson(text.text, `${store.location}/${stored.key}`);
    // Partials of an earlier version of the snapshot (other ETags) may lie beside these.
    if (wanted.get(partial.key) === partial.etag) byKey.set(partial.key, partial);
  }
  return byKey;
}

/**
 * Every part's profile, merged in the snapshot's key order. The checks `openTable` makes before
 * reading parts as one table (same format, same columns and types) are made here on the
 * partials, with the same messages, since no single reader saw all the parts.
 */
function mergePartials(partials: ReadonlyMap<string, PartialProfile>, snapshot: Snapshot): Profile {
  const missing = snapshot.objects.filter((object) => !partials.has(object.key));
  if (missing.length > 0) {
    throw new IncompleteFanOutError(
      `snapshot ${snapshot.id}: no partial profile for ${missing.map((object) => object.key).join(', ')} at its current ETag`,
    );
  }
  const ordered = snapshot.objects.map((object) => partials.get(object.key)!);
  const formats = snapshot.objects.map((object) => detectFormat(object.key));
  for (const [i, format] of formats.entries()) {
    if (format.kind !== formats[0].kind || format.delimiter !== formats[0].delimiter) {
      throw new SnapshotFormatError(
        sourceName(ordered[i]),
        null,
        `is ${describe(format)} but ${sourceName(ordered[0])} is ${describe(formats[0])}; all part files of a table must have the same format`,
      );
    }
  }
  const failed = ordered.find((partial) => partial.error !== null);
  if (failed?.error)
    throw new SnapshotFormatError(failed.error.source, failed.error.location, failed.error.problem);
  const profiles = ordered.map((partial) => partial.profile!);
  const first = profiles[0];
  for (let i = 1; i < profiles.length; i++) {
    const problem = schemaDifference(first, profiles[i], first.sources[0] ?? ordered[0].key);
    if (problem !== null)
      throw new SnapshotFormatError(profiles[i].sources[0] ?? ordered[i].key, null, problem);
  }
  return mergePartsInOrder(profiles);
}

function sourceName(partial: PartialProfile): string {
  return partial.profile?.sources[0] ?? partial.error?.source ?? partial.key;
}

function describe(format: ReturnType<typeof detectFormat>): string {
  if (format.kind === 'csv') return format.delimiter === '\t' ? 'TSV' : 'CSV';
  return format.kind === 'parquet' ? 'Parquet' : 'JSON Lines';
}

/** open-table.ts `schemaDifference`, on profiles: same column names, same declared types. */
function schemaDifference(expected: Profile, actual: Profile, firstName: string): string | null {
  const byName = new Map(actual.columns.map((column) => [column.name, column]));
  const expectedNames = new Set(expected.columns.map((column) => column.name));
  const missing = expected.columns.filter((column) => !byName.has(column.name)).map((c) => `"${c.name}"`);
  const extra = actual.columns.filter((column) => !expectedNames.has(column.name)).map((c) => `"${c.name}"`);
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `has ${extra.join(', ')} in addition` : '',
    ].filter((part) => part !== '');
    return `its columns differ from ${firstName}: it ${parts.join(' and ')}; all part files of a table must have the same columns`;
  }
  for (const column of expected.columns) {
    const other = byName.get(column.name)!;
    if (other.sourceType !== column.sourceType) {
      return `column "${column.name}" is ${other.sourceType} here but ${column.sourceType} in ${firstName}; all part files of a table must declare the same types`;
    }
  }
  return null;
}
