import { readFile, realpath, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DriftSettings } from '../config.ts';
import { closestName } from '../core/closest-name.ts';
import { columnsOfBoth, type NamedColumn, requireKnownColumns } from '../core/column-names.ts';
import type { ColumnRoles } from '../core/column-roles.ts';
import { compare as compareProfiles, type PrecomputedResults } from '../core/compare.ts';
import { UsageError } from '../core/errors.ts';
import type { FeatureKind } from '../core/kinds.ts';
import { type MethodId, resolveMethodId, unknownMethodMessage } from '../core/method-registry.ts';
import {
  CLASSIFICATION_METRICS,
  type MetricName,
  REGRESSION_METRICS,
} from '../core/performance/metric-names.ts';
import type { ModelRows } from '../core/performance/model-rows.ts';
import type { ModelSettings } from '../core/performance/model-spec.ts';
import type { Profile } from '../core/profile/profile.ts';
import type { DriftReport } from '../core/report.ts';
import { checkSetupOf, defaultDriftSettings, type SettingsOverlay } from '../drift-settings.ts';
import { TABLE_FORMAT_NAMES, type TableFormatName, tableFormatNamed } from '../io/format.ts';
import { localSources } from '../io/local-files.ts';
import type { ReadProgress, TableReading } from '../io/profile-sources.ts';
import { renderHtmlReport } from '../render/html-report.ts';
import { visibleJson, visibleText } from '../safe-text.ts';
import { exitCodeOfCheck } from './exit-codes.ts';
import { formatReportTable } from './format-table.ts';
import { isSavedProfile, loadProfile } from './load-profile.ts';
import { checkPerformance, collectorOf, type ModelCollection, modelCollections } from './model-quality.ts';
import { ProfilingWorker, type WorkerStart, WorkerUnavailableError } from './profile-in-worker.ts';
import { createProgressBar } from './progress-bar.ts';
import { sortAhead, sortWhileWaiting } from './sort-ahead.ts';

export interface CheckOptions {
  readonly baseline: string;
  readonly current: string;
  readonly config?: string;
  readonly exclude: readonly string[];
  /** Column roles (README "Columns"), over the config's `columns`. */
  readonly id?: string;
  readonly timestamp?: string;
  readonly prediction?: readonly string[];
  readonly target?: string;
  readonly numericMethod?: string;
  readonly categoricalMethod?: string;
  readonly threshold?: string;
  /** Calibrated thresholds for every feature without one configured. */
  readonly calibrate?: boolean;
  readonly compat?: string;
  readonly exact: boolean;
  readonly format: string;
  readonly out?: string;
  /** Read both tables' files as this format whatever their names (`--input-format`). */
  readonly inputFormat?: string;
  /** `--capture-columns a,b,c`: feature names of SageMaker capture CSV payloads. */
  readonly captureColumns?: string;
  /** The decimal separator of CSV numbers (`--decimal`): `.` or `,`. */
  readonly decimal?: string;
  /** Model monitoring (README "Model monitoring"), over the config's `model`. */
  readonly task?: string;
  readonly score?: string;
  readonly positiveClass?: string;
  /** `--metrics a,b`: the metrics measured. */
  readonly metrics?: readonly string[];
  /** A labels file or folder (id + target) joined to the current table's predictions by id. */
  readonly labels?: string;
}

/** What the terminal can show; all off when output is redirected. */
export interface CheckTerminal {
  /** Colour the table (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  /** Draw a progress bar on stderr for long reads (stderr is a TTY). */
  readonly progress: boolean;
  readonly stderr: (text: string) => void;
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /**
   * Profile the baseline and the current table at the same time, each in a worker thread, so
   * decoding and sorting use two cores; falls back to in-process reads when workers cannot run.
   * A `WorkerStart` says which worker script to run (tests pass a prebuilt one). @default false
   */
  readonly workers?: boolean | WorkerStart;
}

const FORMATS = ['table', 'json', 'html'];

/**
 * `driftwatch check`: profiles a baseline and a current file and compares them. Exit codes
 * (exit-codes.ts): 0 no drift that pages, 1 drift, 3 invalid data (2, bad input, is the caller's).
 */
