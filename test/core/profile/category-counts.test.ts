import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare } from '../../../lambdas/core/compare.ts';
import { makePolicy } from '../../../lambdas/core/policy.ts';
import {
  addCategory,
  bottomKLimit,
  type CategoryCounts,
  emptyCategoryCounts,
  mergeCategoryCounts,
  settleCategoryCounts,
} from '../../../lambdas/core/profile/category-counts.ts';
import { categoryHash, categoryHashOfNumber } from '../../../lambdas/core/profile/category-hash.ts';
import { mergeProfiles } from '../../../lambdas/core/profile/merge-profiles.ts';
import type { Profile } from '../../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import {
  profileFromBytes,
  profileFromJson,
  profileToBytes,
  profileToJson,
} from '../../../lambdas/core/profile/serialize-profile.ts';

/** One table counted label by label, then settled: what a profile holds. */
function tableOf(labels: readonly string[], cap: number): CategoryCounts {
  const table = emptyCategoryCounts();
  for (const label of labels) addCategory(table, label, cap);
  settleCategoryCounts(table, cap);
  return table;
}

/** The table's content, order aside. */
function contentOf(table: CategoryCounts) {
  return { counts: new Map(table.counts), other: table.other, hashLimit: table.hashLimit };
}

const label = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((n) => `c${n}`),
  fc.integer({ min: 0, max: 30 }).map(String),
);

describe('category tables kept by smallest hash', () => {
  it('keep the cap smallest hashes of all labels with exact counts, whatever the order of the rows', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (labels, cap) => {
        const all = new Map<string, number>();
        for (const l of labels) all.set(l, (all.get(l) ?? 0) + 1);
        const limit =
          all.size <= cap
            ? Number.POSITIVE_INFINITY
            : Float64Array.from(all.keys(), categoryHash).sort()[cap - 1];
        const kept = new Map([...all].filter(([l]) => categoryHash(l) <= limit));
        const other = labels.length - [...kept.values()].reduce((a, b) => a + b, 0);
        expect(contentOf(tableOf(labels, cap))).toEqual({ counts: kept, other, hashLimit: limit });
        expect(contentOf(tableOf([...labels].reverse(), cap))).toEqual(contentOf(tableOf(labels, cap)));
      }),
      { numRuns: 300 },
    );
  });

  it('merge to the table of all rows, in any order and grouping of the parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(label, { maxLength: 60 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 15 }),
        fc.func(fc.integer()),
        (parts, cap, order) => {
          const whole = tableOf(parts.flat(), cap);
          const tables = parts.map((part) => tableOf(part, cap));
          const shuffled = tables.map((t, i) => [order(i), t] as const).sort((a, b) => a[0] - b[0]);
          const leftFold = shuffled.map(([, t]) => t).reduce((a, b) => mergeCategoryCounts(a, b, cap));
          const rightFold = shuffled.map(([, t]) => t).reduceRight((a, b) => mergeCategoryCounts(b, a, cap));
          expect(contentOf(leftFold)).toEqual(contentOf(whole));
          expect(contentOf(rightFold)).toEqual(contentOf(whole));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hash a label that reads as a number by its value, so an untyped column and a string column agree', () => {
    expect(categoryHash('1.5')).toBe(categoryHashOfNumber(1.5));
    expect(categoryHash('1.50')).toBe(categoryHash('1.5'));
    expect(categoryHash('-0')).toBe(categoryHash('0'));
    expect(categoryHash(' 7')).toBe(categoryHashOfNumber(7));
    expect(categoryHash('NaN')).not.toBe(categoryHash('nan'));
    expect(categoryHash('a')).not.toBe(categoryHash('b'));
  });
});

/** Rows of one categorical column `c`; `labels(i)` the i-th row's label. */
function profileOf(rows: number, labels: (row: number) => string, maxCategories = 100): Profile {
  const profiler = new Profiler({ maxCategories, kindOverrides: new Map([['c', 'categorical']]) });
  profiler.add({
    source: 'generated',
    firstRow: 1,
    rowCount: rows,
    columns: new Map([['c', { type: 'string', values: Array.from({ length: rows }, (_, i) => labels(i)) }]]),
  });
  return profiler.finish();
}

