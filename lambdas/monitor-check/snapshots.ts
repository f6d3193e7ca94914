import type { MonitorConfig } from '../config.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import { ACCEPTED_EXTENSIONS, detectFormat, type InputFormat } from '../io/format.ts';
import type { TableReading } from '../io/profile-sources.ts';
import type { StoredObject } from '../io/snapshot-store.ts';
import { isWriterLeftover } from '../io/writer-leftovers.ts';

/** One snapshot: a single file `snapshots/<id>.<ext>` or a folder `snapshots/<id>/` of part files. */
export interface Snapshot {
  readonly id: string;
  /** Its data files, sorted by key (writer markers such as `_SUCCESS` left out). */
  readonly objects: readonly StoredObject[];
  /** The newest object's time: when the pipeline finished writing it. */
  readonly lastModified: Date;
  /** A folder of part files (false: a single file, written atomically by one PUT). */
  readonly isFolder: boolean;
  /** The folder holds the `_SUCCESS` marker Spark/Hadoop writers put there last. */
  readonly hasSuccessMarker: boolean;
  /** A period of SageMaker capture: when the period ends (files may arrive until then). */
  readonly periodEnd?: Date;
}

/** A file snapshot's id is its name without the data extension: `2026-11-28T10.parquet` → `2026-11-28T10`. */
function idOfFile(name: string): string {
  const lower = name.toLowerCase();
  const extension = [...ACCEPTED_EXTENSIONS]
    .sort((a, b) => b.length - a.length)
    .find((candidate) => lower.endsWith(candidate));
  return extension === undefined ? name : name.slice(0, name.length - extension.length);
}

/** The id of the snapshot an object under `folder` belongs to: its folder's name, or the file's name without the extension. */
export function snapshotIdOfKey(key: string, folder: string): string {
  const rest = key.slice(folder.length);
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(0, slash) : idOfFile(rest);
}

/**
 * Groups the objects under `<folder>` (e.g. `monitors/m/snapshots/`) into snapshots, sorted by
 * id in code-unit order: ids are expected to sort by time (ISO dates, `run-000123`). Folder
 * markers (keys ending in `/`) and writer leftovers are ignored; a folder holding only those is
 * not a snapshot yet (a writer may still be at work).
 */
export function groupSnapshots(objects: readonly StoredObject[], folder: string): Snapshot[] {
  const byId = new Map<string, StoredObject[]>();
  const withSuccess = new Set<string>();
  for (const object of objects) {
    if (!object.key.startsWith(folder) || object.key.endsWith('/')) continue;
    const rest = object.key.slice(folder.length);
    const slash = rest.indexOf('/');
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    if (name === '_SUCCESS' && slash >= 0) withSuccess.add(rest.slice(0, slash));
    if (isWriterLeftover(name)) continue;
    const id = snapshotIdOfKey(object.key, folder);
    const list = byId.get(id) ?? [];
    list.push(object);
    byId.set(id, list);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, list]) => ({
      id,
      objects: list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      lastModified: new Date(Math.max(...list.map((object) => object.lastModified.getTime()))),
      isFolder: list.some((object) => object.key.startsWith(`${folder}${id}/`)),
      hasSuccessMarker: withSuccess.has(id),
    }));
}

/**
 * Snapshots a writer has finished. A single file is whole once it is listed (one PUT). A folder
 * of part files is whole when it holds `_SUCCESS`; for writers that leave no marker (no folder
 * of this monitor has ever had one), when nothing in it changed for `settleMs`. A folder still
 * being written is neither checked (a partial table would look like drift) nor used as a
 * baseline; the next run picks it up once it is complete.
 */
export function partitionByReadiness(
  snapshots: readonly Snapshot[],
  now: Date,
  settleMs: number,
): { ready: Snapshot[]; pending: Snapshot[]; settling: Settling[] } {
  const markersInUse = snapshots.some((snapshot) => snapshot.hasSuccessMarker);
  const ready: Snapshot[] = [];
  const pending: Snapshot[] = [];
  for (const snapshot of snapshots) {
    const whole =
      snapshot.periodEnd !== undefined
        ? now.getTime() - Math.max(snapshot.periodEnd.getTime(), snapshot.lastModified.getTime()) >= settleMs
        : !snapshot.isFolder ||
          snapshot.hasSuccessMarker ||
          (!markersInUse && now.getTime() - snapshot.lastModified.getTime() >= settleMs);
    (whole ? ready : pending).push(snapshot);
  }
  const settling = pending.map((snapshot) => ({
    id: snapshot.id,
    completeAt:
      markersInUse && snapshot.periodEnd === undefined
        ? null
        : new Date(
            Math.max(snapshot.periodEnd?.getTime() ?? 0, snapshot.lastModified.getTime()) + settleMs,
          ).toISOString(),
  }));
  return { ready, pending, settling };
}

/** A folder snapshot a writer has not finished, and when it will count as complete. */
export interface Settling {
  readonly id: string;
  /**
   * ISO time it counts as complete if nothing in it changes before; null when the monitor's
   * writer leaves `_SUCCESS` markers, so it waits for its own.
   */
  readonly completeAt: string | null;
}

/** "2026-11-28T11 is still being written (complete at <time> if nothing changes)" for logs and `run`. */
export function settlingText(settling: Settling): string {
  const when =
    settling.completeAt === null
      ? 'checked once its _SUCCESS marker appears'
      : `checked from ${settling.completeAt} if nothing in it changes before`;
  return `snapshot ${settling.id} is still being written (${when})`;
}

