import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DISTRIBUTION_MAX_CATEGORIES, type DriftReport } from '../../lambdas/core/report.ts';
import { REPO, runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'driftwatch-dist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reportOf(baseline: string, current: string): Promise<DriftReport> {
  const result = await runCli(['check', '--baseline', baseline, '--current', current, '--format', 'json']);
  return JSON.parse(result.stdout) as DriftReport;
}

describe('compare: feature distributions for charts', () => {
  it('gives every reference bin of a number and every category, each side summing to 1', async () => {
    const report = await reportOf(
      join(REPO, 'examples', 'data', 'baseline.csv'),
      join(REPO, 'examples', 'data', 'current.parquet'),
    );
    for (const f of report.features) {
      const d = f.distribution!;
      expect(d.reference).toHaveLength(d.labels.length);
      expect(d.current).toHaveLength(d.labels.length);
      expect(d.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(d.current.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // topChanges are the distribution's largest moves.
      const top = f.topChanges[0];
      expect(d.current[d.labels.indexOf(top.label)]).toBe(top.current);
    }
    const amount = report.features.find((f) => f.name === 'amount')!;
    // Deciles of the reference plus the below-minimum and above-maximum bins, in order.
    expect(amount.distribution!.labels).toHaveLength(12);
    expect(amount.distribution!.labels[0]).toMatch(/^< /);
    expect(amount.distribution!.labels[11]).toMatch(/^> /);
  });

  it('caps categories at 30, biggest shift first, the rest summed as other values', async () => {
    const rows = (shift: boolean) =>
      [
        'city',
        ...Array.from({ length: 4000 }, (_, i) => {
          const k = i % 40;
          return shift && k === 7 && i % 80 < 40 ? 'city_new' : `city_${k}`;
        }),
      ].join('\n');
    writeFileSync(join(dir, 'base.csv'), rows(false));
    writeFileSync(join(dir, 'cur.csv'), rows(true));
    const report = await reportOf(join(dir, 'base.csv'), join(dir, 'cur.csv'));
    const d = report.features[0].distribution!;
    expect(d.labels).toHaveLength(DISTRIBUTION_MAX_CATEGORIES + 1);
    expect(d.labels.at(-1)).toBe('(other values)');
    expect(new Set(d.labels.slice(0, 2))).toEqual(new Set(['city_7', 'city_new']));
    expect(d.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
