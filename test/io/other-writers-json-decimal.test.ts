import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../lambdas/cli/load-profile.ts';
import type { ColumnProfile } from '../../lambdas/core/profile/column-profile.ts';
import { inferKind } from '../../lambdas/core/profile/infer-kind.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { localSources } from '../../lambdas/io/local-files.ts';
import { openTable } from '../../lambdas/io/open-table.ts';
import { collect, fixture } from './fixture-truth.ts';

// Truth: test/fixtures/json/truth.json, written by make_json_decimal_fixtures.py (pandas 1.5.3)
// from the frame it wrote as records.json, records-lines.json and decimal-comma.csv.
interface Truth {
  columns: string[];
  rows: unknown[][];
  means: Record<string, number>;
}
let truth: Truth;
const truthColumn = (name: string) => truth.rows.map((row) => row[truth.columns.indexOf(name)]);

const column = (profile: Profile, name: string): ColumnProfile => {
  const found = profile.columns.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no column ${name}`);
  return found;
};
const keptValues = (c: ColumnProfile) => Array.from(c.numbers.values.subarray(0, c.numbers.size));

let dir: string;
beforeAll(async () => {
  truth = JSON.parse(await readFile(fixture('json', 'truth.json'), 'utf8')) as Truth;
  dir = await mkdtemp(join(tmpdir(), 'json-decimal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JSON array files written by pandas to_json(orient="records")', () => {
  it('reads every row and cell as pandas wrote them', async () => {
    const { columns } = await collect(await openTable(await localSources(fixture('json', 'records.json'))));
    expect([...columns.keys()]).toEqual(truth.columns);
    for (const name of ['id', 'price', 'city', 'member'])
      expect(columns.get(name), name).toEqual(truthColumn(name));
    // to_json writes 10 significant decimals by default (double_precision=10).
    const ratio = columns.get('ratio') as number[];
    for (const [i, value] of truthColumn('ratio').entries()) expect(ratio[i]).toBeCloseTo(value as number, 9);
  });

  it('reads the lines=True form in a .json file as the same table', async () => {
    const array = await collect(await openTable(await localSources(fixture('json', 'records.json'))));
    const lines = await collect(await openTable(await localSources(fixture('json', 'records-lines.json'))));
    expect(lines.columns).toEqual(array.columns);
  });

  it('profiles the columns with their kinds', async () => {
    const profile = await loadProfile(fixture('json', 'records.json'), {});
    expect(profile.rowCount).toBe(truth.rows.length);
    expect(profile.columns.map((c) => [c.name, inferKind(c)])).toEqual([
      ['id', 'numeric'],
      ['price', 'numeric'],
      ['ratio', 'numeric'],
      ['city', 'categorical'],
      ['member', 'boolean'],
    ]);
    expect(column(profile, 'price').nulls).toBe(2);
  });
});

describe('decimal-comma CSV written by pandas to_csv(sep=";", decimal=",")', () => {
  it('reads 3,14 as 3.14 with the decimal separator ",": the same doubles pandas wrote, and its mean', async () => {
    const profile = await loadProfile(fixture('json', 'decimal-comma.csv'), {
      profilerOptions: { decimalSeparator: ',' },
    });
    for (const name of ['price', 'ratio']) {
      const c = column(profile, name);
      expect(inferKind(c), name).toBe('numeric');
      expect(c.classes.string, name).toBe(0);
      expect(keptValues(c)).toEqual(truthColumn(name).filter((v) => v !== null));
      // pandas' mean (pairwise summation) and ours differ in the last bits at most.
      expect(c.numbers.mean).toBeCloseTo(truth.means[name], 12);
    }
    expect(inferKind(column(profile, 'member'))).toBe('boolean');
  });

  it('reads the same file as text without it, so the mismatch shows instead of wrong numbers', async () => {
    const profile = await loadProfile(fixture('json', 'decimal-comma.csv'), {});
    expect(inferKind(column(profile, 'price'))).not.toBe('numeric');
  });

  it('takes a number with a point as no number under a decimal comma (there it groups thousands)', async () => {
    const path = join(dir, 'grouped.csv');
    await writeFile(path, 'amount;note\n1.234;a\n2,5;b\n7;c\n');
    const c = column(await loadProfile(path, { profilerOptions: { decimalSeparator: ',' } }), 'amount');
    expect(keptValues(c)).toEqual([2.5, 7]);
    expect(c.classes.string).toBe(1);
    expect(c.firstOfClass.string?.value).toBe('1.234');
  });

  it('refuses a decimal comma in a file whose fields are separated by commas', async () => {
    const path = join(dir, 'comma-separated.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await expect(loadProfile(path, { profilerOptions: { decimalSeparator: ',' } })).rejects.toThrow(
      "comma-separated.csv header: fields are separated by ','",
    );
  });
});

describe('files written by DuckDB', () => {
  let means: Record<string, number>;
  let duckColumns: Record<string, (number | null)[]>;
  beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`SET threads = 1;
      CREATE TABLE t AS SELECT i AS id, (i * 37 % 1000) / 7.0 AS x, sin(i) * 1e6 AS y,
        CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS tag FROM range(1, 2001) r(i);
      COPY t TO '${join(dir, 'duck.json')}' (FORMAT json, ARRAY true);`);
    const reader = await db.runAndReadAll('SELECT avg(x) AS x, avg(y) AS y FROM t');
    means = reader.getRowObjects()[0] as Record<string, number>;
    // DuckDB writes no decimal comma, but reads one: a second reader of pandas' file.
    const prices = await db.runAndReadAll(
      `SELECT price, ratio FROM read_csv('${fixture('json', 'decimal-comma.csv')}', delim=';', decimal_separator=',', header=true)`,
    );
    duckColumns = prices.getColumnsObjectJson() as unknown as Record<string, (number | null)[]>;
    db.closeSync();
    instance.closeSync();
  });

  it('reads a JSON array (COPY ... (FORMAT json, ARRAY true)) with DuckDB’s means', async () => {
    const profile = await loadProfile(join(dir, 'duck.json'), {});
    expect(profile.rowCount).toBe(2000);
    for (const name of ['x', 'y']) expect(column(profile, name).numbers.mean).toBeCloseTo(means[name], 6);
  });

  it("reads pandas' decimal-comma CSV to the same doubles as DuckDB's read_csv(decimal_separator=',')", async () => {
    const profile = await loadProfile(fixture('json', 'decimal-comma.csv'), {
      profilerOptions: { decimalSeparator: ',' },
    });
    for (const name of ['price', 'ratio']) {
      expect(keptValues(column(profile, name)), name).toEqual(duckColumns[name].filter((v) => v !== null));
    }
  });
});
