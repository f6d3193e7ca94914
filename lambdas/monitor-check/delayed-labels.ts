import type { HistoryEntry } from '../core/check-history.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import {
  type BatchJoinCounts,
  DelayedLabelJoin,
  type SnapshotPredictions,
} from '../core/performance/delayed-label-join.ts';
import { measureModel, performanceSection, type SideMeasurement } from '../core/performance/measure-model.ts';
import type { ModelSpec } from '../core/performance/model-spec.ts';
import type { DriftReport } from '../core/report.ts';
import type { CheckSetup } from '../drift-settings.ts';
import { readModelRows } from '../io/read-model-rows.ts';
import type { StoredObject, WriteCondition } from '../io/snapshot-store.ts';
import { WriteConflictError } from '../io/write-conflict-error.ts';
import { isWriterLeftover } from '../io/writer-leftovers.ts';
import { modelMetricDataOf } from '../render/cloudwatch-metrics.ts';
import { BaselineError, loadBaselineProfile } from './baseline-profile.ts';
import { readHistory } from './history-store.ts';
import { type LabelsState, readLabelsState, type SnapshotLabels, writeLabelsState } from './labels-state.ts';
import { type CheckDependencies, htmlKeyOf, publish, relativeToReport } from './run-monitor-check.ts';
import { monitorSnapshots, partitionByReadiness, type Snapshot, tableInputOf } from './snapshots.ts';

const DAY_MS = 86_400_000;

/** Conditional writes of labels.json before a run gives up on a state other runs keep changing. */
const WRITE_ATTEMPTS = 5;

/** What a scheduled run did with the monitor's delayed labels. */
export interface DelayedLabelsSummary {
  /** Label batches in the window, and how many of them this run joined for the first time. */
  readonly batches: number;
  readonly newBatches: number;
  /** Batches that could not be read (file and problem): recorded in labels.json, never joined. */
  readonly rejected: readonly { readonly key: string; readonly error: string }[];
  /** Snapshots judged in this run (coverage reached, report present), oldest first. */
  readonly evaluated: readonly string[];
  /** Snapshots whose `model_degraded` alert this run published. */
  readonly alerts: readonly string[];
  /** Label rows over the window's batches, and how they met the predictions. */
  readonly join?: BatchJoinCounts;
  /** Why nothing was joined, when nothing was. */
  readonly detail?: string;
}

/**
 * Delayed labels (README "Delayed labels"): label batches dropped under `<prefix>labels/` are
 * joined by the `id` role to the predictions of the snapshots written within
 * `model.labelWindowDays`; each snapshot whose labels cover `model.minLabelCoverage` of its
 * predictions, and that has its drift report, is judged against the baseline's quality; its report
 * gets the `performance` section (labels `delayed`), `ModelMetric` is put, and a degraded snapshot
 * raises `model_degraded` once.
 *
 * When: only a run that finds a batch it has not joined (a new key or a rewritten one) reads
 * anything; it then joins every batch of the window again, in key order (the store lists every
 * page — ListObjectsV2 returns at most 1,000 keys a request, Amazon S3 API Reference — and sorts the
 * keys by code unit), so the join never depends on what an earlier run held in memory or on the
 * order batches arrived in.
 *
 * Order, so that a crash at any point neither loses an alert nor, between two writes, repeats one:
 * reports and metrics first (rewritten the same by a repeated run); then labels.json, written
 * conditionally on the version read, records the batches joined and *claims* each new alert; then
 * the alerts are published; then labels.json marks them sent. A run that dies after its claim is
 * followed by one that publishes the claimed alerts it finds; two runs at once cannot both claim
 * (the second's write fails, it reads the first's state and finds the batches joined). A crash in
 * the one moment after SNS took an alert and before it is marked sent repeats that alert once.
 */
