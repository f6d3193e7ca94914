/**
 * DuckDB's own profile, one thread: `SUMMARIZE` of both tables — per column min, max, approximate
 * distinct count, mean, std, the 25/50/75% quantiles (approximate), count and null share. Closer to
 * what a driftwatch profile holds than duckdb-profile.ts (which computes no quantiles and no
 * distinct counts); still no exact tests.
 *   npx tsx bench/duckdb-summarize.ts <reference> <current>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [reference, current] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
for (const file of [reference, current]) {
  const source = file.endsWith('.csv') ? `read_csv('${file}')` : `read_parquet('${file}')`;
  await connection.runAndReadAll(`SUMMARIZE SELECT * FROM ${source}`);
}
connection.closeSync();