/**
 * Checks a table's objects (all directly in `folder`) before reading: no nested folders, and when the monitor fixes a
 * format, every object has it. @throws SnapshotFormatError naming the odd object.
 */
export function checkTableObjects(
  objects: readonly StoredObject[],
  folder: string,
  format: InputFormat,
  describe: (key: string) => string,
): void {
  if (objects.length === 0) throw new SnapshotFormatError(describe(folder), null, 'no data files');
  // Capture files lie in hour folders below the snapshots folder (captureSnapshots).
  const capture = format === 'sagemaker-capture';
  const kind = capture ? 'jsonl' : format === 'tsv' ? 'csv' : format;
  for (const object of objects) {
    const rest = object.key.slice(folder.length);
    if (!capture && rest.includes('/')) {
      throw new SnapshotFormatError(
        describe(object.key),
        null,
        'is in a nested folder; a snapshot is one file or one folder of part files',
      );
    }
    const detected = detectFormat(object.key);
    if (kind !== 'auto' && detected.kind !== kind) {
      throw new SnapshotFormatError(
        describe(object.key),
        null,
        `is ${detected.kind} but the monitor's format is ${format}`,
      );
    }
  }
}

/** The folder that holds a snapshot's objects: `snapshots/<id>/` for a folder snapshot. */
export function snapshotFolder(snapshot: Snapshot, snapshotsFolder: string): string {
  const folder = `${snapshotsFolder}${snapshot.id}/`;
  return snapshot.objects.every((object) => object.key.startsWith(folder)) ? folder : snapshotsFolder;
}

/**
 * The monitor's snapshots under `folder`: files and folders of files (`groupSnapshots`), or for
 * `format: "sagemaker-capture"` periods of Data Capture files (`captureSnapshots`).
 */
export function monitorSnapshots(
  monitor: Pick<MonitorConfig, 'format' | 'captureSnapshot'>,
  objects: readonly StoredObject[],
  folder: string,
  describe: (key: string) => string,
): Snapshot[] {
  return monitor.format === 'sagemaker-capture'
    ? captureSnapshots(objects, folder, monitor.captureSnapshot, describe)
    : groupSnapshots(objects, folder);
}

/**
 * How a monitor's tables are read beyond their extensions: a capture monitor's snapshots as
 * capture records; everything else (a capture monitor's fixed baseline: its training data) by
 * extension.
 */
export function tableInputOf(
  monitor: Pick<MonitorConfig, 'format' | 'captureColumns'>,
  table: 'snapshot' | 'fixed-baseline',
): Pick<TableReading, 'format' | 'captureColumns'> {
  if (monitor.format !== 'sagemaker-capture' || table === 'fixed-baseline') return {};
  return {
    format: 'sagemaker-capture',
    ...(monitor.captureColumns ? { captureColumns: monitor.captureColumns } : {}),
  };
}

/** The format a table's files must have (`checkTableObjects`): a capture monitor's training baseline any. */
export function tableFormatOf(
  monitor: Pick<MonitorConfig, 'format'>,
  table: 'snapshot' | 'fixed-baseline',
): InputFormat {
  return monitor.format === 'sagemaker-capture' && table === 'fixed-baseline' ? 'auto' : monitor.format;
}

/** `<endpoint>/<variant>/yyyy/mm/dd/hh/<file>`, as Data Capture writes under its S3 destination. */
const CAPTURE_KEY = /^([^/]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/([^/]+)$/;

/**
 * Data Capture files under `folder` (the capture destination), one snapshot per hour folder
 * (`2026-12-06T10`) or per day (`2026-12-06`), the folders read as UTC. A period counts as complete
 * once it has ended and nothing in it changed for `snapshotSettle` (`partitionByReadiness`).
 * @throws SnapshotFormatError for a key outside the layout, or a period holding the files of two
 * endpoint variants (each belongs in its own monitor)
 */
export function captureSnapshots(
  objects: readonly StoredObject[],
  folder: string,
  period: 'hour' | 'day',
  describe: (key: string) => string,
): Snapshot[] {
  const byId = new Map<string, { objects: StoredObject[]; source: string; periodEnd: Date }>();
  for (const object of objects) {
    if (!object.key.startsWith(folder) || object.key.endsWith('/')) continue;
    const rest = object.key.slice(folder.length);
    if (isWriterLeftover(rest.slice(rest.lastIndexOf('/') + 1))) continue;
    const match = CAPTURE_KEY.exec(rest);
    if (match === null) {
      throw new SnapshotFormatError(
        describe(object.key),
        null,
        `is not in the Data Capture layout ${folder}<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl`,
      );
    }
    const [, endpoint, variant, year, month, day, hour] = match;
    const [y, m, d, h] = [year, month, day, hour].map(Number);
    const id = period === 'hour' ? `${year}-${month}-${day}T${hour}` : `${year}-${month}-${day}`;
    const periodEnd = new Date(period === 'hour' ? Date.UTC(y, m - 1, d, h + 1) : Date.UTC(y, m - 1, d + 1));
    const source = `${endpoint}/${variant}`;
    const entry = byId.get(id) ?? { objects: [], source, periodEnd };
    if (entry.source !== source) {
      throw new SnapshotFormatError(
        describe(object.key),
        null,
        `capture of ${source}, but ${id} also holds capture of ${entry.source}; give each endpoint variant its own monitor`,
      );
    }
    entry.objects.push(object);
    byId.set(id, entry);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, entry]) => ({
      id,
      objects: entry.objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      lastModified: new Date(Math.max(...entry.objects.map((object) => object.lastModified.getTime()))),
      isFolder: true,
      hasSuccessMarker: false,
      periodEnd: entry.periodEnd,
    }));
}
