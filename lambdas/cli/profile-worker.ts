import { parentPort } from 'node:worker_threads';
import { methodSpec } from '../core/method-registry.ts';
import type { SortedSampleMethod } from '../core/methods/types.ts';
import type { ModelRows } from '../core/performance/model-rows.ts';
import type { Profile } from '../core/profile/profile.ts';
import { radixSortInPlace } from '../core/profile/radix-sort.ts';
import { sortProfileInPlace } from '../core/profile/sort-profile.ts';
import type { ReadProgress } from '../io/profile-sources.ts';
import { loadProfile } from './load-profile.ts';
import { collectorOf } from './model-quality.ts';
import type {
  ProfileJob,
  SortOutcome,
  SortTask,
  WorkerErrorData,
  WorkerMessage,
  WorkerRequest,
} from './profile-in-worker.ts';
import { sharedBuffers } from './sort-ahead.ts';

/**
 * Worker entry (a second esbuild entry point in the bundle). It waits for requests: profile one
 * table (sorting its kept numbers here when asked, so each side's sort runs on its own core), or
 * sort one column pair and run a sorted-sample method on it (the compare's expensive part, spread
 * over both cores). Typed arrays go back transferred, not copied. Errors go back as data, so the
 * main thread can raise the same typed error an in-process read would have.
 */
const port = parentPort;
if (port === null) throw new Error('profile-worker.ts runs only as a worker thread');
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'profile') void profile(request.job);
  else sort(request.task);
});

async function profile(job: ProfileJob): Promise<void> {
  try {
    const onProgress = job.progress
      ? (progress: ReadProgress) => post({ type: 'progress', progress })
      : undefined;
    const model = collectorOf(job.model);
    const result = await loadProfile(job.path, job.reading, onProgress, model);
    // A saved profile's columns are views of one buffer, sorted here in place at once: sending
    // them one by one to be sorted would copy each (a transfer would detach all the others).
    if (job.sortInPlace || sharedBuffers([result]).size > 0) sortProfileInPlace(result);
    const modelRows = model?.finish();
    post({ type: 'profile', profile: result, ...(modelRows !== undefined ? { modelRows } : {}) }, [
      ...transferList(result),
      ...modelRowsTransfer(modelRows),
    ]);
  } catch (error) {
    post({ type: 'error', error: errorToData(error) });
  }
}

function sort(task: SortTask): void {
  try {
    const reference = task.reference === null ? null : task.reference.values.subarray(0, task.reference.size);
    const current = task.current === null ? null : task.current.values.subarray(0, task.current.size);
    if (reference !== null && task.reference?.sorted === false) radixSortInPlace(reference);
    if (current !== null && task.current?.sorted === false) radixSortInPlace(current);
    let result = null;
    if (task.method !== null && reference !== null && current !== null) {
      try {
        result = (methodSpec(task.method).run as SortedSampleMethod)(reference, current);
      } catch {
        // The compare runs it again and words the failure as it always does.
      }
    }
    const outcome: SortOutcome = {
      id: task.id,
      reference: task.reference?.values ?? null,
      current: task.current?.values ?? null,
      result,
    };
    const transfer: ArrayBuffer[] = [];
    for (const values of [outcome.reference, outcome.current]) {
      if (values !== null) transfer.push(values.buffer as ArrayBuffer);
    }
    post({ type: 'sorted', outcome }, transfer);
  } catch (error) {
    post({ type: 'error', error: errorToData(error) });
  }
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

/** The model rows' arrays: each made by the collector, so each owns its own buffer. */
function modelRowsTransfer(rows: ModelRows | undefined): ArrayBuffer[] {
  if (rows === undefined) return [];
  const arrays = [
    rows.target,
    rows.prediction,
    rows.score,
    rows.ids?.bytes,
    rows.ids?.offsets,
    rows.ids?.missing,
  ];
  return arrays.flatMap((array) => (array?.buffer instanceof ArrayBuffer ? [array.buffer] : []));
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
