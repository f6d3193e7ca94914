import type { MetricDatum, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { type DriftReport, isCompared } from '../core/report.ts';
import { driftScore } from './report-wording.ts';

/** PutMetricData takes at most 1,000 metrics per call. */
export const MAX_METRICS_PER_CALL = 1000;

/**
 * CloudWatch rejects NaN, ±Infinity and magnitudes outside ~[8.5e-109, 1.17e108] (PutMetricData
 * API reference, MetricDatum.Value). Larger magnitudes are clamped to the limit, smaller ones
 * become 0; NaN drops the datum.
 */
export const CLOUDWATCH_MAX_VALUE = 1.174271e108;
const CLOUDWATCH_MIN_MAGNITUDE = 8.51592e-109;
/** Put once by every scheduled run that finishes, new snapshot or not: the heartbeat alarm's metric. */
export const HEARTBEAT_METRIC = 'CheckRan';

/**
 * A model-quality metric's current value (report `performance`), dimensions Monitor and Metric
 * (`accuracy`, `rmse`, ...): one billed custom metric per monitor and metric measured.
 */
export const MODEL_METRIC = 'ModelMetric';

/** A dimension value is 1-1024 characters. */
const MAX_DIMENSION_CHARS = 1024;

export interface MetricOptions {
  readonly monitor: string;
  /** Features that get a DriftScore metric (each name × monitor is a billed custom metric). */
  readonly featureMetrics: readonly string[];
  readonly timestamp: Date;
  /** Age of the newest snapshot; omitted when there is none. */
  readonly snapshotAgeHours?: number;
}

/** A value CloudWatch accepts, or null when there is none (NaN). */
export function cloudWatchValue(value: number): number | null {
  if (Number.isNaN(value)) return null;
  if (Math.abs(value) < CLOUDWATCH_MIN_MAGNITUDE) return 0;
  return Math.max(-CLOUDWATCH_MAX_VALUE, Math.min(CLOUDWATCH_MAX_VALUE, value));
}

/**
 * The metrics of one check (docs/design.md §5), dimension `Monitor`: DatasetDrift (0/1),
 * DriftedFeatureShare, DriftedFeatureCount, RowCount, QualityViolations, QualityFailed (1 for an
 * `invalid` report, else 0), SnapshotAgeHours, CheckFailed (1 for an `error` report, else 0),
 * DriftScore with dimensions Monitor and Feature for opted-in features that were tested, and
 * ModelMetric with dimensions Monitor and Metric for each model metric measured on the snapshot.
 * DriftScore is 1 at the feature's threshold (distance / threshold, or log p / log threshold),
 * so one alarm threshold fits every method. An `error`, `stale` or `waiting` report carries no
 * comparison, so only CheckFailed and SnapshotAgeHours are put for it.
 */
export function metricDataOf(report: DriftReport, options: MetricOptions): MetricDatum[] {
  const data: MetricDatum[] = [];
  const monitorDimension = { Name: 'Monitor', Value: dimensionValue(options.monitor) };
  const add = (
    name: string,
    value: number,
    unit: StandardUnit,
    dimension?: { readonly Name: 'Feature' | 'Metric'; readonly Value: string },
  ) => {
    const accepted = cloudWatchValue(value);
    if (accepted === null) return;
    data.push({
      MetricName: name,
      Dimensions:
        dimension === undefined
          ? [monitorDimension]
          : [monitorDimension, { Name: dimension.Name, Value: dimensionValue(dimension.Value) }],
      Timestamp: options.timestamp,
      Value: accepted,
      Unit: unit,
    });
  };
  add('CheckFailed', report.status === 'error' ? 1 : 0, 'Count');
  if (options.snapshotAgeHours !== undefined) add('SnapshotAgeHours', options.snapshotAgeHours, 'None');
  if (!isCompared(report.status)) return data;
  add('QualityFailed', report.status === 'invalid' ? 1 : 0, 'Count');
  add('DatasetDrift', report.dataset.drifted ? 1 : 0, 'None');
  add('DriftedFeatureShare', report.dataset.driftedShare, 'None');
  add('DriftedFeatureCount', report.dataset.driftedCount, 'Count');
  add('RowCount', report.current.rowCount, 'Count');
  add('QualityViolations', report.quality.length, 'Count');
  const wanted = new Set(options.featureMetrics);
  for (const feature of report.features) {
    if (wanted.has(feature.name) && feature.method !== null) {
      add('DriftScore', driftScore(feature), 'None', { Name: 'Feature', Value: feature.name });
    }
  }
  // Measured values only: an undefined metric puts nothing (a gap), never a made-up number.
  for (const metric of report.performance?.metrics ?? []) {
    if (metric.current !== null)
      add(MODEL_METRIC, metric.current, 'None', { Name: 'Metric', Value: metric.name });
  }
  return data;
}

/** The heartbeat: `CheckRan` = 1 with dimension `Monitor`, whatever the run found. */
export function heartbeatDatum(monitor: string, timestamp: Date): MetricDatum {
  return {
    MetricName: HEARTBEAT_METRIC,
    Dimensions: [{ Name: 'Monitor', Value: dimensionValue(monitor) }],
    Timestamp: timestamp,
    Value: 1,
    Unit: 'Count',
  };
}

/** Splits metric data into PutMetricData-sized calls. */
export function metricBatches(data: readonly MetricDatum[], size = MAX_METRICS_PER_CALL): MetricDatum[][] {
  const batches: MetricDatum[][] = [];
  for (let i = 0; i < data.length; i += size) batches.push(data.slice(i, i + size));
  return batches;
}

function dimensionValue(text: string): string {
  if (text.length === 0) return '(empty)';
  return text.length <= MAX_DIMENSION_CHARS ? text : text.slice(0, MAX_DIMENSION_CHARS);
}
