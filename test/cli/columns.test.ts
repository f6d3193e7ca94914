import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { runCli } from './run-cli.ts';

/**
 * README "Columns" on files other tools wrote: pandas (Debian python3-pandas) writes the date
 * layouts, epoch columns, zip codes, titles, a row id and UUIDs as CSV; DuckDB writes them as
 * Parquet and writes the drift pairs. Every inference rule is checked with its override.
 */

const PANDAS_TABLE = String.raw`
import email.utils, sys, uuid
import pandas as pd
n = 200
when = pd.Timestamp('2024-01-01 06:55', tz='UTC') + pd.to_timedelta(range(n), unit='h') * 11
pd.DataFrame({
    'row_id': range(1, n + 1),
    'user': [str(uuid.uuid5(uuid.NAMESPACE_URL, f'user/{i}')) for i in range(n)],
    'zip': pd.Series([['00501', '02134', '14925', '90210', '06390'][i % 5] for i in range(n)], dtype=str),
    'title': [f'The {["Long", "Short", "Strange"][i % 3]} Story of Chapter {i}' for i in range(n)],
    'ymd': when.strftime('%Y/%m/%d %H:%M'),
    'mdy': [f'{t.month}/{t.day}/{t.year}' for t in when],
    'dmy_dots': [f'{t.day}.{t.month}.{t.year}' for t in when],
    'mon': [f'{t.strftime("%b")} {t.day} {t.year}' for t in when],
    'rfc': [email.utils.format_datetime(t.to_pydatetime()) for t in when],
    'ambiguous': [f'{1 + i % 12}/{1 + i % 12}/2024' for i in range(n)],
    'event_ts': (when.asi8 // 1_000_000),
    'created_at': (when.asi8 // 1_000_000_000),
    'amount': [round((i * 7919) % 1000 / 10.0, 1) for i in range(n)],
}).to_csv(sys.argv[1], index=False)
`;

async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`SET threads = 1; SET TimeZone = 'UTC'; ${sql}`);
  db.closeSync();
}

/** A pair whose only real difference is `x` (shifted by `shift`), with an id, epoch-ms and date column added. */
function pairSql(path: string, from: number, shift: number, score = 0): string {
  return `COPY (
    SELECT i + 1 AS id,
           1700000000000 + i * 60000 AS event_ts,
           strftime(TIMESTAMP '2001-01-01 06:55' + to_minutes(i), '%Y/%m/%d %H:%M') AS d,
           ((i * 7919) % 1000) / 10.0 + ${shift} AS x,
           ((i * 613) % 100) / 100.0 + ${score} AS score
    FROM range(${from}, ${from + 2000}) AS r(i)
  ) TO '${path}' (HEADER true)`;
}

async function json(args: string[]): Promise<{ code: number; report: DriftReport }> {
  const result = await runCli(['check', ...args, '--format', 'json']);
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) as DriftReport };
}

const skippedOf = (report: DriftReport) =>
  Object.fromEntries(report.skipped.map((s) => [s.name, { kind: s.kind, cause: s.cause }]));
const kindsOf = (report: DriftReport) => Object.fromEntries(report.features.map((f) => [f.name, f.kind]));

