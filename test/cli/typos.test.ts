import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { featuresCsv } from '../support/sample-tables.ts';
import { REPO, runCli } from './run-cli.ts';

/** Columns: amount, customer_age, session_seconds, items, country, device, is_new_customer, signup_time. */
const BASELINE = join(REPO, 'examples', 'data', 'baseline.csv');
const CURRENT = join(REPO, 'examples', 'data', 'current.parquet');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-typos-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const check = (...args: string[]) => runCli(['check', '--baseline', BASELINE, '--current', CURRENT, ...args]);

async function withConfig(settings: unknown, ...args: string[]) {
  const path = join(dir, `monitor-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(settings));
  return { path, result: await check('--config', path, ...args) };
}

/** A typo: exit 2, nothing on stdout, the message on stderr. */
function expectRefused(
  result: { code: number; stdout: string; stderr: string },
  ...parts: (string | RegExp)[]
) {
  expect(result.stdout).toBe('');
  expect(result.code).toBe(2);
  for (const part of parts) {
    if (typeof part === 'string') expect(result.stderr).toContain(part);
    else expect(result.stderr).toMatch(part);
  }
}

describe('unknown columns in settings and flags', () => {
  it('refuses --exclude of a column the table lacks, suggesting the closest', async () => {
    expectRefused(
      await check('--exclude', 'amout'),
      '--exclude: "amout" is not a column of the table; did you mean "amount"?',
    );
  });

  it('refuses --exclude of a name close to no column, listing the columns', async () => {
    expectRefused(
      await check('--exclude', 'nosuchcol'),
      '--exclude: "nosuchcol" is not a column of the table\n',
      '(the columns are "amount", "customer_age", ',
    );
  });

  it('suggests the column that differs only in case', async () => {
    expectRefused(await check('--exclude', 'Device'), 'did you mean "device"?');
  });

  it('reads --exclude a,b as two columns', async () => {
    const result = await check('--exclude', 'amount,device', '--format', 'json');
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DriftReport;
    const excluded = report.skipped
      .filter((s) => s.reason === 'excluded by configuration')
      .map((s) => s.name);
    expect(excluded.sort()).toEqual(['amount', 'device']);
  });

  it.each([
    ['features', { features: { amout: { kind: 'numeric' } } }, 'features: "amout"', 'did you mean "amount"?'],
    ['exclude', { exclude: ['contry'] }, 'exclude: "contry"', 'did you mean "country"?'],
    ['include', { include: ['items', 'itmes'] }, 'include: "itmes"', 'did you mean "items"?'],
    [
      'alertOn.features',
      { alertOn: { features: ['devise'] } },
      'alertOn.features: "devise"',
      'did you mean "device"?',
    ],
  ])('refuses an unknown column in the config’s %s, naming the file', async (_, settings, named, hint) => {
    const { path, result } = await withConfig(settings);
    expectRefused(result, `${path}: ${named} is not a column of the table`, hint);
  });
});

describe('method names', () => {
  it.each([
    ['--numeric-method', 'KS', 'ks'],
    ['--numeric-method', 'kolmogorov_smirnov', 'ks'],
    ['--numeric-method', 'Kolmogorov-Smirnov', 'ks'],
    ['--numeric-method', 'wasserstein', 'wasserstein'],
    ['--categorical-method', 'chi2', 'chi_square'],
    ['--categorical-method', 'JS', 'jensen_shannon'],
    ['--categorical-method', 'PSI', 'psi'],
  ])('accepts %s %s as %s', async (flag, name, id) => {
    const result = await check(flag, name, '--format', 'json');
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DriftReport;
    const kind = flag === '--numeric-method' ? 'numeric' : 'categorical';
    const methods = new Set(report.features.filter((f) => f.kind === kind).map((f) => f.method));
    expect([...methods]).toEqual([id]);
  });

  it('refuses an unknown method, suggesting the closest and listing the valid ones', async () => {
    expectRefused(
      await check('--categorical-method', 'chi_sqare'),
      '--categorical-method: unknown method "chi_sqare"; did you mean "chi_square"?',
      'Valid methods: ks, wasserstein, psi, jensen_shannon, kl, hellinger, tvd, l_infinity, chi_square, z, fisher,',
    );
  });

  it('accepts aliases in a config and refuses unknown names there, with their path', async () => {
    const good = await withConfig(
      { methods: { numeric: 'Anderson' }, thresholds: { KS: 0.01 } },
      '--format',
      'json',
    );
    expect(good.result.stderr).toBe('');
    const report = JSON.parse(good.result.stdout) as DriftReport;
    expect(report.features.find((f) => f.name === 'amount')?.method).toBe('anderson_darling');

    const bad = await withConfig({
      methods: { numeric: 'kolmogorv' },
      features: { amount: { method: 'wasserstien' } },
    });
    expectRefused(
      bad.result,
      'methods.numeric: unknown method "kolmogorv"; did you mean "ks"?',
      'features.amount.method: unknown method "wasserstien"; did you mean "wasserstein"?',
    );
    const key = await withConfig({ thresholds: { kss: 0.01 } });
    expectRefused(key.result, 'thresholds.kss: unknown method "kss"; did you mean "ks"?');
  });
});

describe('thresholds outside their method’s range', () => {
  it('refuses --threshold 5 with KS: a p-value threshold lies in (0, 1)', async () => {
    expectRefused(
      await check('--numeric-method', 'ks', '--categorical-method', 'chi2', '--threshold', '5'),
      '--threshold: 5 is out of range: ks, chi_square take a p-value threshold in (0, 1)',
    );
  });

  it('holds a bare --threshold to every method the default rule may choose', async () => {
    expectRefused(
      await check('--threshold', '0.9'),
      '--threshold: 0.9 is out of range: jensen_shannon takes a distance threshold in (0, 0.8325]',
    );
  });

  it('refuses a PSI threshold past its sane bound, and a negative one', async () => {
    expectRefused(
      await check('--numeric-method', 'psi', '--categorical-method', 'psi', '--threshold', '25'),
      '--threshold: 25 is out of range: psi takes a distance threshold in (0, 5]',
    );
    expectRefused(await check('--threshold', '-1'), '--threshold must be a positive number, not "-1"');
  });

  it('accepts a large distance threshold where the distance has no upper end', async () => {
    const result = await check(
      '--numeric-method',
      'energy',
      '--categorical-method',
      'tvd',
      '--threshold',
      '0.9',
    );
    expect(result.stderr).toBe('');
  });

  it('refuses out-of-range thresholds in a config, naming the field', async () => {
    const { result } = await withConfig({
      thresholds: { ks: 1.5, hellinger: 2 },
      features: { amount: { method: 'mann_whitney', threshold: 1 } },
    });
    expectRefused(
      result,
      'thresholds.ks: 1.5 is out of range: ks takes a p-value threshold in (0, 1)',
      'thresholds.hellinger: 2 is out of range: hellinger takes a distance threshold in (0, 1]',
      'features.amount.threshold: 1 is out of range: mann_whitney takes a p-value threshold in (0, 1)',
    );
  });
});

describe('driftwatch run with a config naming unknown columns', () => {
  it('ends in an error report naming the setting and the suggestion, exits 2, and checks the snapshot again next time', async () => {
    const store = new LocalStore(join(dir, 'store'));
    await store.putText('monitors/fraud/baseline/features.csv', featuresCsv(300, 1, false), 'text/csv');
    await store.putText('monitors/fraud/snapshots/2026-11-28T10.csv', featuresCsv(300, 2, false), 'text/csv');
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        monitors: [{ name: 'fraud', featureMetrics: ['devcie'], drift: { exclude: ['amout'] } }],
      }),
    );
    const args = ['run', '--store', join(dir, 'store'), '--monitor', 'fraud', '--config', config];
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'drift.exclude: "amout" is not a column of the table; did you mean "amount"?',
    );
    expect(result.stdout).toContain(
      'featureMetrics: "devcie" is not a column of the table; did you mean "device"?',
    );
    const report = JSON.parse(
      await readFile(
        join(dir, 'store', 'monitors', 'fraud', 'reports', '2026-11-28T10', 'report.json'),
        'utf8',
      ),
    ) as DriftReport;
    expect(report.status).toBe('error');

    await writeFile(config, JSON.stringify({ monitors: [{ name: 'fraud', featureMetrics: ['device'] }] }));
    const fixed = await runCli(args);
    expect(fixed.stdout).not.toContain('already reported');
    expect(fixed.code).toBe(0);
  });
});

describe('driftwatch --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});
