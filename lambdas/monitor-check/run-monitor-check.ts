import packageJson from '../../package.json' with { type: 'json' };
import type { MonitorConfig } from '../config.ts';
import { decideAlert, decideModelAlert } from '../core/alert-policy.ts';
import type { AlertReason } from '../core/alert-reasons.ts';
import { deadlineBudget } from '../core/calibration/calibration-budget.ts';
import { type HistoryEntry, historyEntryOf, withHistoryEntry } from '../core/check-history.ts';
import {
  columnsOfBoth,
  type NamedColumn,
  requireKnownColumns,
  UnknownColumnError,
} from '../core/column-names.ts';
import { compare } from '../core/compare.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import { measureModel, performanceSection } from '../core/performance/measure-model.ts';
import { ModelRowCollector } from '../core/performance/model-rows.ts';
import type { ModelSpec } from '../core/performance/model-spec.ts';
import type { DriftPolicy } from '../core/policy.ts';
import type { Profile } from '../core/profile/profile.ts';
import { sortProfileInPlace } from '../core/profile/sort-profile.ts';
import type { DriftReport, ReportContext, ReportStatus } from '../core/report.ts';
import { isCompared, REPORT_SCHEMA_VERSION } from '../core/report.ts';
import { checkSetupOf } from '../drift-settings.ts';
import { profilePeriods } from '../io/profile-periods.ts';
import { profileSources, type TableReading } from '../io/profile-sources.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import type { AlertContent } from '../render/alert-content.ts';
import { heartbeatDatum, metricDataOf } from '../render/cloudwatch-metrics.ts';
import type { HtmlReportOptions } from '../render/html-report.ts';
import { type ReportLink, renderMonitorOverview } from '../render/monitor-overview.ts';
import {
  BaselineError,
  type BaselineProfile,
  loadBaselineProfile,
  waitingForBaseline,
} from './baseline-profile.ts';
import { withCachedCalibrations } from './calibration-cache.ts';
import { alertMemoryOf, type CheckState, readState, writeState } from './check-state.ts';
import { exceedsFanOutLimits } from './fan-out-limits.ts';
import type { FanOutStart, FanOutStarter } from './fan-out-request.ts';
import { appendHistory, type ReadHistory, readHistory } from './history-store.ts';
import type { AlertSink, MetricsSink } from './sinks.ts';
import {
  checkTableObjects,
  monitorSnapshots,
  partitionByReadiness,
  type Settling,
  type Snapshot,
  settlingText,
  snapshotFolder,
  tableFormatOf,
  tableInputOf,
} from './snapshots.ts';

export interface CheckDependencies {
  readonly monitor: MonitorConfig;
  /** CloudWatch namespace. */
  readonly namespace: string;
  /** Holds `<prefix>snapshots/` and `<prefix>baseline/` (the monitor's own bucket if it names one). */
  readonly dataStore: SnapshotStore;
  /**
   * Holds `<prefix>reports/`, `<prefix>cache/`, `<prefix>history.json`, `<prefix>index.html`
   * (the overview page) and `<prefix>state.json`.
   */
  readonly stateStore: SnapshotStore;
  readonly metrics: MetricsSink;
  readonly alerts: AlertSink;
  readonly now: () => Date;
  readonly renderHtml: (report: DriftReport, options?: HtmlReportOptions) => string;
  /** One structured log line per event. */
  readonly log?: (event: Record<string, unknown>) => void;
  /** A dashboard link for alerts. */
  readonly dashboardUrl?: string;
  /**
   * Starts the Step Functions fan-out for snapshots above the monitor's `fanOut` limits. Absent
   * (the CLI, a stack without the state machine): every snapshot is profiled here.
   */
  readonly fanOut?: FanOutStarter;
  /**
   * Milliseconds left before the invocation times out (the Lambda context's
   * `getRemainingTimeInMillis`): calibrations stop in time for the check to report
   * (`deadlineBudget`). Absent (the CLI): no limit.
   */
  readonly remainingMs?: () => number;
}