export async function checkDelayedLabels(
  deps: CheckDependencies,
  setup: CheckSetup,
  started: Date,
): Promise<DelayedLabelsSummary | null> {
  const spec = setup.model;
  if (spec === null) return null;
  const { monitor, dataStore, stateStore } = deps;
  const prefix = monitor.prefix;
  const log = deps.log ?? (() => {});
  const cutoff = started.getTime() - spec.labelWindowDays * DAY_MS;
  const batches = (await dataStore.list(`${prefix}labels/`)).filter(
    (object) =>
      !object.key.endsWith('/') &&
      !isWriterLeftover(object.key.slice(object.key.lastIndexOf('/') + 1)) &&
      object.lastModified.getTime() >= cutoff,
  );
  if (batches.length === 0) return null;
  const idColumn = setup.policy.columns.id;
  const empty = { batches: batches.length, newBatches: 0, rejected: [], evaluated: [], alerts: [] };
  if (idColumn === undefined) {
    const detail = `labels under ${dataStore.location}/${prefix}labels/ need the id role: set drift.columns.id to the column both the snapshots and the labels have`;
    log({ level: 'error', message: detail, monitor: monitor.name });
    return { ...empty, detail };
  }
  const warn = (message: string) => log({ level: 'warn', message, monitor: monitor.name });
  const read = await readLabelsState(stateStore, prefix, warn);
  const known = new Set([...(read.state?.batches ?? []), ...(read.state?.rejected ?? [])].map(batchKey));
  const fresh = batches.filter((batch) => !known.has(batchKey(batch)));
  if (fresh.length === 0) {
    const alerts = await publishClaimed(deps, read.state, read.condition);
    if (alerts.length === 0) log({ level: 'info', message: 'no new label batches', monitor: monitor.name });
    return { ...empty, alerts };
  }

  const window = await windowSnapshots(deps, started, cutoff);
  const predictions: SnapshotPredictions[] = [];
  const unreadable = new Map<string, string>();
  for (const snapshot of window) {
    try {
      const rows = await readModelRows(
        snapshot.objects.map((object) => dataStore.source(object)),
        {
          task: spec.task,
          prediction: spec.prediction,
          id: idColumn,
          ...(spec.score !== undefined ? { score: spec.score } : {}),
        },
        spec.maxRows,
        { ...setup, ...tableInputOf(monitor, 'snapshot') },
      );
      predictions.push({ id: snapshot.id, rows });
    } catch (error) {
      if (!(error instanceof SnapshotFormatError)) throw error;
      unreadable.set(snapshot.id, error.message);
    }
  }
  const join = new DelayedLabelJoin(predictions);
  const joined: StoredObject[] = [];
  const counts: BatchJoinCounts[] = [];
  const rejected = [...(read.state?.rejected ?? [])].filter((entry) =>
    batches.some((batch) => batchKey(batch) === batchKey(entry)),
  );
  for (const batch of batches) {
    if (rejected.some((entry) => batchKey(entry) === batchKey(batch))) continue;
    const outcome = await applyBatch(deps, setup, spec, idColumn, join, batch);
    if (typeof outcome !== 'string') {
      joined.push(batch);
      counts.push(outcome);
    } else {
      rejected.push({ key: batch.key, etag: batch.etag, error: outcome });
      log({ level: 'error', message: `label batch not joined: ${outcome}`, monitor: monitor.name });
    }
  }

  const reference = await baselineReference(deps, setup, spec, started);
  const history = await readHistory(stateStore, prefix, warn);
  const snapshots: Record<string, SnapshotLabels> = {};
  const evaluated: string[] = [];
  const claims: string[] = [];
  const metrics = [];
  for (const [s, { id }] of predictions.entries()) {
    const coverage = join.coverageOf(s);
    const before = read.state?.snapshots[id];
    const entry = (fields: Partial<SnapshotLabels>): SnapshotLabels => ({
      rows: coverage.predictions,
      labelled: coverage.labelled,
      evaluated: false,
      degraded: false,
      alert: before?.alert ?? null,
      alertAt: before?.alertAt ?? null,
      ...fields,
    });
    if (coverage.share < spec.minLabelCoverage) {
      snapshots[id] = entry({
        notEvaluated: `${percent(coverage.share)} of its predictions have a label; judged from ${percent(spec.minLabelCoverage)} (model.minLabelCoverage)`,
      });
      continue;
    }
    const reportKey = `${prefix}reports/${id}/report.json`;
    const stored = await stateStore.getText(reportKey);
    if (stored === null) {
      snapshots[id] = entry({
        notEvaluated:
          'it has no drift report (a newer snapshot was checked in its place), so nothing to add the labels to',
      });
      continue;
    }
    const section = performanceSection({
      spec,
      reference,
      current: measureModel(join.rowsOf(s), spec, `snapshot ${id}`),
      labels: 'delayed',
      coverage,
    });
    evaluated.push(id);
    snapshots[id] = entry({ evaluated: true, degraded: section.degraded });
    if (section.degraded && (before?.alert ?? null) === null) claims.push(id);
    const report: DriftReport = { ...(JSON.parse(stored.text) as DriftReport), performance: section };
    await writeReport(deps, report, reportKey, history.entries);
    metrics.push(...modelMetricDataOf(section, { monitor: monitor.name, timestamp: started }));
  }
  for (const [id, problem] of unreadable) {
    snapshots[id] = {
      rows: 0,
      labelled: 0,
      evaluated: false,
      degraded: false,
      notEvaluated: `its predictions could not be read: ${problem}`,
      alert: read.state?.snapshots[id]?.alert ?? null,
      alertAt: read.state?.snapshots[id]?.alertAt ?? null,
    };
  }
  if (metrics.length > 0) await deps.metrics.put(deps.namespace, metrics);

  const totals = sumCounts(counts);
  const next: LabelsState = {
    format: 'driftwatch-labels',
    version: 1,
    monitor: monitor.name,
    batches: joined.map((batch) => ({ key: batch.key, etag: batch.etag })),
    rejected,
    evaluatedAt: started.toISOString(),
    join: totals,
    snapshots,
  };
  const claimed = await claimAlerts(deps, next, claims, read.condition);
  const alerts = claimed === null ? [] : await publishClaimed(deps, claimed.state, claimed.condition);
  log({
    level: 'info',
    message: 'delayed labels joined',
    monitor: monitor.name,
    batches: joined.length,
    newBatches: fresh.length,
    evaluated,
    alerts,
    join: totals,
  });
  return {
    batches: batches.length,
    newBatches: fresh.length,
    rejected: rejected.map(({ key, error }) => ({ key, error })),
    evaluated,
    alerts,
    join: totals,
  };
}

