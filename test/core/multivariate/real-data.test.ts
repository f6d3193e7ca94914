import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare } from '../../../lambdas/core/compare.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';
import type { DriftReport } from '../../../lambdas/core/report.ts';
import { checkSetupOf, defaultDriftSettings } from '../../../lambdas/drift-settings.ts';
import { localSources } from '../../../lambdas/io/local-files.ts';
import { profileSources } from '../../../lambdas/io/profile-sources.ts';

/**
 * Multivariate drift on real data: 2,922 days of Seattle and New York weather (vega-datasets
 * weather.csv, a pinned dev dependency): location, date, precipitation, temp_max, temp_min, wind,
 * weather. The day's highest and lowest temperatures go together (Pearson r ≈ 0.93).
 */
const require = createRequire(import.meta.url);
const weatherCsv = readFileSync(
  join(dirname(require.resolve('vega-datasets')), '..', 'data', 'weather.csv'),
  'utf8',
);
const [header, ...lines] = weatherCsv.trim().split('\n');
const TEMP_MIN = header.split(',').indexOf('temp_min');

const folder = mkdtempSync(join(tmpdir(), 'driftwatch-multivariate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A random half of the days as the baseline, the other half as the current table. */
function randomSplit(seed: number): { baseline: string[]; current: string[] } {
  const rows = shuffled(lines, new SeededRandom(seed));
  const half = rows.length >> 1;
  return { baseline: rows.slice(0, half), current: rows.slice(half) };
}

/** The same rows with `temp_min` dealt out again at random: every column's values unchanged, their pairing broken. */
function withShuffledTempMin(rows: readonly string[], seed: number): string[] {
  const cells = rows.map((row) => row.split(','));
  const tempMins = shuffled(
    cells.map((c) => c[TEMP_MIN]),
    new SeededRandom(seed),
  );
  return cells.map((c, i) => c.map((cell, k) => (k === TEMP_MIN ? tempMins[i] : cell)).join(','));
}

async function check(name: string, baseline: string[], current: string[]): Promise<DriftReport> {
  const write = (side: string, rows: string[]) => {
    const path = join(folder, `${name}-${side}.csv`);
    writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
    return path;
  };
  // Below the row floor: asked for explicitly.
  const setup = checkSetupOf({ ...defaultDriftSettings(), multivariate: { enabled: true } });
  const read = async (path: string) => profileSources(await localSources(path), setup);
  return compare(
    await read(write('baseline', baseline)),
    await read(write('current', current)),
    setup.policy,
  );
}

describe('multivariate drift on real weather data', () => {
  it('flags temp_min dealt out at random while every univariate test passes', async () => {
    const { baseline, current } = randomSplit(1);
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
    const { baseline, current } = randomSplit(3);
    const report = await check('split', baseline, current);
    expect(report.multivariate?.error).toBeUndefined();
    expect(report.multivariate?.drifted).toBe(false);
    expect(report.multivariate!.statistic!).toBeGreaterThanOrEqual(report.multivariate!.threshold!.lower);
    expect(report.multivariate!.statistic!).toBeLessThanOrEqual(report.multivariate!.threshold!.upper);
  });
});