export interface CheckSummary {
  readonly monitor: string;
  /** `fanned-out`: the state machine checks the snapshot; its reduce step writes report and state. */
  readonly status: ReportStatus | 'fanned-out';
  readonly snapshotId: string | null;
  /** True when the newest snapshot was already reported: nothing was done. */
  readonly alreadyReported: boolean;
  readonly alert: AlertReason | null;
  readonly reportKey: string | null;
  /** The monitor's overview page, rewritten by this check; null when nothing was checked. */
  readonly overviewKey: string | null;
  readonly metricCount: number;
  /** Baseline tables profiled in this run (0: all came from the cache). */
  readonly baselineBuilt: number;
  /** The execution that checks the snapshot, when it was too big for this Lambda. */
  readonly fanOut?: FanOutStart;
  /** Why the status holds no comparison (`error`, `stale`, `waiting`), in words. */
  readonly detail?: string;
  /** Folder snapshots a writer has not finished (not checked yet), oldest first. */
  readonly settling?: readonly Settling[];
  /** The snapshot whose upload started this run (the check is of the newest complete one). */
  readonly uploadedSnapshotId?: string;
  /** `model_degraded` when this check's model quality degraded and that alert was published. */
  readonly modelAlert?: 'model_degraded';
  /** A model metric degraded (report `performance.degraded`). */
  readonly modelDegraded?: boolean;
}

/** What started a run besides the schedule. */
export interface RunTrigger {
  /** The snapshot an S3 upload completed. */
  readonly uploadedSnapshotId?: string;
}

const HOUR_MS = 3_600_000;

/**
 * A monitor's scheduled run (the check Lambda; `driftwatch run` on a local folder): the check,
 * then the heartbeat (`CheckRan`), put whatever the check found — nothing new included — so that
 * the heartbeat alarm sees a monitor whose runs stopped.
 */
export async function runMonitorCheck(
  deps: CheckDependencies,
  trigger: RunTrigger = {},
): Promise<CheckSummary> {
  const summary = await checkNewestSnapshot(deps, trigger);
  await deps.metrics.put(deps.namespace, [heartbeatDatum(deps.monitor.name, deps.now())]);
  return trigger.uploadedSnapshotId !== undefined
    ? { ...summary, uploadedSnapshotId: trigger.uploadedSnapshotId }
    : summary;
}

/**
 * One scheduled check of one monitor (docs/design.md §3): find the newest snapshot; if it was already
 * reported, stop; if there is none or it is older than maxSnapshotAge, the status is `stale`;
 * else profile it, compare with the cached baseline profile, write report.json and report.html,
 * add the check to history.json and rewrite the overview page, put metrics, publish the alert
 * that is due, and write state.json last. A snapshot or baseline
 * that cannot be read gives an `error` report; anything else (S3, CloudWatch or SNS failing after
 * retries) throws, leaving state.json as it was so the next run repeats the check and its alert.
 */
