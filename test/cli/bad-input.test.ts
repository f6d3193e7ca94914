import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { REPO, runCli, spawnCli } from './run-cli.ts';

const BAD = join(REPO, 'test', 'fixtures', 'bad');
const GOOD = join(REPO, 'examples', 'data', 'baseline.csv');

/** Files the readers must refuse: exit 2, the file named, the problem in words, no stack trace. */
const REFUSED: readonly [file: string, problem: RegExp][] = [
  ['empty.csv', /empty\.csv: the file is empty/],
  ['blank-lines.csv', /blank-lines\.csv: the file is empty/],
  ['ragged.csv', /ragged\.csv row 2: expected 3 fields, found 2/],
  ['invalid-utf8.csv', /invalid-utf8\.csv line 3: invalid UTF-8/],
  ['unterminated-quote.csv', /unterminated-quote\.csv row 2: a quoted field is never closed/],
  ['duplicate-header.csv', /duplicate-header\.csv header: column name "id" appears twice/],
  ['empty-header-name.csv', /empty-header-name\.csv header: column 2 has no name/],
  ['corrupt.csv.gz', /corrupt\.csv\.gz: the gzip stream is corrupt/],
  ['not-gzip.csv.gz', /not-gzip\.csv\.gz: not a gzip file/],
  ['truncated.csv.gz', /truncated\.csv\.gz: the gzip stream is truncated/],
  ['bad-line.jsonl', /bad-line\.jsonl line 3: not valid JSON/],
  ['not-object.jsonl', /not-object\.jsonl line 2: expected a JSON object, found an array/],
  ['data.xlsx', /data\.xlsx: unknown file type; accepted extensions are/],
  ['snapshot.parquet.gz', /snapshot\.parquet\.gz: gzipped Parquet is not supported/],
  ['empty.parquet', /empty\.parquet: the file is empty \(0 bytes\)/],
  ['not-parquet.parquet', /not-parquet\.parquet: not a Parquet file/],
  ['truncated.parquet', /truncated\.parquet footer: the file does not end with the magic bytes PAR1/],
  ['bad-footer-length.parquet', /bad-footer-length\.parquet footer: the footer claims \d+ bytes/],
  ['corrupt-footer.parquet', /corrupt-footer\.parquet footer: the metadata cannot be read/],
  ['parts-mismatch', /part-00001\.csv: its columns differ from .*part-00000\.csv/],
  ['parts-unexpected-file', /notes\.txt: unknown file type/],
  ['parts-markers-only', /parts-markers-only: the folder has no data files/],
  ['no-such-file.csv', /no-such-file\.csv: no such file or folder/],
];

