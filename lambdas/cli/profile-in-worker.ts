import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../config.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import type { Profile } from '../core/profile/profile.ts';
import type { ProfilerOptions } from '../core/profile/profiler.ts';
import { ProfileFormatError } from '../core/profile/serialize-profile.ts';
import type { ReadProgress } from '../io/profile-sources.ts';

/** What a profiling worker is asked to do (its `workerData`). */
export interface ProfileJob {
  /** A table (file or folder of parts) or a saved profile, as `loadProfile` takes. */
  readonly path: string;
  readonly options: ProfilerOptions;
  /** Post progress after each batch. */
  readonly progress: boolean;
  /** Sort kept values in place (`sortValuesInPlace`): for profiles only compared, never saved. */
  readonly sortInPlace: boolean;
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
  | { readonly type: 'profile'; readonly profile: Profile }
  | { readonly type: 'error'; readonly error: WorkerErrorData };

/** The worker could not start or died without answering (not a problem with the data). */
export class WorkerUnavailableError extends Error {
  override readonly name = 'WorkerUnavailableError';
}

/** A worker's script: a file to run, or (eval) source text that loads the entry. */
export interface WorkerStart {
  readonly script: string | URL;
  readonly eval: boolean;
}

/**
 * How to start the worker. In the bundle (dist/driftwatch.mjs) this module's URL ends in .mjs and
 * the worker is the bundle's second entry, dist/profile-worker.mjs. Run from source (tsx, vitest),
 * the worker must load TypeScript itself: on Node 20 a worker's `--import tsx` registers hooks
 * too late for its own entry ("Unknown file extension .ts"), so a small CommonJS stub loads the
 * entry through tsx's `tsImport`, resolved from here so any working directory works.
 */
export function defaultWorkerStart(): WorkerStart {
  if (!import.meta.url.endsWith('.ts')) {
    return { script: new URL('./profile-worker.mjs', import.meta.url), eval: false };
  }
  const entry = new URL('./profile-worker.ts', import.meta.url).href;
  const stub = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return { script: stub, eval: true };
}

/**
 * The ESM build of `tsx/esm/api`, as a file URL, read from tsx's own exports map: `require.resolve`
 * would give its CommonJS build, which cannot load the ESM half it needs from a worker.
 */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}

/**
 * Profiles one table in a worker thread and resolves with its profile (typed arrays transferred).
 * Rejects with the same typed error an in-process `loadProfile` would throw for bad input, and
 * with `WorkerUnavailableError` when the worker itself cannot run.
 */
export function profileInWorker(
  job: ProfileJob,
  onProgress?: (progress: ReadProgress) => void,
  start: WorkerStart = defaultWorkerStart(),
): Promise<Profile> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // execArgv: [] so a parent run with tsx's flags does not pass them on to the bundle. A 4 MB
      // young generation (V8's default is several times that): two workers' nurseries of CSV cell
      // strings otherwise took the 1M x 20 CSV pair to 520-690 MiB peak; with it 470-480, no slower.
      worker = new Worker(start.script, {
        workerData: job,
        eval: start.eval,
        execArgv: [],
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
    } catch (error) {
      reject(new WorkerUnavailableError(`cannot start a profiling worker: ${(error as Error).message}`));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'profile') settle(() => resolve(message.profile));
      else settle(() => reject(errorFromData(message.error)));
    });
    worker.on('error', (error) =>
      settle(() => reject(new WorkerUnavailableError(`profiling worker failed: ${error.message}`))),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new WorkerUnavailableError(`profiling worker exited (${code}) without a profile`))),
    );
  });
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