async function checkNewestSnapshot(deps: CheckDependencies, trigger: RunTrigger): Promise<CheckSummary> {
  const { monitor, dataStore, stateStore } = deps;
  const log = deps.log ?? (() => {});
  const started = deps.now();
  const prefix = monitor.prefix;
  const state = await readState(stateStore, prefix, (message) => log({ level: 'warn', message }));
  const snapshotsFolder = `${prefix}snapshots/`;
  const {
    ready: snapshots,
    pending,
    settling,
  } = partitionByReadiness(
    monitorSnapshots(
      monitor,
      await dataStore.list(snapshotsFolder),
      snapshotsFolder,
      (key) => `${dataStore.location}/${key}`,
    ),
    started,
    monitor.snapshotSettle,
  );
  if (pending.length > 0) {
    log({
      level: 'info',
      message: 'snapshots still being written',
      monitor: monitor.name,
      pending: pending.map((s) => s.id),
    });
  }
  const newest = snapshots.at(-1);
  if (trigger.uploadedSnapshotId !== undefined && trigger.uploadedSnapshotId !== newest?.id) {
    // State moves forward only: an upload older than the newest complete snapshot (a backfill)
    // is not checked on its own; the newest is.
    log({
      level: 'info',
      message: `upload of snapshot ${trigger.uploadedSnapshotId}; the newest complete snapshot is ${newest?.id ?? 'none'}, which is the one checked`,
      monitor: monitor.name,
    });
  }
  const ageHours = newest ? (started.getTime() - newest.lastModified.getTime()) / HOUR_MS : undefined;
  const baseSummary = {
    monitor: monitor.name,
    snapshotId: newest?.id ?? null,
    baselineBuilt: 0,
    ...(settling.length > 0 ? { settling } : {}),
  };

  const context = (extra: Partial<ReportContext>): ReportContext => ({
    monitor: monitor.name,
    checkedAt: started.toISOString(),
    driftwatchVersion: packageJson.version,
    ...extra,
  });

  if (newest === undefined || newest.lastModified.getTime() + monitor.maxSnapshotAge < started.getTime()) {
    const why =
      newest === undefined
        ? `no complete snapshot under ${dataStore.location}/${snapshotsFolder}` +
          (pending.length > 0 ? ` (still being written: ${pending.map((s) => s.id).join(', ')})` : '')
        : `the newest snapshot, ${newest.id}, is ${ageHours!.toFixed(1)} h old; maxSnapshotAge is ${(monitor.maxSnapshotAge / HOUR_MS).toFixed(1)} h`;
    const { policy } = checkSetupOf(monitor.drift);
    const report = statusReport('stale', why, context(newest ? { snapshotId: newest.id } : {}), policy);
    const reason = decideAlert(alertMemoryOf(state), 'stale', started.getTime(), monitor.alertCooldown);
    // A stale report is written only with an alert (it is the alert's link), at one fixed key.
    const reportKey = reason === null ? null : `${prefix}reports/stale/report.json`;
    const overviewKey = await recordCheck(deps, report, started, reason, reportKey);
    const metricCount = await putMetrics(deps, report, started, ageHours);
    if (reason !== null) await publish(deps, reason, report, reportKey);
    await writeState(stateStore, prefix, {
      ...nextState(state, monitor.name, report, started, reason, reportKey),
      lastSnapshotId: state?.lastSnapshotId ?? null,
    });
    log({ level: 'info', message: 'stale', monitor: monitor.name, why, alert: reason });
    return {
      ...baseSummary,
      status: 'stale',
      alreadyReported: false,
      alert: reason,
      reportKey,
      overviewKey,
      metricCount,
      detail: why,
    };
  }

  if (state !== null && state.lastSnapshotId === newest.id) {
    // Said in words: "already reported" alone reads as if the newer snapshot had been missed.
    log({
      level: 'info',
      message:
        settling.length > 0
          ? `already reported; ${settling.map(settlingText).join('; ')}`
          : 'already reported',
      monitor: monitor.name,
      snapshotId: newest.id,
      ...(settling.length > 0 ? { settling } : {}),
    });
    return {
      ...baseSummary,
      status: state.lastStatus,
      alreadyReported: true,
      alert: null,
      reportKey: state.lastReportKey,
      overviewKey: null,
      metricCount: 0,
    };
  }

  const folder = snapshotFolder(newest, snapshotsFolder);
  // Only a folder of part files fans out: the item reader lists exactly that folder.
  if (
    deps.fanOut !== undefined &&
    folder !== snapshotsFolder &&
    waitingForBaseline(monitor, snapshots) === null &&
    exceedsFanOutLimits(newest, monitor.fanOut)
  ) {
    const fanOut = await deps.fanOut.start(
      {
        monitor: monitor.name,
        snapshotId: newest.id,
        checkedAt: started.toISOString(),
        dataBucket: monitor.bucket ?? bucketOf(dataStore),
        snapshotFolder: folder,
      },
      JSON.stringify(newest.objects.map((object) => [object.key, object.etag])),
    );
    // No report, metrics or state here: the reduce step writes them, as this run would have.
    log({ level: 'info', message: 'fanned out', monitor: monitor.name, snapshotId: newest.id, ...fanOut });
    return {
      ...baseSummary,
      status: 'fanned-out',
      alreadyReported: false,
      alert: null,
      reportKey: null,
      overviewKey: null,
      metricCount: 0,
      fanOut,
    };
  }

  const summary = await completeCheck(deps, {
    state,
    snapshots,
    started,
    // Compared and dropped, as `driftwatch check`'s are (ProfilerOptions.compareOnly).
    profileCurrent: (reading, model) =>
      profileSources(
        newest.objects.map((object) => dataStore.source(object)),
        {
          ...reading,
          profilerOptions: { ...reading.profilerOptions, compareOnly: true },
          ...tableInputOf(monitor, 'snapshot'),
        },
        undefined,
        model,
      ),
  });
  return settling.length > 0 ? { ...summary, settling } : summary;
}