describe('driftwatch check on bad input', () => {
  for (const [file, problem] of REFUSED) {
    it(`exits 2 on ${file} and says what is wrong with it`, async () => {
      const result = await runCli(['check', '--baseline', GOOD, '--current', join(BAD, file)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(problem);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout).toBe('');
    });
  }

  it('exits 2 on an unknown method and an invalid config field, naming them', async () => {
    const method = await runCli([
      'check',
      '--baseline',
      GOOD,
      '--current',
      GOOD,
      '--numeric-method',
      'kolmogorv',
    ]);
    expect(method.code).toBe(2);
    expect(method.stderr).toMatch(
      /^driftwatch: --numeric-method: unknown method "kolmogorv"; did you mean "ks"\? Valid methods: ks, wasserstein, psi, /,
    );
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-'));
    const config = join(dir, 'monitor.json');
    writeFileSync(config, JSON.stringify({ features: { amount: { threshold: -1 } }, driftShare: 2 }));
    const bad = await runCli(['check', '--baseline', GOOD, '--current', GOOD, '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/features\.amount\.threshold: /);
    expect(bad.stderr).toMatch(/driftShare: /);
  });
});

describe('driftwatch check on input that reads but is wrong', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-'));
  });

  async function check(baseline: string, current: string): Promise<{ code: number; report: DriftReport }> {
    const result = await runCli(['check', '--baseline', baseline, '--current', current, '--format', 'json']);
    expect(result.stderr).toBe('');
    return { code: result.code, report: JSON.parse(result.stdout) as DriftReport };
  }

  function csv(name: string, header: string, rows: number, row: (i: number) => string): string {
    const path = join(dir, name);
    writeFileSync(path, [header, ...Array.from({ length: rows }, (_, i) => row(i))].join('\n'));
    return path;
  }

  it('reports a header-only snapshot as having no rows: invalid data, exit 3', async () => {
    const baseline = csv('hdr-base.csv', 'id,score,label', 20, (i) => `${i},${i / 2},l${i % 3}`);
    const { code, report } = await check(baseline, join(BAD, 'header-only.csv'));
    expect(code).toBe(3);
    expect(report.status).toBe('invalid');
    expect(report.quality).toContainEqual(expect.objectContaining({ check: 'row_count', severity: 'error' }));
    expect(report.features.every((f) => f.method === null && f.error !== undefined)).toBe(true);
  });

  it('counts NaN and infinity text apart and warns that they appeared', async () => {
    const baseline = csv('nan-base.csv', 'id,value', 8, (i) => `${i + 1},${i * 1.5}`);
    const { report } = await check(baseline, join(BAD, 'nan-inf.csv'));
    const warning = report.quality.find((q) => q.check === 'non_finite');
    expect(warning?.feature).toBe('value');
    expect(warning?.message).toMatch(
      /6 current value\(s\) of "value" are NaN or infinite \(NaN 2, \+Inf 2, -Inf 2\)/,
    );
  });

  it('reports an all-null current column as a completeness error and tests the other columns', async () => {
    const baseline = csv('null-base.csv', 'id,empty,label', 30, (i) => `${i},${i % 5},l${i % 2}`);
    const { report } = await check(baseline, join(BAD, 'all-null.csv'));
    expect(report.quality).toContainEqual(
      expect.objectContaining({ check: 'completeness', feature: 'empty', severity: 'error' }),
    );
    expect(report.features.find((f) => f.name === 'empty')?.error).toMatch(/current has no/);
    expect(report.features.find((f) => f.name === 'label')?.method).not.toBeNull();
  });

  it('reports an all-null baseline column instead of comparing it', async () => {
    const { report } = await check(join(BAD, 'all-null.csv'), join(BAD, 'all-null.csv'));
    expect(report.features.find((f) => f.name === 'empty')?.error).toMatch(/the baseline has no/);
  });

  it('reports a column with a corrupt page as unreadable and still checks the other columns', async () => {
    const file = join(BAD, 'corrupt-page.parquet');
    const good = join(REPO, 'test', 'fixtures', 'parquet', 'duckdb-zstd.parquet');
    const { report } = await check(good, file);
    const dbl = report.features.find((f) => f.name === 'dbl');
    expect(dbl?.method).toBeNull();
    expect(dbl?.error).toMatch(
      /could not be read: .*corrupt-page\.parquet row group 0, column "dbl": the column data cannot be decoded/,
    );
    expect(report.quality).toContainEqual(
      expect.objectContaining({ check: 'unreadable', feature: 'dbl', severity: 'error' }),
    );
    expect(report.features.filter((f) => f.method !== null).length).toBeGreaterThan(3);
  });

  it('names the missing and extra columns of a schema mismatch', async () => {
    const { report } = await check(
      join(BAD, 'schema-mismatch-baseline.csv'),
      join(BAD, 'schema-mismatch-current.csv'),
    );
    const found = report.quality.map((q) => [q.check, q.feature]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['missing_column', 'income'],
        ['extra_column', 'salary'],
        ['extra_column', 'extra'],
      ]),
    );
    expect(report.features.map((f) => f.name)).toEqual(['city']);
    // 50 distinct whole numbers in a run: both read as ids (README "Columns"), listed, not dropped.
    expect(report.skipped.map((s) => [s.name, s.cause])).toEqual([
      ['id', 'id_like'],
      ['age', 'id_like'],
    ]);
  });
});

describe('the driftwatch binary', () => {
  it('exits 2 with the message on stderr when run as a process', async () => {
    const result = await spawnCli(['check', '--baseline', GOOD, '--current', join(BAD, 'ragged.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^driftwatch: .*ragged\.csv row 2: expected 3 fields, found 2\n$/);
  });

  it('exits 2 on a usage error', async () => {
    const result = await spawnCli(['check', '--baseline', GOOD]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/required option '--current <path>' not specified/);
  });
});
