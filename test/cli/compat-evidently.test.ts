import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Parity of `driftwatch check --compat evidently` with Evidently 0.4.x DataDriftPreset defaults.
// Expected values: test/golden/compat.json, written by test/golden/make_compat_golden.py (an independent port of
// Evidently's stattests in test/golden/evidently_rule.py, run with Debian scipy 1.10.1; versions recorded there)
// over the truth CSVs of test/fixtures/compat (made by make_compat.ts, which checks every writer's copy against
// the truth row for row). Tolerances: statistic 1e-9 relative (1e-12 absolute where the expected value is 0:
// a constant column); p-value 1e-9 absolute or relative, whichever is looser; verdicts exact.

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A number, or "Infinity" / "-Infinity" / "NaN" where JSON has no literal (Evidently's χ² with an unseen value). */
type GoldenNumber = number | string;

interface GoldenFeature {
  name: string;
  kind: 'num' | 'cat';
  method: string;
  statistic: GoldenNumber;
  pValue: GoldenNumber | null;
  threshold: number;
  drifted: boolean;
  nReference: number;
  nCurrent: number;
}

interface GoldenPair {
  inputs: Record<string, { baseline: string; current: string }>;
  skipped: string[];
  exitCode: number;
  dataset: { drifted: boolean; driftedShare: number; driftedCount: number; featureCount: number };
  features: GoldenFeature[];
}

interface Golden {
  pairs: Record<string, GoldenPair>;
}

/** The part of the CLI report this test reads (contract of `driftwatch check --format json`). */
interface ReportFeature {
  name: string;
  method: string | null;
  statistic: number | string | null;
  pValue: number | string | null;
  threshold: number | null;
  drifted: boolean | null;
  nReference: number;
  nCurrent: number;
}

interface Report {
  status: string;
  dataset: { drifted: boolean; driftedShare: number; driftedCount: number; featureCount: number };
  features: ReportFeature[];
}

interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const golden = JSON.parse(readFileSync(join(repoRoot, 'test/golden/compat.json'), 'utf8')) as Golden;

function runCheckCommand(baseline: string, current: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'bin/driftwatch.mjs',
        'check',
        '--baseline',
        baseline,
        '--current',
        current,
        '--compat',
        'evidently',
        '--format',
        'json',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

function parseReport(run: CliRun): Report {
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(
      `stdout is not one JSON report (exit ${run.exitCode}); stderr:\n${run.stderr.slice(0, 2000)}`,
    );
  }
}

function expectStatistic(actual: ReportFeature['statistic'], expected: GoldenNumber, label: string): void {
  if (typeof expected === 'string') {
    // Evidently's χ² is +inf when current holds a value the reference never had (f_exp = 0). JSON has no
    // scipy's infinite χ² (an unseen category): the report carries the largest finite double,
    // because JSON has no Infinity (README, "JSON report").
    expect(expected, label).toBe('Infinity');
    expect(actual, label).toBe(Number.MAX_VALUE);
    return;
  }
  expect(typeof actual, label).toBe('number');
  const error = Math.abs((actual as number) - expected);
  const tolerance = expected === 0 ? 1e-12 : 1e-9 * Math.abs(expected);
  expect(error, `${label}: got ${actual}, Evidently ${expected}`).toBeLessThanOrEqual(tolerance);
}

function expectPValue(actual: ReportFeature['pValue'], expected: GoldenNumber | null, label: string): void {
  if (expected === null) {
    expect(actual, `${label}: distances have no p-value`).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  const e = Number(expected);
  const error = Math.abs((actual as number) - e);
  expect(error, `${label}: got ${actual}, Evidently ${e}`).toBeLessThanOrEqual(
    Math.max(1e-9, 1e-9 * Math.abs(e)),
  );
}

const runs = new Map<string, CliRun>();
const key = (pair: string, writer: string) => `${pair}/${writer}`;

beforeAll(async () => {
  // All CLI runs in parallel: each pays tsx start-up, so sequential runs would take most of the time budget.
  const jobs: Promise<void>[] = [];
  for (const [pairName, pair] of Object.entries(golden.pairs)) {
    for (const [writer, files] of Object.entries(pair.inputs)) {
      jobs.push(
        runCheckCommand(files.baseline, files.current).then((run) => {
          runs.set(key(pairName, writer), run);
        }),
      );
    }
  }
  await Promise.all(jobs);
}, 60_000);

for (const [pairName, pair] of Object.entries(golden.pairs)) {
  for (const writer of Object.keys(pair.inputs)) {
    describe(`check --compat evidently on the ${pairName} pair written by ${writer}`, () => {
      const run = () => runs.get(key(pairName, writer))!;

      it(`exits ${pair.exitCode} and reports Evidently's dataset verdict`, () => {
        const report = parseReport(run());
        expect(run().exitCode, run().stderr.slice(0, 2000)).toBe(pair.exitCode);
        expect(report.dataset.drifted).toBe(pair.dataset.drifted);
        expect(report.dataset.driftedCount).toBe(pair.dataset.driftedCount);
        expect(report.dataset.featureCount).toBe(pair.dataset.featureCount);
        expect(report.dataset.driftedShare).toBeCloseTo(pair.dataset.driftedShare, 12);
      });

      it('leaves datetime columns out of drift', () => {
        const report = parseReport(run());
        for (const name of pair.skipped) {
          const feature = report.features.find((f) => f.name === name);
          // Absent, or listed without a drift verdict: either way it must not count towards featureCount.
          if (feature) expect(feature.drifted ?? false, name).toBe(false);
        }
      });

      for (const expected of pair.features) {
        const label = `${pairName}/${writer}/${expected.name}`;

        it(`uses Evidently's ${expected.method} for ${expected.name} and matches its statistic, p-value and verdict`, () => {
          const feature = parseReport(run()).features.find((f) => f.name === expected.name);
          expect(feature, `${label} missing from report`).toBeDefined();
          expect(feature!.method, label).toBe(expected.method);
          expectStatistic(feature!.statistic, expected.statistic, label);
          expectPValue(feature!.pValue, expected.pValue, label);
          expect(feature!.threshold, label).toBe(expected.threshold);
          expect(feature!.drifted, label).toBe(expected.drifted);
        });

        it(`counts ${expected.name} after dropping nulls and infinities as Evidently does`, () => {
          const feature = parseReport(run()).features.find((f) => f.name === expected.name);
          expect(feature, `${label} missing from report`).toBeDefined();
          expect([feature!.nReference, feature!.nCurrent], label).toEqual([
            expected.nReference,
            expected.nCurrent,
          ]);
        });
      }
    });
  }
}