/** Collects the snapshot's target, prediction and score columns while it is profiled. */
function modelRowCollectorOf(model: ModelSpec): ModelRowCollector {
  return new ModelRowCollector(
    {
      task: model.task,
      target: model.target,
      prediction: model.prediction,
      ...(model.score !== undefined ? { score: model.score } : {}),
    },
    model.maxRows,
  );
}

/** The bucket behind an S3 store; only S3 stores can fan out. */
function bucketOf(store: SnapshotStore): string {
  const match = /^s3:\/\/(.+)$/.exec(store.location);
  if (match === null) throw new Error(`fan-out needs an S3 store, not ${store.location}`);
  return match[1];
}

/** What `completeCheck` needs besides the dependencies. */
export interface CheckInput {
  /** The state read at the start of the check. */
  readonly state: CheckState | null;
  /** Every snapshot up to the one checked (the last), oldest first. */
  readonly snapshots: readonly Snapshot[];
  /** When the check started: the report's `checkedAt` and the snapshot age's clock. */
  readonly started: Date;
  /**
   * The checked snapshot's profile. The single-Lambda path reads its part files in order; the
   * fan-out's reduce step merges the partial profiles in the same order.
   * @throws SnapshotFormatError for a snapshot that cannot be read (an `error` report)
   */
  readonly profileCurrent: (reading: TableReading, model?: ModelRowCollector) => Promise<Profile>;
  /**
   * Why this path cannot give the snapshot's model columns row by row (the fan-out merges partial
   * profiles, which keep none): the report's `performance` section says it instead of measuring.
   */
  readonly modelRowsUnavailable?: string;
}

/**
 * The second half of a check, shared by `runMonitorCheck` and the fan-out's reduce step: load the
 * baseline profile, profile the snapshot, compare, write report.json and report.html, add the
 * check to history.json and rewrite the overview page, put metrics, publish the alert that is
 * due, and write state.json last.
 */
