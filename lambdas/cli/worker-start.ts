import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starting profiling workers, kept free of the CLI's other modules: `bin/driftwatch.ts` starts the
 * workers of a `check` before it loads the rest of the CLI (zod, the readers, the report), so the
 * two start-ups overlap instead of adding up.
 */

/** A worker's script: a file to run, or (eval) source text that loads the entry. */
export interface WorkerStart {
  readonly script: string | URL;
  readonly eval: boolean;
}

/**
 * How to start the worker. In the bundle (dist/) this module's URL ends in .mjs and the worker is
 * the bundle's second entry, dist/profile-worker.mjs. Run from source (tsx, vitest), the worker
 * must load TypeScript itself: on Node 20 a worker's `--import tsx` registers hooks too late for
 * its own entry ("Unknown file extension .ts"), so a small stub loads the entry through tsx's
 * `tsImport`, resolved from here so any working directory works.
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
 * A worker that waits for its first job. execArgv: [] so a parent run with tsx's flags does not
 * pass them on to the bundle. A 4 MB young generation (V8's default is several times that): two
 * workers' nurseries of CSV cell strings otherwise raise a CSV check's peak memory, and the smaller
 * one costs no time (bench/check-bench.ts, section `pair`, peak RSS).
 */
function spawnWorker(start: WorkerStart): Worker {
  return new Worker(start.script, {
    eval: start.eval,
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}

const prestarted: Worker[] = [];

/** Starts `count` workers with the default start now, for the `check` about to run. */
export function prestartWorkers(count: number): void {
  try {
    for (let i = 0; i < count; i++) {
      const worker = spawnWorker(defaultWorkerStart());
      // Until a job claims it, a dead worker is simply not handed out (and not an uncaught error).
      worker.once('error', () => {
        const index = prestarted.indexOf(worker);
        if (index !== -1) prestarted.splice(index, 1);
      });
      // Idle prestarted workers must not keep the process alive (a usage error exits at once).
      worker.unref();
      prestarted.push(worker);
    }
  } catch {
    // The check starts its own workers, or reads in-process, and says why.
  }
}

/** A worker started ahead with the default start, or a new one with `start`. */
export function takeWorker(start: WorkerStart | undefined): Worker {
  if (start === undefined) {
    const worker = prestarted.shift();
    if (worker !== undefined) {
      worker.ref();
      return worker;
    }
  }
  return spawnWorker(start ?? defaultWorkerStart());
}
