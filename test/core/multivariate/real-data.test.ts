import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare } from '../../../lambdas/core/compare.ts';
import type { DriftReport } from '../../../lambdas/core/report.ts';
import { checkSetupOf, defaultDriftSettings } from '../../../lambdas/drift-settings.ts';
import { localSources } from '../../../lambdas/io/local-files.ts';
import { profileSources } from '../../../lambdas/io/profile-sources.ts';
import { weatherCsvOf, weatherSplit, withShuffledTempMin } from '../../support/weather-tables.ts';

const folder = mkdtempSync(join(tmpdir(), 'driftwatch-multivariate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function check(
  name: string,
  baseline: string[],
  current: string[],
  columns?: string[],
): Promise<DriftReport> {
  const write = (side: string, rows: string[]) => {
    const path = join(folder, `${name}-${side}.csv`);
    writeFileSync(path, weatherCsvOf(rows));
    return path;
  };
  // Below the row floor: asked for explicitly.
  const setup = checkSetupOf({
    ...defaultDriftSettings(),
    multivariate: { enabled: true, ...(columns ? { columns } : {}) },
  });
  const read = async (path: string) => profileSources(await localSources(path), setup);
  return compare(
    await read(write('baseline', baseline)),
    await read(write('current', current)),
    setup.policy,
  );
}

/** Real data (test/support/weather-tables.ts): Seattle and New York weather, temp_max and temp_min at r ≈ 0.93. */
describe('multivariate drift on real weather data', () => {
  it('flags temp_min dealt out at random while every univariate test passes', async () => {
    const { baseline, current } = weatherSplit(1);
    const report = await check('shuffled', baseline, withShuffledTempMin(current, 2));
    // Every column's values are the random split's: no univariate method sees a change.
    expect(report.features.filter((f) => f.drifted).map((f) => f.name)).toEqual([]);
    expect(report.features.map((f) => f.name)).toEqual(
      expect.arrayContaining(['temp_max', 'temp_min', 'precipitation', 'wind', 'weather']),
    );
    expect(report.multivariate?.error).toBeUndefined();
    expect(report.multivariate?.drifted).toBe(true);
    expect(report.multivariate!.statistic!).toBeGreaterThan(report.multivariate!.threshold!.upper);
    expect(report.dataset.drifted).toBe(true);
    expect(report.status).toBe('drift');
  });

  it('stays quiet on a random split of the same days', async () => {
    const { baseline, current } = weatherSplit(3);
    const report = await check('split', baseline, current);
    expect(report.multivariate?.error).toBeUndefined();
    expect(report.multivariate?.drifted).toBe(false);
    expect(report.multivariate!.statistic!).toBeGreaterThanOrEqual(report.multivariate!.threshold!.lower);
    expect(report.multivariate!.statistic!).toBeLessThanOrEqual(report.multivariate!.threshold!.upper);
  });

  it('uses only the columns it is given, and says which it cannot use', async () => {
    const { baseline, current } = weatherSplit(1);
    const shuffled = withShuffledTempMin(current, 2);
    const pair = await check('pair', baseline, shuffled, ['temp_max', 'temp_min']);
    expect(pair.multivariate).toMatchObject({ columns: ['temp_max', 'temp_min'], drifted: true });
    const apart = await check('apart', baseline, shuffled, ['temp_max', 'wind']);
    expect(apart.multivariate?.drifted).toBe(false);
    const dated = await check('dated', baseline, shuffled, ['temp_max', 'date']);
    expect(dated.multivariate?.error).toBe(
      'not computed: multivariate.columns names date, not a tested numeric, categorical or boolean feature',
    );
  });
});
