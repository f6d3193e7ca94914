import { columnsOfBoth, requireKnownColumns } from '../core/column-names.ts';
import { UsageError } from '../core/errors.ts';
import { joinLabels } from '../core/performance/join-labels.ts';
import { measureModel, performanceSection, type SideMeasurement } from '../core/performance/measure-model.ts';
import { type ModelColumnNames, ModelRowCollector, type ModelRows } from '../core/performance/model-rows.ts';
import type { ModelSpec } from '../core/performance/model-spec.ts';
import type { PerformanceSection } from '../core/performance/performance-section.ts';
import type { TableReading } from '../io/profile-sources.ts';
import { isSavedProfile, loadProfile } from './load-profile.ts';

/** Which model columns a read collects, and how many rows at most: what a worker is told. */
export interface ModelCollection {
  readonly names: ModelColumnNames;
  readonly maxRows: number;
}

export function collectorOf(collection: ModelCollection | undefined): ModelRowCollector | undefined {
  return collection === undefined ? undefined : new ModelRowCollector(collection.names, collection.maxRows);
}

/**
 * What `driftwatch check` collects of each table: target, prediction and score of both; the
 * current table's ids too when a labels file is to be joined to it (`--labels`), by the `id` role.
 */
export function modelCollections(
  spec: ModelSpec,
  idColumn: string | undefined,
  labelsPath: string | undefined,
): { readonly baseline: ModelCollection; readonly current: ModelCollection } {
  const names: ModelColumnNames = {
    task: spec.task,
    target: spec.target,
    prediction: spec.prediction,
    ...(spec.score !== undefined ? { score: spec.score } : {}),
  };
  if (labelsPath !== undefined && idColumn === undefined) {
    throw new UsageError(
      `--labels ${labelsPath}: labels join the predictions by the id role; name the id column with --id <column> (or "columns": {"id": ...})`,
    );
  }
  return {
    baseline: { names, maxRows: spec.maxRows },
    current: {
      names: { ...names, ...(labelsPath !== undefined ? { id: idColumn } : {}) },
      maxRows: spec.maxRows,
    },
  };
}

/**
 * The report's `performance` section of a `driftwatch check`: the baseline's rows (none read when
 * the baseline is a saved profile, which keeps no rows) against the current table's, whose labels are
 * its own target column or, with `--labels`, the labels table joined by id.
 */
export async function checkPerformance(options: {
  readonly spec: ModelSpec;
  readonly baseline: ModelRows | null;
  readonly current: ModelRows;
  readonly labels?: { readonly path: string; readonly idColumn: string; readonly reading: TableReading };
}): Promise<PerformanceSection> {
  const { spec } = options;
  const reference: SideMeasurement =
    options.baseline === null || options.baseline.tables === 0
      ? {
          notComputed:
            'the baseline is a saved profile, which keeps no rows: model quality needs the baseline table itself',
        }
      : measureModel(options.baseline, spec, 'the baseline');
  if (options.labels === undefined) {
    return performanceSection({
      spec,
      reference,
      current: measureModel(options.current, spec, 'the current table'),
      labels: 'inline',
    });
  }
  const labels = await readLabels(options.labels.path, spec, options.labels.idColumn, options.labels.reading);
  if (options.current.overflow !== undefined) {
    return performanceSection({
      spec,
      reference,
      current: { notComputed: `the current table: ${options.current.overflow}` },
      labels: 'file',
    });
  }
  const joined = joinLabels(options.current, labels);
  return performanceSection({
    spec,
    reference,
    current: measureModel(joined.rows, spec, 'the current table'),
    labels: 'file',
    coverage: joined.coverage,
  });
}

/** A labels file or folder: its id and target columns, which must both be there. */
async function readLabels(
  path: string,
  spec: ModelSpec,
  idColumn: string,
  reading: TableReading,
): Promise<ModelRows> {
  if (await isSavedProfile(path)) {
    throw new UsageError(
      `--labels ${path}: a saved profile keeps no rows; give the labels table (id and target columns)`,
    );
  }
  const collector = new ModelRowCollector(
    { task: spec.task, target: spec.target, id: idColumn },
    spec.maxRows,
  );
  // Only the two columns matter: nothing else of the labels table is profiled for drift.
  const profile = await loadProfile(
    path,
    { ...reading, profilerOptions: { ...reading.profilerOptions, compareOnly: true } },
    undefined,
    collector,
  );
  requireKnownColumns(
    [
      { setting: `--labels ${path} (the id column)`, name: idColumn },
      { setting: `--labels ${path} (the target column)`, name: spec.target },
    ],
    columnsOfBoth(profile, { columns: [] }),
  );
  const rows = collector.finish();
  if (rows.overflow !== undefined) throw new UsageError(`--labels ${path}: ${rows.overflow}`);
  return rows;
}