export async function completeCheck(deps: CheckDependencies, input: CheckInput): Promise<CheckSummary> {
  const { monitor, dataStore, stateStore } = deps;
  const log = deps.log ?? (() => {});
  const { state, snapshots, started } = input;
  const prefix = monitor.prefix;
  const snapshotsFolder = `${prefix}snapshots/`;
  const newest = snapshots.at(-1);
  if (newest === undefined) throw new Error('completeCheck needs the snapshot to check');
  const ageHours = (started.getTime() - newest.lastModified.getTime()) / HOUR_MS;
  const baseSummary = { monitor: monitor.name, snapshotId: newest.id, baselineBuilt: 0 };
  const context = (extra: Partial<ReportContext>): ReportContext => ({
    monitor: monitor.name,
    checkedAt: started.toISOString(),
    driftwatchVersion: packageJson.version,
    ...extra,
  });

  const setup = checkSetupOf(monitor.drift);
  const { policy } = setup;
  // Named as in the config file: the drift settings sit under `drift`, metrics beside them.
  const named: NamedColumn[] = [
    ...setup.namedColumns.map((entry) => ({ ...entry, setting: `drift.${entry.setting}` })),
    ...monitor.featureMetrics.map((name) => ({ setting: 'featureMetrics', name })),
  ];
  let report: DriftReport;
  let baselineBuilt = 0;
  let baselineFailed = false;
  let settingsFailed = false;
  const waiting = waitingForBaseline(monitor, snapshots);
  if (waiting !== null) {
    report = statusReport('waiting', waiting, context({ snapshotId: newest.id }), policy);
  } else {
    try {
      const baseline = await loadBaselineProfile({
        monitor,
        dataStore,
        cacheStore: stateStore,
        snapshots,
        reading: setup,
        model: setup.model,
      });
      baselineBuilt = baseline.built;
      try {
        const currentRows =
          setup.model !== null && input.modelRowsUnavailable === undefined
            ? modelRowCollectorOf(setup.model)
            : undefined;
        report = await checkSnapshot(deps, newest, snapshotsFolder, baseline, policy, named, () =>
          input.profileCurrent(setup, currentRows),
        );
        if (setup.model !== null && baseline.performance !== null && isCompared(report.status)) {
          report = {
            ...report,
            performance: performanceSection({
              spec: setup.model,
              reference: baseline.performance,
              current:
                currentRows === undefined
                  ? { notComputed: input.modelRowsUnavailable ?? "the snapshot's rows were not read" }
                  : measureModel(currentRows.finish(), setup.model, `snapshot ${newest.id}`),
              labels: 'inline',
            }),
          };
        }
      } catch (error) {
        // A setting naming no column (exclude, features, a role) is the config's fault, not the
        // snapshot's: an `error` report that alerts with the setting's name, checked again once
        // the config is fixed.
        if (error instanceof UnknownColumnError || error instanceof UsageError) {
          settingsFailed = true;
          report = statusReport('error', `monitor ${monitor.name}: ${error.message}`, {}, policy);
        } else if (error instanceof SnapshotFormatError) {
          report = statusReport('error', `snapshot ${newest.id}: ${error.message}`, {}, policy);
        } else throw error;
      }
      report = {
        ...report,
        context: context({
          snapshotId: newest.id,
          baselineId: baseline.id,
          durationMs: deps.now().getTime() - started.getTime(),
        }),
      };
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      baselineFailed = true;
      report = statusReport('error', error.message, context({ snapshotId: newest.id }), policy);
    }
  }

  const reportKey = `${prefix}reports/${newest.id}/report.json`;
  const reason = decideAlert(alertMemoryOf(state), report.status, started.getTime(), monitor.alertCooldown);
  // Each snapshot is checked once (state.json says which was reported), so its degradation alerts once.
  const modelAlert = decideModelAlert(report.performance, false);
  const overviewKey = await recordCheck(deps, report, started, reason ?? modelAlert, reportKey);
  const metricCount = await putMetrics(deps, report, started, ageHours);
  if (reason !== null) await publish(deps, reason, report, reportKey);
  if (modelAlert !== null) await publish(deps, modelAlert, report, reportKey);
  const next = nextState(state, monitor.name, report, started, reason, reportKey);
  // A baseline or settings problem is not the snapshot's fault: leave it unreported so the next run retries.
  await writeState(
    stateStore,
    prefix,
    baselineFailed || settingsFailed ? { ...next, lastSnapshotId: state?.lastSnapshotId ?? null } : next,
  );
  log({
    level: 'info',
    message: report.status === 'waiting' ? 'waiting for baseline' : 'checked',
    monitor: monitor.name,
    snapshotId: newest.id,
    status: report.status,
    alert: reason,
    ...(modelAlert !== null ? { modelAlert } : {}),
    reportKey,
  });
  return {
    ...baseSummary,
    status: report.status,
    alreadyReported: false,
    alert: reason,
    reportKey,
    overviewKey,
    metricCount,
    baselineBuilt,
    ...(report.error !== undefined ? { detail: report.error } : {}),
    ...(report.performance !== undefined ? { modelDegraded: report.performance.degraded } : {}),
    ...(modelAlert !== null ? { modelAlert } : {}),
  };
}