export async function checkFiles(
  options: CheckOptions,
  stdout: (text: string) => void,
  terminal?: CheckTerminal,
): Promise<number> {
  if (!FORMATS.includes(options.format)) {
    throw new UsageError(`--format must be table, json or html, not "${options.format}"`);
  }
  const settings = options.config ? await readSettings(options.config) : defaultDriftSettings();
  const format = inputFormatOf(options.inputFormat);
  await checkInputPaths(options, format, terminal?.stderr ?? (() => {}));
  // A check's profiles are compared, then dropped.
  const overlay = overlayOf(options);
  const setup = checkSetupOf(settings, { ...overlay, compareOnly: true });
  const { policy } = setup;
  const captureColumns = options.captureColumns?.split(',').map((name) => name.trim());
  if (captureColumns !== undefined && format !== 'sagemaker-capture') {
    throw new UsageError('--capture-columns applies only to --input-format sagemaker-capture');
  }
  const reading: TableReading = {
    ...setup,
    ...(format !== undefined ? { format } : {}),
    ...(captureColumns !== undefined ? { captureColumns } : {}),
  };
  const model =
    setup.model === null ? null : modelCollections(setup.model, policy.columns.id, options.labels);
  if (setup.model === null && options.labels !== undefined) {
    throw new UsageError(
      '--labels joins labels to predictions for model monitoring: say the model with --task classification|regression (or the config\'s "model")',
    );
  }
  const modelRows: { baseline: ModelRows | null; current: ModelRows | null } = {
    baseline: null,
    current: null,
  };
  // A config's settings are named with their file, so "exclude" is not taken for the flag.
  const named = setup.namedColumns.map(
    (entry): NamedColumn =>
      entry.setting.startsWith('--') ? entry : { ...entry, setting: `${options.config}: ${entry.setting}` },
  );
  const requireNamedColumns = (baseline: Profile, current: Profile) =>
    requireKnownColumns(named, columnsOfBoth(baseline, current));
  const compare = (baseline: Profile, current: Profile, precomputed?: PrecomputedResults) =>
    compareProfiles(baseline, current, policy, precomputed);
  const read = async (path: string, side: 'baseline' | 'current') => {
    const collector = collectorOf(model?.[side]);
    const finish = (profile: Profile) => {
      if (collector !== undefined) modelRows[side] = collector.finish();
      return profile;
    };
    if (terminal === undefined) return finish(await loadProfile(path, reading, undefined, collector));
    const bar = createProgressBar({
      write: terminal.stderr,
      isTTY: terminal.progress,
      now: terminal.now,
      label: side === 'baseline' ? 'baseline' : 'current ',
    });
    try {
      return finish(await loadProfile(path, reading, (p) => bar.update(p), collector));
    } finally {
      bar.done();
    }
  };
  let report: DriftReport;
  if (terminal?.workers !== undefined && terminal.workers !== false) {
    const start = typeof terminal.workers === 'object' ? terminal.workers : undefined;
    const workers = [new ProfilingWorker(start), new ProfilingWorker(start)];
    try {
      const { baseline, current } = await readBothInWorkers(
        options,
        reading,
        terminal,
        workers,
        model,
        (side, rows) => {
          modelRows[side] = rows;
        },
      );
      requireNamedColumns(baseline, current);
      try {
        const available = workers.filter((w) => w.available);
        const precomputed = await sortAhead(baseline, current, policy, available);
        // Done with the workers: they wind down (their heaps freed on their own threads, not at
        // exit) while this thread puts the report together.
        for (const worker of workers) worker.close();
        report = compare(baseline, current, precomputed);
      } catch (error) {
        if (!(error instanceof WorkerUnavailableError)) throw error;
        // Columns were in the worker that died: read both tables again, here.
        terminal.stderr(visibleText(`driftwatch: ${error.message}; checking again in this thread\n`));
        report = compare(await read(options.baseline, 'baseline'), await read(options.current, 'current'));
      }
    } finally {
      for (const worker of workers) worker.close();
    }
  } else {
    const baseline = await read(options.baseline, 'baseline');
    const current = await read(options.current, 'current');
    requireNamedColumns(baseline, current);
    // In place: these profiles are only compared (a sorted copy of each would double them).
    await sortAhead(baseline, current, policy, []);
    report = compare(baseline, current);
  }
  if (setup.model !== null && modelRows.current !== null) {
    const performance = await checkPerformance({
      spec: setup.model,
      baseline: modelRows.baseline,
      current: modelRows.current,
      ...(options.labels !== undefined
        ? { labels: { path: options.labels, idColumn: policy.columns.id!, reading } }
        : {}),
    });
    report = { ...report, performance };
  }
  const text =
    options.format === 'json'
      ? // Escaped, not dropped: the same JSON value, safe to print to a terminal.
        `${visibleJson(JSON.stringify(report, null, 2))}\n`
      : options.format === 'html'
        ? renderHtmlReport({ ...report, context: { ...cliContext(options), ...report.context } })
        : formatReportTable(report, { color: terminal?.color === true && !options.out });
  if (options.out) await writeFile(options.out, text);
  else stdout(text);
  return exitCodeOf(report);
}

