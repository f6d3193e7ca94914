import { describe, expect, it } from 'vitest';
import type { RecordBatch } from '../../lambdas/core/columns.ts';
import { compare } from '../../lambdas/core/compare.ts';
import { makePolicy } from '../../lambdas/core/policy.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { SeededRandom } from '../../lambdas/core/random.ts';

const ROWS = 1_000_000;
const BATCH = 50_000;

/** A one-column table of `rows` labels, read as the column of a categorical feature. */
function profileOfLabels(labelOf: (row: number) => string, rows = ROWS): Profile {
  const profiler = new Profiler({ kindOverrides: new Map([['c', 'categorical']]) });
  for (let first = 0; first < rows; first += BATCH) {
    const values = Array.from({ length: Math.min(BATCH, rows - first) }, (_, i) => labelOf(first + i));
    const batch: RecordBatch = {
      source: 'generated',
      firstRow: first + 1,
      rowCount: values.length,
      columns: new Map([['c', { type: 'string', values }]]),
    };
    profiler.add(batch);
  }
  return profiler.finish();
}

function unseenFindings(baseline: Profile, current: Profile) {
  const report = compare(baseline, current, makePolicy());
  return { report, findings: report.quality.filter((q) => q.check === 'categorical_values') };
}

/** Labels drawn uniformly from `space` ids, by a generator seeded with `seed`. */
function drawnIds(space: number, seed: number): (row: number) => string {
  const random = new SeededRandom(seed);
  return () => `user-${random.nextInt(space)}`;
}

describe('unseen categories in a column over the category cap', () => {
  it('flags a column whose million categories were all replaced, as an estimate', () => {
    const baseline = profileOfLabels((row) => `old-${row}`);
    const current = profileOfLabels((row) => `new-${row}`);
    const { report, findings } = unseenFindings(baseline, current);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ feature: 'c', severity: 'warning', value: 1 });
    expect(findings[0].message).toMatch(/^an estimated 100% of current "c" values are categories/);
    expect(report.status).not.toBe('ok');
  }, 120_000);

  it('raises nothing for a stable high-cardinality column (ids the baseline covers, another sample)', () => {
    // 50,000 ids, a million rows a side: the baseline holds every id (each missed with
    // probability e^-20), five times the category cap.
    const baseline = profileOfLabels(drawnIds(50_000, 1));
    const current = profileOfLabels(drawnIds(50_000, 2));
    expect(baseline.columns[0].categories.other).toBeGreaterThan(0);
    expect(unseenFindings(baseline, current).findings).toEqual([]);
  }, 120_000);

  it('estimates the share of new ids close to the true share when the baseline covers a part of the id space', () => {
    // Ids from a 10M space, 400,000 rows a side: the baseline saw about 4% of the ids, so about
    // 96% of current rows are ids it never had — a true finding, counted here exactly.
    const space = 10_000_000;
    const rows = 400_000;
    const baselineIds = drawnIds(space, 3);
    const seen = new Set<string>();
    const baseline = profileOfLabels((row) => {
      const id = baselineIds(row);
      seen.add(id);
      return id;
    }, rows);
    const currentIds = drawnIds(space, 4);
    let unseen = 0;
    const current = profileOfLabels((row) => {
      const id = currentIds(row);
      if (!seen.has(id)) unseen++;
      return id;
    }, rows);
    const [finding] = unseenFindings(baseline, current).findings;
    // About 10,000 categories sampled: the estimate's standard error is well under 1 point.
    expect(Math.abs((finding.value ?? 0) - unseen / rows)).toBeLessThan(0.03);
  }, 120_000);
});
