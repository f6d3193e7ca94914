import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SeededRandom } from '../../lambdas/core/random.ts';

/**
 * Real data for multivariate drift: 2,922 days of Seattle and New York weather (vega-datasets
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

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A random half of the days as the baseline, the other half as the current table (CSV lines, no header). */
export function weatherSplit(seed: number): { baseline: string[]; current: string[] } {
  const rows = shuffled(lines, new SeededRandom(seed));
  const half = rows.length >> 1;
  return { baseline: rows.slice(0, half), current: rows.slice(half) };
}

/** The same rows with `temp_min` dealt out again at random: every column's values unchanged, their pairing broken. */
export function withShuffledTempMin(rows: readonly string[], seed: number): string[] {
  const cells = rows.map((row) => row.split(','));
  const tempMins = shuffled(
    cells.map((c) => c[TEMP_MIN]),
    new SeededRandom(seed),
  );
  return cells.map((c, i) => c.map((cell, k) => (k === TEMP_MIN ? tempMins[i] : cell)).join(','));
}

/** CSV text of weather rows, with the header. */
export function weatherCsvOf(rows: readonly string[]): string {
  return `${header}\n${rows.join('\n')}\n`;
}