/**
 * Both sides at once, one worker each. Outcomes are awaited together and the baseline's error
 * wins, so a bad pair reports what the sequential in-process read would have reported first.
 * A side whose worker cannot run at all is read in-process instead.
 */
async function readBothInWorkers(
  options: CheckOptions,
  reading: TableReading,
  terminal: CheckTerminal,
  workers: readonly ProfilingWorker[],
  model: { readonly baseline: ModelCollection; readonly current: ModelCollection } | null,
  onModelRows: (side: 'baseline' | 'current', rows: ModelRows) => void,
): Promise<{ baseline: Profile; current: Profile }> {
  const bar = createProgressBar({
    write: terminal.stderr,
    isTTY: terminal.progress,
    now: terminal.now,
    label: 'reading ',
  });
  // One bar for both reads: their rows and bytes summed.
  const latest: [ReadProgress | null, ReadProgress | null] = [null, null];
  const update = (side: 0 | 1) => (progress: ReadProgress) => {
    latest[side] = progress;
    const [a, b] = latest;
    const bytes = a?.bytes === null || b?.bytes === null ? null : (a?.bytes ?? 0) + (b?.bytes ?? 0);
    bar.update({
      rows: (a?.rows ?? 0) + (b?.rows ?? 0),
      bytes,
      totalBytes: (a?.totalBytes ?? 0) + (b?.totalBytes ?? 0),
    });
  };
  const arrived = [false, false];
  const readSide = async (path: string, side: 0 | 1): Promise<Profile> => {
    // The worker that finishes first sorts its own table until the other arrives; then
    // `sortAhead` spreads the rest, and the methods, over both workers.
    const name = side === 0 ? 'baseline' : 'current';
    const job = {
      path,
      reading,
      progress: terminal.progress,
      sortInPlace: false,
      ...(model !== null ? { model: model[name] } : {}),
    };
    try {
      const profile = await workers[side].profile(job, update(side), (rows) => onModelRows(name, rows));
      arrived[side] = true;
      await sortWhileWaiting(profile, workers[side], () => arrived[1 - side]);
      return profile;
    } catch (error) {
      if (!(error instanceof WorkerUnavailableError)) throw error;
      // Said, not hidden: the check still runs, on one core.
      terminal.stderr(visibleText(`driftwatch: ${error.message}; reading ${path} in this thread\n`));
      const collector = collectorOf(model?.[name]);
      const profile = await loadProfile(path, reading, update(side), collector);
      if (collector !== undefined) onModelRows(name, collector.finish());
      return profile;
    }
  };
  try {
    // A side that failed has nothing coming: the other one stops waiting for it.
    const [baseline, current] = await Promise.allSettled([
      readSide(options.baseline, 0).finally(() => {
        arrived[0] = true;
      }),
      readSide(options.current, 1).finally(() => {
        arrived[1] = true;
      }),
    ]);
    if (baseline.status === 'rejected') throw baseline.reason;
    if (current.status === 'rejected') throw current.reason;
    return { baseline: baseline.value, current: current.value };
  } finally {
    bar.done();
  }
}

/** Names for the HTML header: the CLI has no monitor, so the files stand in. */
function cliContext(options: CheckOptions): DriftReport['context'] {
  return {
    snapshotId: basename(options.current),
    baselineId: basename(options.baseline),
    // The CLI is not core: the wall clock is fine here.
    checkedAt: new Date().toISOString(),
  };
}

function exitCodeOf(report: DriftReport): number {
  return exitCodeOfCheck(report.status, report.performance?.degraded === true);
}

