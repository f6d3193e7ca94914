import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileFromBytes, profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { REPO, runCli } from './run-cli.ts';

const BASELINE = join(REPO, 'examples', 'data', 'baseline.csv');
const DRIFTED = join(REPO, 'examples', 'data', 'current.parquet');
const CALM = join(REPO, 'examples', 'data', 'no-drift.csv');

async function jsonReport(args: string[]): Promise<{ code: number; report: DriftReport }> {
  const result = await runCli(['check', ...args, '--format', 'json']);
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) as DriftReport };
}

describe('driftwatch check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-check-'));
  });

  it('prints a versioned JSON report with one entry per tested feature', async () => {
    const { code, report } = await jsonReport(['--baseline', BASELINE, '--current', DRIFTED]);
    expect(code).toBe(report.dataset.drifted ? 1 : 0);
    expect(report.schemaVersion).toBe(1);
    expect(report.dataset.featureCount).toBe(7);
    expect(report.skipped.map((s) => s.name)).toEqual(['signup_time']);
    const amount = report.features.find((f) => f.name === 'amount')!;
    expect(amount).toMatchObject({
      kind: 'numeric',
      method: 'wasserstein',
      pValue: null,
      drifted: true,
      exact: true,
    });
    expect(amount.nReference).toBeLessThan(5000); // nulls are not values
    const device = report.features.find((f) => f.name === 'device')!;
    expect(device.topChanges[0]).toMatchObject({ label: 'mobile' });
    expect(device.topChanges[0].current).toBeGreaterThan(device.topChanges[0].reference);
  });

  it('draws every threshold from the baseline with --calibrate, and says so in the table', async () => {
    const { code, report } = await jsonReport(['--baseline', BASELINE, '--current', CALM, '--calibrate']);
    expect(code).toBe(0);
    for (const feature of report.features) {
      expect(feature.thresholdSource).toBe('calibrated');
      expect(feature.calibration?.chunks).toBe(100);
    }
    const table = await runCli(['check', '--baseline', BASELINE, '--current', CALM, '--calibrate']);
    expect(table.stdout).toMatch(/threshold from/);
    expect(table.stdout).toMatch(/calibrated: 100 random chunks of 2,896, drawn with replacement/);
    const plain = await runCli(['check', '--baseline', BASELINE, '--current', CALM]);
    expect(plain.stdout).toMatch(/≥ 0\.1 +default/);
  });

  it('refuses --threshold with --calibrate', async () => {
    const result = await runCli([
      'check',
      '--baseline',
      BASELINE,
      '--current',
      CALM,
      '--threshold',
      '0.2',
      '--calibrate',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--threshold and --calibrate/);
  });

  it('exits 1 on dataset drift and 0 without', async () => {
    const drift = await runCli([
      'check',
      '--baseline',
      BASELINE,
      '--current',
      DRIFTED,
      '--threshold',
      '0.03',
    ]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^driftwatch: DRIFT/);
    const calm = await runCli(['check', '--baseline', BASELINE, '--current', CALM]);
    expect(calm.code).toBe(0);
    expect(calm.stdout).toMatch(/^driftwatch: OK — 0 of 7 features drifted/);
  });

  it('gives the same report from a saved baseline profile as from the baseline data', async () => {
    const profile = join(dir, 'baseline.profile.json');
    const saved = await runCli(['profile', BASELINE, '-o', profile]);
    expect(saved).toMatchObject({ code: 0, stderr: '' });
    expect(saved.stdout).toMatch(/profiled 5000 rows × 8 columns/);
    const fromData = await jsonReport(['--baseline', BASELINE, '--current', DRIFTED]);
    const fromProfile = await jsonReport(['--baseline', profile, '--current', DRIFTED]);
    expect(fromProfile.report).toEqual(fromData.report);
  });

  it('tells a saved profile by its content, whatever it is called, and still reads version-1 JSON', async () => {
    const binary = join(dir, 'baseline-profile');
    expect(await runCli(['profile', BASELINE, '-o', binary])).toMatchObject({ code: 0, stderr: '' });
    const bytes = readFileSync(binary);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('DWPROF');
    const old = join(dir, 'baseline.v1.json');
    writeFileSync(old, profileToJson(profileFromBytes(bytes, binary)));
    const fromData = await jsonReport(['--baseline', BASELINE, '--current', DRIFTED]);
    expect((await jsonReport(['--baseline', binary, '--current', DRIFTED])).report).toEqual(fromData.report);
    expect((await jsonReport(['--baseline', old, '--current', DRIFTED])).report).toEqual(fromData.report);
  });

  it('names the file and says it is truncated when a saved profile was cut short', async () => {
    const binary = join(dir, 'cut.profile');
    expect(await runCli(['profile', BASELINE, '-o', binary])).toMatchObject({ code: 0 });
    const bytes = readFileSync(binary);
    writeFileSync(binary, bytes.subarray(0, bytes.byteLength - 100));
    const result = await runCli(['check', '--baseline', binary, '--current', DRIFTED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${binary}: truncated profile container`);
  });

  it('applies method, threshold and exclusion flags', async () => {
    const { report } = await jsonReport([
      '--baseline',
      BASELINE,
      '--current',
      DRIFTED,
      '--numeric-method',
      'ks',
      '--categorical-method',
      'psi',
      '--threshold',
      '0.01',
      '--exclude',
      'amount',
    ]);
    expect(report.features.find((f) => f.name === 'amount')).toBeUndefined();
    expect(report.skipped).toContainEqual(
      expect.objectContaining({ name: 'amount', reason: 'excluded by configuration' }),
    );
    const methods = new Set(report.features.map((f) => `${f.kind}:${f.method}:${f.threshold}`));
    expect(methods).toEqual(new Set(['numeric:ks:0.01', 'categorical:psi:0.01', 'boolean:psi:0.01']));
  });

  it('reads monitor settings from --config, and says when values were sampled', async () => {
    const config = join(dir, 'monitor.json');
    writeFileSync(
      config,
      JSON.stringify({
        features: { items: { kind: 'categorical' }, customer_age: { method: 'anderson_darling' } },
        sampling: { maxValues: 1000 },
        correction: 'bonferroni',
      }),
    );
    const { report } = await jsonReport(['--baseline', BASELINE, '--current', DRIFTED, '--config', config]);
    expect(report.features.find((f) => f.name === 'items')!.kind).toBe('categorical');
    expect(report.features.find((f) => f.name === 'customer_age')!.method).toBe('anderson_darling');
    const amount = report.features.find((f) => f.name === 'amount')!;
    expect(amount.exact).toBe(false);
    expect(
      report.features.filter((f) => f.decision === 'p_value').every((f) => f.pValueAdjusted !== undefined),
    ).toBe(true);
    const exact = await jsonReport([
      '--baseline',
      BASELINE,
      '--current',
      DRIFTED,
      '--config',
      config,
      '--exact',
    ]);
    expect(exact.report.features.find((f) => f.name === 'amount')!.exact).toBe(true);
  });

  it('reads a folder of part files as one table', async () => {
    const parts = join(REPO, 'test', 'fixtures', 'parts', 'parquet');
    const { report } = await jsonReport(['--baseline', parts, '--current', parts]);
    expect(report.baseline.sources.length).toBeGreaterThan(1);
    expect(report.dataset.driftedCount).toBe(0);
  });

  it('writes the report to --out instead of stdout', async () => {
    const out = join(dir, 'report.json');
    const result = await runCli([
      'check',
      '--baseline',
      BASELINE,
      '--current',
      CALM,
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });
});
