import type { Worker } from 'node:worker_threads';
import { ConfigError } from '../config-error.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import type { MethodId } from '../core/method-registry.ts';
import type { MethodResult } from '../core/methods/types.ts';
import type { ModelRows } from '../core/performance/model-rows.ts';
import type { Profile } from '../core/profile/profile.ts';
import { ProfileFormatError } from '../core/profile/serialize-profile.ts';
import type { ReadProgress, TableReading } from '../io/profile-sources.ts';
import type { ModelCollection } from './model-quality.ts';
import { takeWorker, type WorkerStart } from './worker-start.ts';

export type { WorkerStart } from './worker-start.ts';

/** What a profiling worker is asked to profile. */
export interface ProfileJob {
  /** A table (file or folder of parts) or a saved profile, as `loadProfile` takes. */
  readonly path: string;
  readonly reading: TableReading;
  /** Post progress after each batch. */
  readonly progress: boolean;
  /** Sort kept values in place (`sortValuesInPlace`): for profiles only compared, never saved. */
  readonly sortInPlace: boolean;
  /** Also collect these model columns row by row (sent back beside the profile). */
  readonly model?: ModelCollection;
}

/** An error raised in the worker, as data: enough to rebuild the typed error here. */
export interface WorkerErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly path?: string;
  readonly source?: string;
  readonly location?: string | null;
  readonly problem?: string;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: ReadProgress }
  | { readonly type: 'profile'; readonly profile: Profile; readonly modelRows?: ModelRows }
  | { readonly type: 'sorted'; readonly outcome: SortOutcome }
  | { readonly type: 'error'; readonly error: WorkerErrorData };

/** The worker could not start or died without answering (not a problem with the data). */
export class WorkerUnavailableError extends Error {
  override readonly name = 'WorkerUnavailableError';
}

/**
 * One sort-ahead task: a column's kept values on each side (either may be absent), sorted in the
 * worker in place, and — when the compare will test the column with a sorted-sample method — that
 * method's result on them.
 */
export interface SortTask {
  readonly id: number;
  readonly reference: SortSide | null;
  readonly current: SortSide | null;
  readonly method: MethodId | null;
}

export interface SortSide {
  /** The kept-values buffer (transferred); `values[0, size)` is what gets sorted. */
  readonly values: Float64Array;
  readonly size: number;
  /** Already in ascending order (sorted while the other table was read): only the method is run. */
  readonly sorted: boolean;
}

export interface SortOutcome {
  readonly id: number;
  readonly reference: Float64Array | null;
  readonly current: Float64Array | null;
  /** Null when no method was asked, or when it threw (the compare then runs it and words the error). */
  readonly result: MethodResult | null;
}

/** What the main thread asks of a worker. */
export type WorkerRequest =
  | { readonly type: 'profile'; readonly job: ProfileJob }
  | { readonly type: 'sort'; readonly task: SortTask };

/**
 * A profiling worker thread: profiles one table, then sorts columns (and runs sorted-sample
 * methods) on request, one request at a time, until closed. Typed arrays cross both ways by
 * transfer, never by copy.
 */
export class ProfilingWorker {
  private readonly worker: Worker | null;
  private pending: {
    readonly onMessage: (message: WorkerMessage) => void;
    readonly reject: (error: Error) => void;
  } | null = null;
  private failure: WorkerUnavailableError | null = null;

  /** @param start the worker script; undefined takes one started ahead, or starts the default. */
  constructor(start?: WorkerStart) {
    let worker: Worker | null = null;
    try {
      worker = takeWorker(start);
    } catch (error) {
      this.failure = new WorkerUnavailableError(
        `cannot start a profiling worker: ${(error as Error).message}`,
      );
    }
    this.worker = worker;
    if (worker === null) return;
    worker.on('message', (message: WorkerMessage) => this.pending?.onMessage(message));
    worker.on('error', (error) => this.fail(`profiling worker failed: ${error.message}`));
    worker.on('exit', (code) => this.fail(`profiling worker exited (${code}) without a profile`));
  }

  /**
   * The table's profile; rejects with the typed error an in-process read would throw. The model
   * rows the job asked for go to `onModelRows` first.
   */
  profile(
    job: ProfileJob,
    onProgress?: (progress: ReadProgress) => void,
    onModelRows?: (rows: ModelRows) => void,
  ): Promise<Profile> {
    return this.request({ type: 'profile', job }, [], (message, resolve, reject) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'profile') {
        if (message.modelRows !== undefined) onModelRows?.(message.modelRows);
        resolve(message.profile);
      } else if (message.type === 'error') reject(errorFromData(message.error));
    });
  }

  /** Sorts a task's sides in the worker (their buffers are transferred there and back). */
  sort(task: SortTask): Promise<SortOutcome> {
    const transfer: ArrayBuffer[] = [];
    for (const side of [task.reference, task.current]) {
      if (side !== null) transfer.push(side.values.buffer as ArrayBuffer);
    }
    return this.request({ type: 'sort', task }, transfer, (message, resolve, reject) => {
      if (message.type === 'sorted') resolve(message.outcome);
      else if (message.type === 'error') reject(errorFromData(message.error));
    });
  }

  /** False once the worker could not start or has died. */
  get available(): boolean {
    return this.worker !== null && this.failure === null;
  }

  close(): void {
    this.pending = null;
    void this.worker?.terminate();
  }

  private request<T>(
    request: WorkerRequest,
    transfer: ArrayBuffer[],
    handle: (message: WorkerMessage, resolve: (value: T) => void, reject: (error: Error) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.worker === null || this.failure !== null) {
        reject(this.failure ?? new WorkerUnavailableError('no profiling worker'));
        return;
      }
      const done = () => {
        this.pending = null;
      };
      this.pending = {
        onMessage: (message) =>
          handle(
            message,
            (value) => {
              done();
              resolve(value);
            },
            (error) => {
              done();
              reject(error);
            },
          ),
        reject: (error) => {
          done();
          reject(error);
        },
      };
      this.worker.postMessage(request, transfer);
    });
  }

  private fail(message: string): void {
    this.failure ??= new WorkerUnavailableError(message);
    this.pending?.reject(this.failure);
  }
}

/** Rebuilds the error classes `describeError` knows, so a worker's bad-input message reads the same. */
export function errorFromData(data: WorkerErrorData): Error {
  let error: Error;
  switch (data.name) {
    case 'SnapshotFormatError':
      error = new SnapshotFormatError(data.source ?? '', data.location ?? null, data.problem ?? data.message);
      break;
    case 'UsageError':
      error = new UsageError(data.message);
      break;
    case 'ConfigError':
      error = new ConfigError(data.message);
      break;
    case 'ProfileFormatError':
      error = new ProfileFormatError(data.message);
      break;
    default: {
      const errno: NodeJS.ErrnoException = new Error(data.message);
      if (data.code !== undefined) errno.code = data.code;
      if (data.path !== undefined) errno.path = data.path;
      error = errno;
    }
  }
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