async function checkSnapshot(
  deps: CheckDependencies,
  snapshot: Snapshot,
  snapshotsFolder: string,
  baselineProfile: BaselineProfile,
  policy: DriftPolicy,
  named: readonly NamedColumn[],
  profileCurrent: () => Promise<Profile>,
): Promise<DriftReport> {
  const baseline = baselineProfile.profile;
  const { dataStore, monitor } = deps;
  checkTableObjects(
    snapshot.objects,
    snapshotFolder(snapshot, snapshotsFolder),
    tableFormatOf(monitor, 'snapshot'),
    (key) => `${dataStore.location}/${key}`,
  );
  const current = await profileCurrent();
  requireKnownColumns(named, columnsOfBoth(baseline, current));
  // Both are only compared from here on: sorted in place rather than copied by the compare (a copy
  // of every kept value would raise the peak). A fixed baseline arrives sorted already.
  sortProfileInPlace(baseline);
  sortProfileInPlace(current);
  return withCachedCalibrations(
    {
      monitor,
      store: deps.stateStore,
      baselineKeys: baselineProfile.cacheKeys,
      policy,
      baseline,
      current,
      splitBaseline: async (column, time, periodMs) => {
        try {
          return await profilePeriods(baselineProfile.tables, column, time, periodMs);
        } catch (error) {
          if (error instanceof SnapshotFormatError)
            throw new BaselineError(`baseline: ${error.message}`, { cause: error });
          throw error;
        }
      },
      ...(deps.remainingMs !== undefined ? { budget: deadlineBudget(deps.remainingMs) } : {}),
      log: deps.log ?? (() => {}),
    },
    (calibrations, calibrating) => compare(baseline, current, policy, undefined, calibrations, calibrating),
  );
}

/**
 * A report with no comparison: the check could not run (`error`), had nothing to check (`stale`)
 * or has no baseline yet (`waiting`). It states the monitor's rule all the same.
 */
function statusReport(
  status: 'error' | 'stale' | 'waiting',
  error: string,
  context: ReportContext,
  policy: Pick<DriftPolicy, 'compat' | 'driftShare'>,
): DriftReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status,
    context,
    error,
    compat: policy.compat,
    baseline: { sources: [], rowCount: 0 },
    current: { sources: [], rowCount: 0 },
    dataset: {
      drifted: false,
      driftedShare: 0,
      driftedCount: 0,
      featureCount: 0,
      driftShareThreshold: policy.driftShare,
    },
    features: [],
    quality: [],
    skipped: [],
  };
}

export function htmlKeyOf(reportKey: string): string {
  return reportKey.replace(/report\.json$/, 'report.html');
}

/** Where a monitor's overview page lives: at its prefix, beside `reports/`. */
function overviewKeyOf(prefix: string): string {
  return `${prefix}index.html`;
}

/**
 * Writes what a check leaves behind before its metrics, alert and state: report.json and
 * report.html (when `reportKey` is set), the check in history.json, and the overview page.
 * history.json is written before state.json, and an entry is keyed by the check's id (the
 * snapshot id): a run that dies after this but before state.json is repeated by the next run,
 * whose entry replaces this one, so a check is never lost nor counted twice. Returns the
 * overview page's key.
 */