/** A saved profile as versions before the hash rule wrote it: no `rule` in its tables. */
function withoutRule(profile: Profile): string {
  const doc = JSON.parse(profileToJson(profile));
  for (const column of doc.columns) delete column.categories.rule;
  return JSON.stringify(doc);
}

describe('saved category tables', () => {
  it('record their rule, read back with the same hash limit', () => {
    const profile = profileOf(1000, (i) => `v${i}`);
    const read = profileFromBytes(profileToBytes(profile));
    expect(read.columns[0].categories.rule).toBe('smallest-hash');
    expect(read.columns[0].categories.hashLimit).toBe(profile.columns[0].categories.hashLimit);
    expect(JSON.parse(profileToJson(profile)).columns[0].categories.rule).toBe('smallest-hash');
  });

  it('read a profile saved before the rule as first-seen tables, whose unseen check stays skipped once overflowed', () => {
    const old = profileFromJson(withoutRule(profileOf(1000, (i) => `old-${i}`)));
    expect(old.columns[0].categories.rule).toBe('arrival');
    const current = profileOf(1000, (i) => `new-${i}`);
    const report = compare(old, current, makePolicy());
    expect(report.quality.filter((q) => q.check === 'categorical_values')).toEqual([]);
    // The same baseline saved with its rule: the estimate finds every current value new.
    const saved = profileFromBytes(profileToBytes(profileOf(1000, (i) => `old-${i}`)));
    const findings = compare(saved, current, makePolicy()).quality.filter(
      (q) => q.check === 'categorical_values',
    );
    expect(findings).toMatchObject([{ severity: 'warning', value: 1 }]);
  });

  it('check an old table that never overflowed exactly, as before', () => {
    const old = profileFromJson(withoutRule(profileOf(50, (i) => `k${i % 10}`)));
    const current = profileOf(50, (i) => `k${i % 12}`);
    const [finding] = compare(old, current, makePolicy()).quality.filter(
      (q) => q.check === 'categorical_values',
    );
    expect(finding.message).toMatch(
      /^16% of current "c" values are categories the baseline never had: "k10", "k11"$/,
    );
  });

  it('merge an old table with a new one by the old rule', () => {
    const old = profileFromJson(withoutRule(profileOf(300, (i) => `a${i}`)));
    const merged = mergeProfiles(
      old,
      profileOf(300, (i) => `b${i}`),
    );
    expect(merged.columns[0].categories.rule).toBe('arrival');
    expect(merged.columns[0].categories.counts.size).toBe(100);
    expect([...merged.columns[0].categories.counts.keys()].every((l) => l.startsWith('a'))).toBe(true);
  });

  it('reject an unknown rule naming the field', () => {
    const doc = JSON.parse(profileToJson(profileOf(10, (i) => `v${i}`)));
    doc.columns[0].categories.rule = 'random';
    expect(() => profileFromJson(JSON.stringify(doc), 'p.json')).toThrow(
      /p\.json column "c" categories\.rule: unknown rule "random"/,
    );
  });
});

describe('bottomKLimit', () => {
  const bySorting = (hashes: readonly number[], k: number, limit: number) =>
    hashes.length <= k ? limit : Math.min(limit, [...hashes].sort((a, b) => a - b)[k - 1]);

  it('is the k-th smallest hash, at most the limit, as sorting gives it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 310 }),
        fc.integer({ min: 0, max: 50 }),
        (hashes, k, limit) => {
          expect(bottomKLimit(Float64Array.from(hashes), k, limit)).toBe(bySorting(hashes, k, limit));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stays exact on sorted, reversed, constant and organ-pipe inputs', () => {
    const n = 20_001;
    const shapes = [
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: n }, (_, i) => n - i),
      Array.from({ length: n }, () => 7),
      Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    ];
    for (const hashes of shapes) {
      for (const k of [1, 2, 10_000, 20_000]) {
        expect(bottomKLimit(Float64Array.from(hashes), k, Number.POSITIVE_INFINITY)).toBe(
          bySorting(hashes, k, Number.POSITIVE_INFINITY),
        );
      }
    }
  });
});
