/**
 * The reference run: DuckDB (one thread) profiling both tables — counts, nulls, mean, std,
 * min, max per numeric column and value counts per categorical column, no exact tests.
 *   npx tsx bench/duckdb-profile.ts <reference> <current>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [reference, current] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
for (const file of [reference, current]) {
  const source = file.endsWith('.csv') ? `read_csv('${file}')` : `read_parquet('${file}')`;
  const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjects();
  const numeric = columns.filter((c) => c.column_type !== 'VARCHAR').map((c) => `"${String(c.column_name)}"`);
  const categorical = columns
    .filter((c) => c.column_type === 'VARCHAR')
    .map((c) => `"${String(c.column_name)}"`);
  const aggregates = numeric.map(
    (c) =>
      `count(${c}), avg(${c}), stddev_pop(${c}), min(${c}), max(${c}), count(*) FILTER (WHERE isnan(${c}))`,
  );
  await connection.runAndReadAll(`SELECT count(*), ${aggregates.join(', ')} FROM ${source}`);
  for (const c of categorical)
    await connection.runAndReadAll(`SELECT ${c}, count(*) FROM ${source} GROUP BY ${c}`);
}
connection.closeSync();