async function readSettings(path: string): Promise<DriftSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: cannot read the config (${(error as Error).message})`);
  }
  // Loaded only here: the schema library is not needed without a config file.
  const { parseDriftSettings } = await import('../config.ts');
  return parseDriftSettings(raw, path);
}

/** The flags as an overlay on the settings; a flag's bad value is a usage error naming the flag. */
function overlayOf(options: CheckOptions): SettingsOverlay {
  const methodByKind: Partial<Record<FeatureKind, MethodId>> = {};
  if (options.numericMethod) methodByKind.numeric = method(options.numericMethod, '--numeric-method');
  if (options.categoricalMethod) {
    const id = method(options.categoricalMethod, '--categorical-method');
    methodByKind.categorical = id;
    methodByKind.boolean = id;
  }
  let threshold: number | undefined;
  if (options.threshold !== undefined) {
    threshold = Number(options.threshold);
    if (!Number.isFinite(threshold) || threshold <= 0) {
      throw new UsageError(`--threshold must be a positive number, not "${options.threshold}"`);
    }
  }
  if (threshold !== undefined && options.calibrate === true) {
    throw new UsageError('--threshold and --calibrate both set every threshold: choose one');
  }
  if (options.compat !== undefined && options.compat !== 'evidently' && options.compat !== 'driftwatch') {
    throw new UsageError(`--compat must be evidently or driftwatch, not "${options.compat}"`);
  }
  if (options.decimal !== undefined && options.decimal !== '.' && options.decimal !== ',') {
    throw new UsageError(
      `--decimal must be . or , (the decimal separator of CSV numbers), not "${options.decimal}"`,
    );
  }
  const columns: Partial<Record<keyof ColumnRoles, unknown>> = {
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(options.prediction !== undefined && options.prediction.length > 0
      ? { prediction: options.prediction }
      : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
  };
  return {
    methodByKind,
    columns: columns as Partial<ColumnRoles>,
    ...modelOverlayOf(options),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(options.calibrate === true ? { calibrate: true } : {}),
    ...(options.compat !== undefined ? { compat: options.compat } : {}),
    exclude: options.exclude,
    exact: options.exact,
    ...(options.decimal !== undefined ? { decimal: options.decimal } : {}),
  };
}

/** `--task`, `--score`, `--positive-class` and `--metrics`: over the config's `model`. */
function modelOverlayOf(options: CheckOptions): Pick<SettingsOverlay, 'model'> {
  if (options.task !== undefined && options.task !== 'classification' && options.task !== 'regression') {
    throw new UsageError(`--task must be classification or regression, not "${options.task}"`);
  }
  const known = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS] as readonly string[];
  const metrics = options.metrics?.map((name): MetricName => {
    if (known.includes(name)) return name as MetricName;
    const closest = closestName(name, known);
    throw new UsageError(
      `--metrics: "${name}" is not a model metric${closest === null ? '' : `; did you mean "${closest}"?`} (they are ${known.join(', ')})`,
    );
  });
  const model: Partial<ModelSettings> = {
    ...(options.task !== undefined ? { task: options.task } : {}),
    ...(options.score !== undefined ? { score: options.score } : {}),
    ...(options.positiveClass !== undefined ? { positiveClass: options.positiveClass } : {}),
    ...(metrics !== undefined && metrics.length > 0 ? { metrics } : {}),
  };
  return Object.keys(model).length > 0 ? { model } : {};
}

function inputFormatOf(name: string | undefined): TableFormatName | undefined {
  if (name === undefined) return undefined;
  const format = tableFormatNamed(name);
  if (format === undefined) {
    throw new UsageError(`--input-format must be one of ${TABLE_FORMAT_NAMES.join(', ')}, not "${name}"`);
  }
  return format;
}

/**
 * Before anything is read: says which files of a folder are skipped (never silently), and refuses a
 * folder that holds the other side's file, whose rows would otherwise count on both sides.
 */
async function checkInputPaths(
  options: CheckOptions,
  format: TableFormatName | undefined,
  stderr: (text: string) => void,
): Promise<void> {
  const onSkipped = (folder: string, names: readonly string[]) => {
    const shown = names.slice(0, 5).join(', ');
    const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
    stderr(visibleText(`driftwatch: ${folder}: skipped ${shown}${more} (hidden files are not data)\n`));
  };
  const filesOf = async (path: string): Promise<string[]> => {
    if (await isSavedProfile(path)) return [];
    const sources = await localSources(path, { ...(format !== undefined ? { format } : {}), onSkipped });
    return Promise.all(sources.map((source) => realpath(source.name)));
  };
  const baselineFiles = await filesOf(options.baseline);
  const currentFiles = await filesOf(options.current);
  for (const [flag, path, own, other, otherFlag] of [
    ['--current', options.current, currentFiles, baselineFiles, '--baseline'],
    ['--baseline', options.baseline, baselineFiles, currentFiles, '--current'],
  ] as const) {
    // One table compared with itself (the same file or folder twice) is a deliberate check.
    if (own.length < 2 || (own.length === other.length && own.every((file) => other.includes(file))))
      continue;
    const shared = own.find((file) => other.includes(file));
    if (shared !== undefined) {
      throw new UsageError(
        `${flag} ${path} holds ${shared}, which is also the ${otherFlag} table: its rows would count on both sides; point ${flag} at a folder holding only its own part files, or at one file`,
      );
    }
  }
}

function method(name: string, flag: string): MethodId {
  const id = resolveMethodId(name);
  if (id === undefined) throw new UsageError(`${flag}: ${unknownMethodMessage(name)}`);
  return id;
}
