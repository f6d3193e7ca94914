/**
 * Deterministic benchmark data: a reference and a current table of ROWS rows × 20 columns
 * (14 numeric, 6 categorical, ~2% nulls; 5 columns drifted in current), written by DuckDB
 * with one thread so the same seed gives the same files. Parquet (snappy) and CSV.
 * Also a wide pair (100k rows × 500 columns, `makeWide`) and a current snapshot split into
 * part files (`makeParts`, e.g. 10 × 1M rows) for the flat-memory check.
 *
 *   npx tsx bench/make-data.ts [rows=1000000] [outDir=bench/data]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const NUMERIC = Array.from({ length: 14 }, (_, i) => `num_${String(i).padStart(2, '0')}`);
export const CATEGORICAL = Array.from({ length: 6 }, (_, i) => `cat_${i}`);

function tableSql(
  rows: number,
  drifted: boolean,
  numericNames = NUMERIC,
  categoricalNames = CATEGORICAL,
): string {
  const numeric = numericNames.map((name, i) => {
    // Box–Muller normal; columns 0-2 shift/scale in current, column 13 is an integer count.
    const normal = `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;
    const shift = drifted && i % 14 < 2 ? 0.3 : 0;
    const scale = drifted && i % 14 === 2 ? 1.5 : 1;
    const expr =
      i % 14 === 13
        ? `floor(-ln(1 - random()) * 3)`
        : `round((${normal}) * ${scale} + ${shift} + ${i % 14}, 6)`;
    return `CASE WHEN random() < 0.02 THEN NULL ELSE ${expr} END AS ${name}`;
  });
  const categorical = categoricalNames.map((name, i) => {
    const levels = [3, 5, 8, 12, 20, 50][i % 6];
    // Current skews the first two categorical columns (of every six) towards level 0.
    const skew =
      drifted && i % 6 < 2
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

/** The wide pair: ROWS × 500 columns (350 numeric, 150 categorical), Parquet and CSV. */
export const WIDE_NUMERIC = Array.from({ length: 350 }, (_, i) => `num_${String(i).padStart(3, '0')}`);
export const WIDE_CATEGORICAL = Array.from({ length: 150 }, (_, i) => `cat_${String(i).padStart(3, '0')}`);

export async function makeWide(rows: number, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  for (const [name, drifted, seed] of [
    ['reference', false, 0.125],
    ['current', true, 0.625],
  ] as const) {
    const parquet = join(outDir, `wide-${name}-${rows}.parquet`);
    const csv = join(outDir, `wide-${name}-${rows}.csv`);
    if (existsSync(parquet) && existsSync(csv)) continue;
    await connection.run(`SELECT setseed(${seed})`);
    await connection.run(
      `CREATE OR REPLACE TABLE t AS ${tableSql(rows, drifted, WIDE_NUMERIC, WIDE_CATEGORICAL)}`,
    );
    await connection.run(`COPY t TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
    await connection.run(`COPY t TO '${csv}' (FORMAT csv, HEADER)`);
  }
  connection.closeSync();
}

/**
 * A drifted current snapshot as PARTS Parquet part files of ROWS rows each, in
 * `<outDir>/parts-<parts>x<rows>/part-0000k.parquet`; returns the folder.
 */
export async function makeParts(rows: number, parts: number, outDir: string): Promise<string> {
  const folder = join(outDir, `parts-${parts}x${rows}`);
  mkdirSync(folder, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  for (let k = 0; k < parts; k++) {
    const parquet = join(folder, `part-${String(k).padStart(5, '0')}.parquet`);
    if (existsSync(parquet)) continue;
    await connection.run(`SELECT setseed(${(k + 1) / (parts + 2)})`);
    await connection.run(`CREATE OR REPLACE TABLE t AS ${tableSql(rows, true)}`);
    await connection.run(`COPY t TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
  }
  connection.closeSync();
  return folder;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  await makeData(rows, process.argv[3] ?? join(import.meta.dirname, 'data'));
}
