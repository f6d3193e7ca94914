import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTables, type DriftSettingsInput } from '../../lambdas/api.ts';
import { EXIT_BAD_INPUT, EXIT_DRIFT, EXIT_MODEL_DEGRADED, EXIT_OK } from '../../lambdas/cli/exit-codes.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { accuracyOf, classifierRows, classifierCsv as csv } from '../support/classifier-rows.ts';
import { runCli, spawnCli } from './run-cli.ts';

// `driftwatch check` with model monitoring (README "Model monitoring"): the performance section,
// exit code 4 for a degraded model, labels joined from a file by id.

let root: string;

async function file(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

const baselineRows = classifierRows(3000, 0.92, 1);
const goodRows = classifierRows(3000, 0.92, 2);
const badRows = classifierRows(3000, 0.7, 3, 100_000);
let baseline: string;

const MODEL_FLAGS = ['--task', 'classification', '--target', 'label', '--prediction', 'predicted'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-model-'));
  baseline = await file('baseline.csv', csv(baselineRows));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('driftwatch check with a model', () => {
  it('reports every metric on both sides and exits 4 when the model degraded (bundled CLI, workers)', async () => {
    const current = await file('degraded.csv', csv(badRows, true, 40));
    const result = await spawnCli([
      'check',
      '--baseline',
      baseline,
      '--current',
      current,
      ...MODEL_FLAGS,
      '--score',
      'score',
      '--positive-class',
      '1',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_MODEL_DEGRADED);
    const performance = (JSON.parse(result.stdout) as DriftReport).performance!;
    expect(performance.task).toBe('classification');
    expect(performance.labels).toBe('inline');
    expect(performance.degraded).toBe(true);
    expect(performance.metrics.map((m) => m.name)).toStrictEqual([
      'accuracy',
      'balanced_accuracy',
      'f1_macro',
      'precision',
      'recall',
      'f1',
      'roc_auc',
      'average_precision',
    ]);
    const accuracy = performance.metrics[0];
    // Rows with a blank label are left out of the current side's accuracy, and counted.
    expect(accuracy.reference).toBeCloseTo(accuracyOf(baselineRows), 12);
    expect(accuracy.current).toBeCloseTo(accuracyOf(badRows.slice(40)), 12);
    expect(accuracy.change).toBeCloseTo(accuracy.current! - accuracy.reference!, 12);
    expect(accuracy.threshold).toBeCloseTo(accuracy.reference! - 0.05, 12);
    expect(accuracy.degraded).toBe(true);
    expect(performance.reference).toStrictEqual({
      rows: 3000,
      missing: { target: 0, prediction: 0, score: 0 },
    });
    expect(performance.current).toStrictEqual({
      rows: 3000,
      missing: { target: 40, prediction: 0, score: 0 },
    });
  });

  it('says the model held and exits as the drift check does when no metric degraded', async () => {
    const current = await file('good.csv', csv(goodRows));
    const result = await runCli(['check', '--baseline', baseline, '--current', current, ...MODEL_FLAGS]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('model quality (classification):');
    expect(result.stdout).toContain('Model quality held: 3 of 3 metrics within their allowance.');
  });

  it('words each degraded metric in the table', async () => {
    const current = await file('degraded-table.csv', csv(badRows));
    const result = await runCli(['check', '--baseline', baseline, '--current', current, ...MODEL_FLAGS]);
    expect(result.code).toBe(EXIT_MODEL_DEGRADED);
    const before = accuracyOf(baselineRows);
    const after = accuracyOf(badRows);
    expect(result.stdout).toContain(
      `Accuracy fell from ${Number(before.toPrecision(3))} to ${Number(after.toPrecision(3))}`,
    );
    expect(result.stdout).toMatch(/DEGRADED {2}accuracy/);
  });

  it('takes a degradation rule from the config: a wide allowance lets the same drop pass', async () => {
    const current = await file('degraded-ruled.csv', csv(badRows));
    const config = await file(
      'monitor.json',
      JSON.stringify({
        columns: { target: 'label', prediction: 'predicted' },
        model: {
          task: 'classification',
          metrics: ['accuracy'],
          degradation: { accuracy: { type: 'relative', value: 0.5 } },
        },
      }),
    );
    const result = await runCli([
      'check',
      '--baseline',
      baseline,
      '--current',
      current,
      '--config',
      config,
      '--format',
      'json',
    ]);
    // The model passes its rule; the score column's drift is what the exit code says.
    expect(result.code).toBe(EXIT_DRIFT);
    const [accuracy] = (JSON.parse(result.stdout) as DriftReport).performance!.metrics;
    expect(accuracy.threshold).toBeCloseTo(accuracyOf(baselineRows) * 0.5, 12);
    expect(accuracy.degraded).toBe(false);
  });

  it('joins a labels file by id and counts every label row that did not land (bundled CLI)', async () => {
    const predictions = await file('predictions.csv', csv(badRows, false));
    const labelled = badRows.slice(0, 2000);
    const labelLines = [
      'id,label',
      ...labelled.map((r) => `${r.id},${r.label}`),
      'order-unknown,1',
      `${labelled[0].id},0`,
      ',1',
    ];
    const labels = await file('labels.csv', `${labelLines.join('\n')}\n`);
    const result = await spawnCli([
      'check',
      '--baseline',
      baseline,
      '--current',
      predictions,
      ...MODEL_FLAGS,
      '--id',
      'id',
      '--labels',
      labels,
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_MODEL_DEGRADED);
    const report = JSON.parse(result.stdout) as DriftReport;
    const performance = report.performance!;
    expect(performance.labels).toBe('file');
    expect(performance.coverage).toStrictEqual({
      predictions: 3000,
      labelled: 2000,
      share: 2000 / 3000,
      labelRows: 2003,
      matched: 2000,
      unmatched: 1,
      duplicate: 1,
      missingId: 1,
      duplicatePredictionIds: 0,
      missingPredictionIds: 0,
    });
    expect(performance.metrics[0].current).toBeCloseTo(accuracyOf(labelled), 12);
    expect(performance.current?.missing.target).toBe(1000);
    // The predictions have no label column: waiting for labels, not broken data.
    expect(report.quality).toContainEqual(
      expect.objectContaining({ check: 'missing_column', feature: 'label', severity: 'info' }),
    );
  });

  it('says why the current side is not measured when it has neither labels nor a labels file', async () => {
    const predictions = await file('unlabelled.csv', csv(goodRows, false));
    const result = await runCli([
      'check',
      '--baseline',
      baseline,
      '--current',
      predictions,
      ...MODEL_FLAGS,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(EXIT_OK);
    const performance = (JSON.parse(result.stdout) as DriftReport).performance!;
    expect(performance.notComputed).toBe('the current table has no target column "label"');
    expect(performance.current).toBeNull();
    expect(performance.metrics.every((m) => m.degraded === null && m.current === null)).toBe(true);
  });

  it('says the baseline is not measured when it is a saved profile, which keeps no rows', async () => {
    const saved = join(root, 'baseline.profile');
    expect((await runCli(['profile', baseline, '-o', saved])).code).toBe(EXIT_OK);
    const current = await file('against-profile.csv', csv(goodRows));
    const result = await runCli([
      'check',
      '--baseline',
      saved,
      '--current',
      current,
      ...MODEL_FLAGS,
      '--format',
      'json',
    ]);
    const performance = (JSON.parse(result.stdout) as DriftReport).performance!;
    expect(performance.reference).toBeNull();
    expect(performance.current?.rows).toBe(3000);
    expect(performance.notComputed).toBe(
      'the baseline is a saved profile, which keeps no rows: model quality needs the baseline table itself',
    );
  });

  it('stops holding rows past model.maxRows and says so, while the drift check goes on', async () => {
    const current = await file('too-many.csv', csv(goodRows));
    const config = await file(
      'small-cap.json',
      JSON.stringify({
        columns: { target: 'label', prediction: 'predicted' },
        model: { task: 'classification', maxRows: 2500 },
      }),
    );
    const result = await runCli([
      'check',
      '--baseline',
      current,
      '--current',
      baseline,
      '--config',
      config,
      '--format',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as DriftReport;
    expect(report.features.length).toBeGreaterThan(0);
    expect(report.performance?.notComputed).toBe(
      'the baseline: the table has more than 2,500 rows, the most whose model columns are held (model.maxRows); ' +
        'the current table: the table has more than 2,500 rows, the most whose model columns are held (model.maxRows)',
    );
  });

  it('gives the library the same performance section as the CLI', async () => {
    const current = await file('library.csv', csv(badRows));
    const settings: DriftSettingsInput = {
      columns: { target: 'label', prediction: 'predicted' },
      model: { task: 'classification' },
    };
    const fromLibrary = await checkTables(baseline, current, settings);
    const config = await file('library.json', JSON.stringify(settings));
    const fromCli = await runCli([
      'check',
      '--baseline',
      baseline,
      '--current',
      current,
      '--config',
      config,
      '--format',
      'json',
    ]);
    expect(fromLibrary.performance).toStrictEqual((JSON.parse(fromCli.stdout) as DriftReport).performance);
    expect(fromLibrary.performance?.degraded).toBe(true);
  });

  it('refuses what cannot work, naming the flag or setting and the closest column', async () => {
    const current = await file('bad-flags.csv', csv(goodRows));
    const run = (...flags: string[]) =>
      runCli(['check', '--baseline', baseline, '--current', current, ...flags]);
    const noId = await run(...MODEL_FLAGS, '--labels', current);
    expect(noId.code).toBe(EXIT_BAD_INPUT);
    expect(noId.stderr).toContain(
      'labels join the predictions by the id role; name the id column with --id <column>',
    );
    const typo = await run(...MODEL_FLAGS, '--score', 'scroe', '--positive-class', '1');
    expect(typo.code).toBe(EXIT_BAD_INPUT);
    expect(typo.stderr).toContain('--score: "scroe" is not a column of the table; did you mean "score"?');
    const metric = await run(...MODEL_FLAGS, '--metrics', 'acuracy');
    expect(metric.stderr).toContain('--metrics: "acuracy" is not a model metric; did you mean "accuracy"?');
    const scoreWithoutClass = await run(...MODEL_FLAGS, '--score', 'score');
    expect(scoreWithoutClass.stderr).toContain(
      '--positive-class: the score "score" is the probability of one class',
    );
    const labelsWithoutTask = await run('--id', 'id', '--labels', current);
    expect(labelsWithoutTask.stderr).toContain('--labels joins labels to predictions for model monitoring');
  });
});

describe('driftwatch run with a model', () => {
  it('exits 4 for a snapshot whose model degraded, and says so beside the status', async () => {
    const store = join(root, 'store');
    const prefix = join(store, 'monitors', 'churn');
    await mkdir(join(prefix, 'baseline'), { recursive: true });
    await mkdir(join(prefix, 'snapshots'), { recursive: true });
    await writeFile(join(prefix, 'baseline', 'train.csv'), csv(baselineRows));
    await writeFile(join(prefix, 'snapshots', '2026-12-01.csv'), csv(badRows));
    const config = {
      monitors: [
        {
          name: 'churn',
          drift: {
            columns: { target: 'label', prediction: 'predicted' },
            exclude: ['score'],
            model: { task: 'classification' },
          },
        },
      ],
    };
    await writeFile(join(store, 'driftwatch.config.json'), JSON.stringify(config));
    const result = await runCli(['run', '--store', store, '--monitor', 'churn']);
    expect(result.code).toBe(EXIT_MODEL_DEGRADED);
    expect(result.stdout).toMatch(
      /^alert \(model_degraded\): \[driftwatch\] churn: Model degraded: Accuracy fell/m,
    );
    expect(result.stdout).toContain('churn: 2026-12-01 → ok');
    expect(result.stdout).toMatch(/^churn: Model quality degraded: Accuracy fell/m);
    expect(result.stdout).toMatch(/ModelMetric \[Monitor=churn,Metric=accuracy\] 0\.\d+/);
    // Checked again: already reported, nothing sent, exit 0 as for any status.
    const again = await runCli(['run', '--store', store, '--monitor', 'churn']);
    expect(again.code).toBe(EXIT_OK);
    expect(again.stdout).not.toContain('alert (');
  });
});