describe('columns: inference and roles on files other tools wrote', () => {
  let dir: string;
  let pandasCsv: string;
  let duckParquet: string;
  let calm: [string, string];
  let shifted: string;
  let scored: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-columns-'));
    pandasCsv = join(dir, 'pandas.csv');
    execFileSync('/usr/bin/python3', ['-c', PANDAS_TABLE, pandasCsv]);
    duckParquet = join(dir, 'duck.parquet');
    calm = [join(dir, 'base.csv'), join(dir, 'calm.csv')];
    shifted = join(dir, 'shifted.csv');
    scored = join(dir, 'scored.csv');
    await duckdb(`
      COPY (
        SELECT i + 1 AS row_id, uuid()::VARCHAR AS user,
               lpad(((i * 389) % 40 * 97)::VARCHAR, 5, '0') AS zip,
               'Chapter ' || i || ': a tale of ' || (['two cities', 'woe', 'hope'])[1 + i % 3] AS title,
               strftime(TIMESTAMP '2024-01-01 06:55' + to_hours(i * 11), '%Y/%m/%d %H:%M') AS ymd,
               1700000000000 + i * 3600000 AS event_ts,
               ((i * 7919) % 1000) / 10.0 AS amount
        FROM range(300) AS r(i)
      ) TO '${duckParquet}' (FORMAT parquet);
      ${pairSql(calm[0], 0, 0)}; ${pairSql(calm[1], 2000, 0)};
      ${pairSql(shifted, 2000, 30)}; ${pairSql(scored, 2000, 0, 0.5)};`);
  }, 60_000);

  it('infers ids, date layouts, epoch times, zip codes and titles from a pandas CSV', async () => {
    const { report } = await json(['--baseline', pandasCsv, '--current', pandasCsv]);
    expect(skippedOf(report)).toEqual({
      row_id: { kind: 'numeric', cause: 'id_like' },
      user: { kind: 'text', cause: 'id_like' },
      title: { kind: 'text', cause: 'kind' },
      ymd: { kind: 'datetime', cause: 'kind' },
      mdy: { kind: 'datetime', cause: 'kind' },
      dmy_dots: { kind: 'datetime', cause: 'kind' },
      mon: { kind: 'datetime', cause: 'kind' },
      rfc: { kind: 'datetime', cause: 'kind' },
      ambiguous: { kind: 'datetime', cause: 'kind' },
      event_ts: { kind: 'datetime', cause: 'kind' },
      created_at: { kind: 'datetime', cause: 'kind' },
    });
    expect(report.skipped.find((s) => s.name === 'row_id')?.reason).toMatch(
      /looks like an id.*set its kind to test it/,
    );
    // The day/month order of 1/1/2024 … 12/12/2024 is not in the data: said, not guessed silently.
    expect(report.skipped.find((s) => s.name === 'ambiguous')?.reason).toMatch(
      /day\/month order cannot be told/,
    );
    expect(kindsOf(report)).toEqual({ zip: 'categorical', amount: 'numeric' });
    const zip = report.features.find((f) => f.name === 'zip')!;
    expect(zip.distribution?.labels).toContain('00501');
  });

  it('infers the same from a DuckDB Parquet file', async () => {
    const { report } = await json(['--baseline', duckParquet, '--current', duckParquet]);
    expect(skippedOf(report)).toEqual({
      row_id: { kind: 'numeric', cause: 'id_like' },
      user: { kind: 'text', cause: 'id_like' },
      title: { kind: 'text', cause: 'kind' },
      ymd: { kind: 'datetime', cause: 'kind' },
      event_ts: { kind: 'datetime', cause: 'kind' },
    });
    expect(kindsOf(report)).toEqual({ zip: 'categorical', amount: 'numeric' });
  });

  it('tests each inferred column as the kind its features entry sets', async () => {
    const config = join(dir, 'kinds.json');
    const kinds = {
      row_id: 'numeric',
      user: 'categorical',
      zip: 'numeric',
      title: 'categorical',
      ymd: 'categorical',
      mdy: 'categorical',
      event_ts: 'numeric',
    };
    writeFileSync(
      config,
      JSON.stringify({
        features: Object.fromEntries(Object.entries(kinds).map(([k, kind]) => [k, { kind }])),
      }),
    );
    const { report } = await json(['--baseline', pandasCsv, '--current', pandasCsv, '--config', config]);
    expect(kindsOf(report)).toMatchObject(kinds);
    expect(report.skipped.map((s) => s.name)).not.toContain('row_id');
    // A forced datetime kind is tested only when asked too, as any datetime.
    const asked = join(dir, 'datetime.json');
    writeFileSync(asked, JSON.stringify({ features: { ymd: { kind: 'datetime', method: 'ks' } } }));
    const dated = await json(['--baseline', pandasCsv, '--current', pandasCsv, '--config', asked]);
    expect(dated.report.features.find((f) => f.name === 'ymd')).toMatchObject({
      kind: 'datetime',
      method: 'ks',
      nReference: 200,
      drifted: false,
    });
  });

  it('reports dataset drift only when the one real feature drifts, naming the columns it did not compare', async () => {
    const same = await runCli(['check', '--baseline', calm[0], '--current', calm[1]]);
    expect(same.code).toBe(0);
    expect(same.stdout.split('\n')[0]).toMatch(
      /OK — 0 of 2 features drifted .*; not compared: id \(id-like\), event_ts \(datetime\), d \(datetime\)$/,
    );
    const moved = await json(['--baseline', calm[0], '--current', shifted]);
    expect(moved.code).toBe(1);
    expect(moved.report.dataset).toMatchObject({ drifted: true, featureCount: 2, driftedCount: 1 });
    expect(moved.report.quality.filter((q) => q.feature !== 'x')).toEqual([]);
    expect(moved.report.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['x']);
    expect(skippedOf(moved.report)).toEqual({
      id: { kind: 'numeric', cause: 'id_like' },
      event_ts: { kind: 'datetime', cause: 'kind' },
      d: { kind: 'datetime', cause: 'kind' },
    });
  });

  it('profiles role columns without testing them, and says so', async () => {
    const { code, report } = await json([
      '--baseline',
      calm[0],
      '--current',
      calm[1],
      '--id',
      'id',
      '--timestamp',
      'event_ts',
      '--target',
      'score',
    ]);
    expect(code).toBe(0);
    expect(report.skipped.map((s) => [s.name, s.cause, s.role, s.kind])).toEqual([
      ['id', 'role', 'id', 'numeric'],
      ['event_ts', 'role', 'timestamp', 'datetime'],
      ['d', 'kind', undefined, 'datetime'],
      ['score', 'role', 'target', 'numeric'],
    ]);
    expect(report.skipped[0].reason).toMatch(/^the id column \(columns\.id\)/);
  });

  it('refuses a role flag that names no column, naming the flag (exit 2)', async () => {
    const result = await runCli([
      'check',
      '--baseline',
      calm[0],
      '--current',
      calm[1],
      '--timestamp',
      'event_tz',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--timestamp: "event_tz" is not a column of the table; did you mean "event_ts"\?/,
    );
  });

  it('reports prediction drift apart from the data, and pages on it only when alertOn asks', async () => {
    const config = join(dir, 'prediction.json');
    writeFileSync(config, JSON.stringify({ columns: { prediction: 'score' } }));
    const quiet = await json(['--baseline', calm[0], '--current', scored, '--config', config]);
    expect(quiet.report.status).toBe('feature_drift');
    expect(quiet.report.dataset).toMatchObject({ drifted: false, featureCount: 1, driftedCount: 0 });
    expect(quiet.report.prediction).toEqual({ features: ['score'], drifted: ['score'] });
    expect(quiet.report.features.find((f) => f.name === 'score')).toMatchObject({
      role: 'prediction',
      drifted: true,
    });

    writeFileSync(
      config,
      JSON.stringify({ columns: { prediction: ['score'] }, alertOn: { predictionDrift: true } }),
    );
    const paged = await runCli(['check', '--baseline', calm[0], '--current', scored, '--config', config]);
    expect(paged.code).toBe(1);
    expect(paged.stdout).toMatch(/^driftwatch: DRIFT/);
    expect(paged.stdout).toMatch(/The model's predictions moved: score \(/);
  });
});