async function recordCheck(
  deps: CheckDependencies,
  report: DriftReport,
  started: Date,
  reason: AlertReason | null,
  reportKey: string | null,
): Promise<string> {
  const { stateStore, monitor } = deps;
  const prefix = monitor.prefix;
  const warn = (message: string) => deps.log?.({ level: 'warn', message, monitor: monitor.name });
  const read: ReadHistory = await readHistory(stateStore, prefix, warn);
  const entry = historyEntryOf(report, { checkedAt: started.toISOString(), alert: reason, reportKey });
  if (reportKey !== null) {
    await stateStore.putText(reportKey, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
    const html = deps.renderHtml(report, {
      history: withHistoryEntry(read.entries, entry),
      overviewHref: relativeToReport(reportKey, prefix),
    });
    await stateStore.putText(htmlKeyOf(reportKey), html, 'text/html');
  }
  const history = await appendHistory(stateStore, prefix, monitor.name, entry, read, warn);
  const overviewKey = overviewKeyOf(prefix);
  await stateStore.putText(overviewKey, await renderOverview(deps, history), 'text/html');
  return overviewKey;
}

/** The overview page's address from a report's folder (`reports/<id>/`). */
function relativeToReport(reportKey: string, prefix: string): string {
  const depth = reportKey.slice(prefix.length).split('/').length - 1;
  return `${'../'.repeat(depth)}index.html`;
}

async function renderOverview(deps: CheckDependencies, history: readonly HistoryEntry[]): Promise<string> {
  const { stateStore, monitor } = deps;
  const prefix = monitor.prefix;
  // One listing per check (a page per 1,000 keys) says which reports the retention has not expired.
  const stored = new Set((await stateStore.list(`${prefix}reports/`)).map((object) => object.key));
  const links = new Map<HistoryEntry, ReportLink>();
  const linked = new Set<string>();
  // Newest first: a key written by several checks (the stale report) is the newest one's.
  for (const entry of [...history].reverse()) {
    if (entry.reportKey === null) continue;
    const htmlKey = htmlKeyOf(entry.reportKey);
    if (!stored.has(htmlKey) || linked.has(htmlKey) || !htmlKey.startsWith(prefix)) continue;
    linked.add(htmlKey);
    const console = stateStore.link(htmlKey);
    links.set(entry, {
      href: htmlKey.slice(prefix.length).split('/').map(encodeURIComponent).join('/'),
      ...(/^https:\/\//.test(console) ? { console } : {}),
    });
  }
  return renderMonitorOverview({
    monitor: monitor.name,
    history,
    reportLink: (entry) => links.get(entry) ?? null,
    driftwatchVersion: packageJson.version,
  });
}

async function putMetrics(
  deps: CheckDependencies,
  report: DriftReport,
  timestamp: Date,
  snapshotAgeHours: number | undefined,
): Promise<number> {
  const data = metricDataOf(report, {
    monitor: deps.monitor.name,
    featureMetrics: deps.monitor.featureMetrics,
    timestamp,
    ...(snapshotAgeHours !== undefined ? { snapshotAgeHours: Math.max(0, snapshotAgeHours) } : {}),
  });
  await deps.metrics.put(deps.namespace, data);
  return data.length;
}

async function publish(
  deps: CheckDependencies,
  reason: AlertReason,
  report: DriftReport,
  reportKey: string | null,
): Promise<void> {
  const htmlKey = reportKey === null ? null : htmlKeyOf(reportKey);
  const alert: AlertContent = {
    monitor: deps.monitor.name,
    reason,
    status: report.status,
    report,
    links: {
      ...(htmlKey !== null ? { report: deps.stateStore.link(htmlKey) } : {}),
      overview: deps.stateStore.link(overviewKeyOf(deps.monitor.prefix)),
      ...(deps.dashboardUrl !== undefined ? { dashboard: deps.dashboardUrl } : {}),
    },
  };
  await deps.alerts.publish(alert);
}

function nextState(
  previous: CheckState | null,
  monitor: string,
  report: DriftReport,
  checkedAt: Date,
  reason: AlertReason | null,
  reportKey: string | null,
): CheckState {
  return {
    format: 'driftwatch-state',
    version: 1,
    monitor,
    lastSnapshotId: report.context?.snapshotId ?? null,
    lastStatus: report.status,
    lastCheckedAt: checkedAt.toISOString(),
    lastAlertAt: reason !== null ? checkedAt.toISOString() : (previous?.lastAlertAt ?? null),
    lastAlertReason: reason ?? previous?.lastAlertReason ?? null,
    lastReportKey: reportKey ?? previous?.lastReportKey ?? null,
  };
}
