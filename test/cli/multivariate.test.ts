import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerStart } from '../../lambdas/cli/worker-start.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { bundledProfileWorker } from '../support/bundled-worker.ts';
import { weatherCsvOf, weatherSplit, withShuffledTempMin } from '../support/weather-tables.ts';
import { runCli } from './run-cli.ts';

/** `driftwatch check` with multivariate drift, on real weather data (test/support/weather-tables.ts). */
const folder = mkdtempSync(join(tmpdir(), 'driftwatch-cli-multivariate-'));
const { baseline, current } = weatherSplit(1);
const BASELINE = join(folder, 'baseline.csv');
const SHUFFLED = join(folder, 'shuffled.csv');
const PROFILE = join(folder, 'baseline.profile');
let bundled: WorkerStart;

beforeAll(async () => {
  writeFileSync(BASELINE, weatherCsvOf(baseline));
  writeFileSync(SHUFFLED, weatherCsvOf(withShuffledTempMin(current, 2)));
  bundled = await bundledProfileWorker();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const check = (...flags: string[]) => ['check', '--baseline', BASELINE, '--current', SHUFFLED, ...flags];

async function jsonReport(args: string[], workers: WorkerStart | false = false): Promise<DriftReport> {
  const { stdout } = await runCli([...args, '--format', 'json'], { workers });
  return JSON.parse(stdout) as DriftReport;
}

describe('driftwatch check and multivariate drift', () => {
  it('says it is off under the row floor, and --multivariate turns it on: exit 1 on a broken pairing', async () => {
    const off = await jsonReport(check());
    expect(off.multivariate?.error).toMatch(/^off: the baseline has 1461 rows, under the 5000-row floor/);
    expect(off.status).toBe('ok');
    const on = await runCli(check('--multivariate'));
    expect(on.code).toBe(1);
    expect(on.stdout).toMatch(
      /Features moved together differently: PCA reconstruction error [\d.]+ outside \[/,
    );
  });

  it('gives the same result with a worker per table as in one thread', async () => {
    const [inWorkers, inProcess] = await Promise.all([
      jsonReport(check('--multivariate'), bundled),
      jsonReport(check('--multivariate')),
    ]);
    expect(inWorkers.multivariate?.drifted).toBe(true);
    expect(inWorkers.multivariate).toEqual(inProcess.multivariate);
  });

  it('--no-multivariate leaves it out of the report', async () => {
    const config = join(folder, 'on.json');
    writeFileSync(config, JSON.stringify({ multivariate: { enabled: true } }));
    expect((await jsonReport(check('--config', config, '--no-multivariate'))).multivariate).toBeUndefined();
    expect((await jsonReport(check('--config', config))).multivariate?.drifted).toBe(true);
  });

  it('says it was not computed against a saved profile, which keeps no rows', async () => {
    await runCli(['profile', BASELINE, '--output', PROFILE]);
    const report = await jsonReport([
      'check',
      '--baseline',
      PROFILE,
      '--current',
      SHUFFLED,
      '--multivariate',
    ]);
    expect(report.multivariate).toMatchObject({ statistic: null, drifted: false });
    expect(report.multivariate?.error).toMatch(
      /^not computed: the baseline was profiled without a row sample/,
    );
  });
});
