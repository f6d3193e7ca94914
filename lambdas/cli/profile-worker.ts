import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnProfile } from '../core/profile/column-profile.ts';
import { sortValuesInPlace } from '../core/profile/numeric-summary.ts';
import type { Profile } from '../core/profile/profile.ts';
import type { ReadProgress } from '../io/profile-sources.ts';
import { loadProfile } from './load-profile.ts';
import type { ProfileJob, WorkerErrorData, WorkerMessage } from './profile-in-worker.ts';

/**
 * Worker entry (a second esbuild entry point in the bundle): profiles one table, sorts its kept
 * numbers here so each side's sort runs on its own core, and hands the profile back with its
 * typed arrays transferred, not copied. Errors go back as data, so the main thread can raise
 * the same typed error an in-process read would have.
 */
async function run(job: ProfileJob): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('profile-worker.ts runs only as a worker thread');
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const onProgress = job.progress
      ? (progress: ReadProgress) => post({ type: 'progress', progress })
      : undefined;
    const profile = await loadProfile(job.path, job.options, onProgress);
    if (job.sortInPlace) for (const column of profile.columns) sortColumn(column);
    post({ type: 'profile', profile }, transferList(profile));
  } catch (error) {
    post({ type: 'error', error: errorToData(error) });
  }
}

function sortColumn(column: ColumnProfile): void {
  for (const summary of [column.numbers, column.datetimes]) if (summary.size > 1) sortValuesInPlace(summary);
}

/** Each kept-values buffer once (a transfer list must not repeat a buffer). */
function transferList(profile: Profile): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of profile.columns) {
    for (const summary of [column.numbers, column.datetimes]) {
      // Float64Arrays made by `new Float64Array(n)` own a plain ArrayBuffer.
      if (summary.values.buffer instanceof ArrayBuffer) buffers.add(summary.values.buffer);
    }
  }
  return [...buffers];
}

/** The fields `describeError` and the typed errors need, as structured-cloneable data. */
function errorToData(error: unknown): WorkerErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const errno = error as NodeJS.ErrnoException & {
    source?: unknown;
    location?: unknown;
    problem?: unknown;
  };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined ? { stack: error.stack } : {}),
    ...(typeof errno.code === 'string' ? { code: errno.code } : {}),
    ...(typeof errno.path === 'string' ? { path: errno.path } : {}),
    ...(error.name === 'SnapshotFormatError'
      ? {
          source: String(errno.source),
          location: typeof errno.location === 'string' ? errno.location : null,
          problem: String(errno.problem),
        }
      : {}),
  };
}

await run(workerData as ProfileJob);
