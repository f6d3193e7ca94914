/**
 * The DuckDB equivalent of a full drift check (one thread): per numeric column the KS statistic
 * and the Wasserstein distance normed by the reference std, from one sorted pass over both
 * samples' value counts (window sums of the two CDFs); per categorical column value counts of
 * both sides (Jensen–Shannon from them in JS, negligible). p-values are left out: what is timed
 * is the data work.
 *   npx tsx bench/duckdb-drift.ts <reference> <current>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [reference, current] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const read = (file: string) => (file.endsWith('.csv') ? `read_csv('${file}')` : `read_parquet('${file}')`);
await connection.run(`CREATE TABLE ref AS SELECT * FROM ${read(reference)}`);
await connection.run(`CREATE TABLE cur AS SELECT * FROM ${read(current)}`);
const columns = (await connection.runAndReadAll(`DESCRIBE ref`)).getRowObjects();
for (const { column_name: name, column_type: type } of columns) {
  const c = `"${String(name)}"`;
  if (type === 'VARCHAR') {
    await connection.runAndReadAll(
      `SELECT coalesce(r.v, c.v), r.n, c.n FROM (SELECT ${c} v, count(*) n FROM ref WHERE ${c} IS NOT NULL GROUP BY 1) r
       FULL JOIN (SELECT ${c} v, count(*) n FROM cur WHERE ${c} IS NOT NULL GROUP BY 1) c ON r.v = c.v`,
    );
    continue;
  }
  await connection.runAndReadAll(`
    WITH pooled AS (
      SELECT ${c}::DOUBLE x, 1 r, 0 k FROM ref WHERE isfinite(${c})
      UNION ALL SELECT ${c}::DOUBLE, 0, 1 FROM cur WHERE isfinite(${c})),
    sizes AS (SELECT sum(r) nr, sum(k) nk FROM pooled),
    grouped AS (SELECT x, sum(r) r, sum(k) k FROM pooled GROUP BY x),
    cdf AS (
      SELECT x, sum(r) OVER w / (SELECT nr FROM sizes) fr, sum(k) OVER w / (SELECT nk FROM sizes) fk,
             lead(x) OVER (ORDER BY x) - x dx
      FROM grouped WINDOW w AS (ORDER BY x ROWS UNBOUNDED PRECEDING))
    SELECT max(abs(fr - fk)) ks, sum(abs(fr - fk) * dx) / greatest((SELECT stddev_pop(${c}) FROM ref), 0.001) wasserstein
    FROM cdf`);
}
connection.closeSync();