function batchKey(batch: { readonly key: string; readonly etag: string }): string {
  return `${batch.key}\u0000${batch.etag}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** Complete snapshots written within the window, oldest first. */
async function windowSnapshots(deps: CheckDependencies, started: Date, cutoff: number): Promise<Snapshot[]> {
  const { monitor, dataStore } = deps;
  const folder = `${monitor.prefix}snapshots/`;
  const { ready } = partitionByReadiness(
    monitorSnapshots(monitor, await dataStore.list(folder), folder, (key) => `${dataStore.location}/${key}`),
    started,
    monitor.snapshotSettle,
  );
  return ready.filter((snapshot) => snapshot.lastModified.getTime() >= cutoff);
}

/** Reads one label batch and joins it; returns how its rows met the predictions, or why it could not be joined. */
async function applyBatch(
  deps: CheckDependencies,
  setup: CheckSetup,
  spec: ModelSpec,
  idColumn: string,
  join: DelayedLabelJoin,
  batch: StoredObject,
): Promise<BatchJoinCounts | string> {
  const where = `${deps.dataStore.location}/${batch.key}`;
  try {
    const labels = await readModelRows(
      [deps.dataStore.source(batch)],
      { task: spec.task, target: spec.target, id: idColumn },
      spec.maxRows,
      setup,
    );
    if (labels.overflow !== undefined) return `${where}: ${labels.overflow}`;
    if (labels.ids === null) return `${where}: no id column "${idColumn}" (drift.columns.id)`;
    if (labels.target === null) return `${where}: no target column "${spec.target}"`;
    return join.apply(labels);
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error.message;
    throw error;
  }
}

/** The baseline's quality (measured once and cached with its profile), or why there is none. */
async function baselineReference(
  deps: CheckDependencies,
  setup: CheckSetup,
  spec: ModelSpec,
  started: Date,
): Promise<SideMeasurement> {
  const folder = `${deps.monitor.prefix}snapshots/`;
  const { ready } = partitionByReadiness(
    monitorSnapshots(
      deps.monitor,
      await deps.dataStore.list(folder),
      folder,
      (key) => `${deps.dataStore.location}/${key}`,
    ),
    started,
    deps.monitor.snapshotSettle,
  );
  try {
    const baseline = await loadBaselineProfile({
      monitor: deps.monitor,
      dataStore: deps.dataStore,
      cacheStore: deps.stateStore,
      snapshots: ready,
      reading: setup,
      model: spec,
    });
    return baseline.performance ?? { notComputed: 'the baseline was not measured' };
  } catch (error) {
    if (error instanceof BaselineError) return { notComputed: error.message };
    throw error;
  }
}

async function writeReport(
  deps: CheckDependencies,
  report: DriftReport,
  reportKey: string,
  history: readonly HistoryEntry[],
): Promise<void> {
  await deps.stateStore.putText(reportKey, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  const html = deps.renderHtml(report, {
    history,
    overviewHref: relativeToReport(reportKey, deps.monitor.prefix),
  });
  await deps.stateStore.putText(htmlKeyOf(reportKey), html, 'text/html');
}

function sumCounts(counts: readonly BatchJoinCounts[]): BatchJoinCounts {
  const total = { labelRows: 0, matched: 0, unmatched: 0, duplicate: 0, missingId: 0 };
  for (const c of counts)
    for (const key of Object.keys(total) as (keyof BatchJoinCounts)[]) total[key] += c[key];
  return total;
}

/**
 * Writes `next` with `claims` marked claimed, conditionally on the state read. On a conflict the
 * state is read again: if that run joined the same batches it has done this work (and claimed what
 * was due): null. Otherwise the claims are laid over it again, leaving alone what it claimed or sent.
 */
async function claimAlerts(
  deps: CheckDependencies,
  next: LabelsState,
  claims: readonly string[],
  first: WriteCondition,
): Promise<{ state: LabelsState; condition: WriteCondition } | null> {
  const { stateStore, monitor } = deps;
  let condition = first;
  let current = next;
  for (let attempt = 1; ; attempt++) {
    const state: LabelsState = {
      ...current,
      snapshots: Object.fromEntries(
        Object.entries(current.snapshots).map(([id, entry]) => [
          id,
          claims.includes(id) && entry.alert === null
            ? { ...entry, alert: 'claimed' as const, alertAt: next.evaluatedAt }
            : entry,
        ]),
      ),
    };
    try {
      return { state, condition: await writeLabelsState(stateStore, monitor.prefix, state, condition) };
    } catch (error) {
      if (!(error instanceof WriteConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      const other = await readLabelsState(stateStore, monitor.prefix, () => {});
      condition = other.condition;
      const theirs = new Set((other.state?.batches ?? []).map(batchKey));
      if (next.batches.every((batch) => theirs.has(batchKey(batch)))) return null;
      current = {
        ...next,
        snapshots: Object.fromEntries(
          Object.entries(next.snapshots).map(([id, entry]) => {
            const known = other.state?.snapshots[id];
            return [id, known ? { ...entry, alert: known.alert, alertAt: known.alertAt } : entry];
          }),
        ),
      };
    }
  }
}

/**
 * Publishes every claimed alert of `state` with its snapshot's report, then marks them sent
 * (conditionally; on a conflict reads again and marks them there). Returns the snapshots alerted.
 */
async function publishClaimed(
  deps: CheckDependencies,
  state: LabelsState | null,
  condition: WriteCondition,
): Promise<string[]> {
  if (state === null) return [];
  const { stateStore, monitor } = deps;
  const claimed = Object.entries(state.snapshots)
    .filter(([, entry]) => entry.alert === 'claimed')
    .map(([id]) => id);
  for (const id of claimed) {
    const reportKey = `${monitor.prefix}reports/${id}/report.json`;
    const stored = await stateStore.getText(reportKey);
    const report = stored === null ? null : (JSON.parse(stored.text) as DriftReport);
    if (report?.performance === undefined) {
      throw new Error(
        `model_degraded for snapshot ${id} was claimed but ${reportKey} has no performance section`,
      );
    }
    await publish(deps, 'model_degraded', report, reportKey);
  }
  if (claimed.length === 0) return [];
  let current = state;
  let write = condition;
  for (let attempt = 1; ; attempt++) {
    const sent: LabelsState = {
      ...current,
      snapshots: Object.fromEntries(
        Object.entries(current.snapshots).map(([id, entry]) => [
          id,
          claimed.includes(id) ? { ...entry, alert: 'sent' as const } : entry,
        ]),
      ),
    };
    try {
      await writeLabelsState(stateStore, monitor.prefix, sent, write);
      return claimed;
    } catch (error) {
      if (!(error instanceof WriteConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      const other = await readLabelsState(stateStore, monitor.prefix, () => {});
      if (other.state === null) return claimed;
      current = other.state;
      write = other.condition;
    }
  }
}
