import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { compare } from '../../../lambdas/core/compare.ts';
import { DEFAULT_POLICY, makePolicy } from '../../../lambdas/core/policy.ts';
import type { Profile } from '../../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

/**
 * Calibrated thresholds on real data: 20,000 US domestic flights of 2001 (vega-datasets
 * flights-20k.json, a pinned dev dependency), columns delay, distance, origin, destination.
 */
interface Flight {
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

const require = createRequire(import.meta.url);
const flights = JSON.parse(
  readFileSync(join(dirname(require.resolve('vega-datasets')), '..', 'data', 'flights-20k.json'), 'utf8'),
) as Flight[];

function profileOf(
  rows: readonly Flight[],
  shift: { delay: number; distance: number } = { delay: 0, distance: 0 },
): Profile {
  const columns = new Map<string, ColumnValues>([
    ['delay', { type: 'number', values: Float64Array.from(rows, (r) => r.delay + shift.delay), nulls: null }],
    [
      'distance',
      { type: 'number', values: Float64Array.from(rows, (r) => r.distance + shift.distance), nulls: null },
    ],
    ['origin', { type: 'string', values: rows.map((r) => r.origin) }],
    ['destination', { type: 'string', values: rows.map((r) => r.destination) }],
  ]);
  const batch: RecordBatch = { source: 'flights-20k.json', firstRow: 1, rowCount: rows.length, columns };
  const profiler = new Profiler();
  profiler.add(batch);
  return profiler.finish();
}

/** A seeded random split: `baseline` rows and `current` other rows. */
function split(baseline: number, current: number, seed: number): { baseline: Flight[]; current: Flight[] } {
  const random = new SeededRandom(seed);
  const rows = [...flights];
  for (let i = 0; i < baseline + current; i++) {
    const j = i + random.nextInt(rows.length - i);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { baseline: rows.slice(0, baseline), current: rows.slice(baseline, baseline + current) };
}

function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('calibrated thresholds on real flights', () => {
  it('false-alarm on no-drift random splits at the configured rate, within its binomial error', () => {
    const rate = 0.05;
    const policy = makePolicy({
      threshold: 'calibrated',
      calibration: { ...DEFAULT_POLICY.calibration, rule: { falseAlarmRate: rate } },
    });
    let checks = 0;
    let alarms = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const pair = split(3000, 300, seed);
      const report = compare(profileOf(pair.baseline), profileOf(pair.current), policy);
      for (const feature of report.features) {
        expect(feature.thresholdSource).toBe('calibrated');
        checks++;
        if (feature.drifted) alarms++;
        if (feature.drifted) console.log('FA', seed, feature.name, feature.method, feature.calibration);
      }
    }
    expect(checks).toBeGreaterThanOrEqual(200);
    // Two binomial standard errors above the configured rate.
    const bound = rate + 2 * Math.sqrt((rate * (1 - rate)) / checks);
    expect(alarms / checks).toBeLessThanOrEqual(bound);
    // A ceiling for a hung run, not a speed target: 24,000 chunk comparisons.
  }, 120_000);

  it('detects a 0.25σ mean shift at 3,000 rows', () => {
    const calibrated = makePolicy({ threshold: 'calibrated' });
    for (let seed = 1; seed <= 5; seed++) {
      const pair = split(15_000, 3000, seed);
      const baseline = profileOf(pair.baseline);
      const shift = {
        delay: 0.25 * std(pair.baseline.map((r) => r.delay)),
        distance: 0.25 * std(pair.baseline.map((r) => r.distance)),
      };
      const current = profileOf(pair.current, shift);
      const report = compare(baseline, current, calibrated);
      for (const name of ['delay', 'distance']) {
        const feature = report.features.find((f) => f.name === name)!;
        expect(feature.thresholdSource).toBe('calibrated');
        expect(feature.drifted).toBe(true);
      }
    }
  });
});
