/**
 * Deterministic benchmark data: a reference and a current table of ROWS rows × 20 columns
 * (14 numeric, 6 categorical, ~2% nulls; 5 columns drifted in current), written by DuckDB
 * with one thread so the same seed gives the same files. Parquet (snappy) and CSV.
 *
 *   npx tsx bench/make-data.ts [rows=1000000] [outDir=bench/data]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const NUMERIC = Array.from({ length: 14 }, (_, i) => `num_${String(i).padStart(2, '0')}`);
export const CATEGORICAL = Array.from({ length: 6 }, (_, i) => `cat_${i}`);

function tableSql(rows: number, drifted: boolean): string {
  const numeric = NUMERIC.map((name, i) => {
    // Box–Muller normal; columns 0-2 shift/scale in current, column 13 is an integer count.
    const normal = `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;
    const shift = drifted && i < 2 ? 0.3 : 0;
    const scale = drifted && i === 2 ? 1.5 : 1;
    const expr =
      i === 13 ? `floor(-ln(1 - random()) * 3)` : `round((${normal}) * ${scale} + ${shift} + ${i}, 6)`;
    return `CASE WHEN random() < 0.02 THEN NULL ELSE ${expr} END AS ${name}`;
  });
  const categorical = CATEGORICAL.map((name, i) => {
    const levels = [3, 5, 8, 12, 20, 50][i];
    // Current skews the first two categorical columns towards level 0.
    const skew =
      drifted && i < 2
        ? `CASE WHEN random() < 0.3 THEN 0 ELSE floor(random() * ${levels}) END`
        : `floor(random() * ${levels})`;
    return `CASE WHEN random() < 0.02 THEN NULL ELSE 'level_' || CAST(${skew} AS INTEGER) END AS ${name}`;
  });
  return `SELECT ${[...numeric, ...categorical].join(',\n')} FROM range(${rows})`;
}

export async function makeData(rows: number, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  for (const [name, drifted, seed] of [
    ['reference', false, 0.25],
    ['current', true, 0.75],
  ] as const) {
    const parquet = join(outDir, `${name}-${rows}.parquet`);
    const csv = join(outDir, `${name}-${rows}.csv`);
    if (existsSync(parquet) && existsSync(csv)) continue;
    await connection.run(`SELECT setseed(${seed})`);
    await connection.run(`CREATE OR REPLACE TABLE t AS ${tableSql(rows, drifted)}`);
    await connection.run(`COPY t TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
    await connection.run(`COPY t TO '${csv}' (FORMAT csv, HEADER)`);
  }
  connection.closeSync();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  await makeData(rows, process.argv[3] ?? join(import.meta.dirname, 'data'));
}
