import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, RecordBatch } from '../../../lambdas/core/columns.ts';
import { mergeProfiles } from '../../../lambdas/core/profile/merge-profiles.ts';
import type { Profile } from '../../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../../lambdas/core/profile/serialize-profile.ts';

interface Rows {
  readonly cells: Cell[];
  readonly numbers: number[];
  readonly numberNulls: boolean[];
}

function batchOf(rows: Rows, source: string, firstRow: number): RecordBatch {
  return {
    source,
    firstRow,
    rowCount: rows.cells.length,
    columns: new Map([
      ['mixed', { type: 'cells', values: rows.cells }],
      [
        'amount',
        {
          type: 'number',
          values: Float64Array.from(rows.numbers),
          nulls: Uint8Array.from(rows.numberNulls, (n) => (n ? 1 : 0)),
        },
      ],
    ]),
  };
}

function profileOf(batches: RecordBatch[], maxValues: number, maxCategories = 1000): Profile {
  const profiler = new Profiler({ sampling: { maxValues, maxDistinct: 8 }, maxCategories, seed: 7 });
  profiler.declare('mixed', 'untyped');
  profiler.declare('amount', 'double');
  for (const batch of batches) profiler.add(batch);
  return profiler.finish();
}

const cell = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('NaN', 'inf', '-inf', 'red', 'green', 'blue', 'true', '2024-01-02', ''),
  // Magnitudes real features have; near 1e308 Welford's running mean itself overflows.
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
);
const number = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: -3, max: 3 }));

const rows = (min: number, max: number) =>
  fc.integer({ min, max }).chain((n) =>
    fc.record({
      cells: fc.array(cell, { minLength: n, maxLength: n }),
      numbers: fc.array(number, { minLength: n, maxLength: n }),
      numberNulls: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  );

describe('mergeProfiles', () => {
  it('equals profiling the concatenation, bit for bit, while values fit the budget or sides are exact', () => {
    fc.assert(
      fc.property(rows(0, 40), rows(0, 40), fc.integer({ min: 1, max: 60 }), (a, b, maxValues) => {
        const left = profileOf([batchOf(a, 'a.csv', 1)], maxValues);
        const right = profileOf([batchOf(b, 'b.csv', 1)], maxValues);
        // Only sides that are still exact merge exactly; a sampled side merges in distribution.
        fc.pre(left.columns.every((c) => c.numbers.exact) && right.columns.every((c) => c.numbers.exact));
        const whole = profileOf([batchOf(a, 'a.csv', 1), batchOf(b, 'b.csv', 1)], maxValues);
        expect(profileToJson(mergeProfiles(left, right))).toBe(profileToJson(whole));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counts, range and moments of the union when sides were sampled, and samples only union values', () => {
    fc.assert(
      fc.property(rows(20, 60), rows(20, 60), (a, b) => {
        const maxValues = 10;
        const merged = mergeProfiles(
          profileOf([batchOf(a, 'a', 1)], maxValues),
          profileOf([batchOf(b, 'b', 1)], maxValues),
        );
        const whole = profileOf([batchOf(a, 'a', 1), batchOf(b, 'b', 1)], maxValues);
        for (const name of ['mixed', 'amount']) {
          const m = merged.columns.find((c) => c.name === name)!;
          const w = whole.columns.find((c) => c.name === name)!;
          expect([m.rows, m.nulls, m.classes]).toEqual([w.rows, w.nulls, w.classes]);
          const [ms, ws] = [m.numbers, w.numbers];
          expect([ms.count, ms.nan, ms.posInf, ms.negInf, ms.min, ms.max, ms.size, ms.exact]).toEqual([
            ws.count,
            ws.nan,
            ws.posInf,
            ws.negInf,
            ws.min,
            ws.max,
            ws.size,
            ws.exact,
          ]);
          // Chan's merge and Welford's pass agree to rounding (relative 1e-9 of the scale).
          const scale = Math.max(1, Math.abs(ws.mean), Math.abs(ws.max), Math.abs(ws.min));
          if (Number.isFinite(scale)) expect(Math.abs(ms.mean - ws.mean)).toBeLessThanOrEqual(1e-9 * scale);
          const union = [...a.cells, ...b.cells, ...a.numbers, ...b.numbers]
            .map(Number)
            .filter(Number.isFinite);
          for (const v of ms.values.subarray(0, ms.size)) expect(union).toContain(v);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every cell counted when the category cap overflows', () => {
    fc.assert(
      fc.property(rows(0, 40), rows(0, 40), (a, b) => {
        const merged = mergeProfiles(
          profileOf([batchOf(a, 'a', 1)], 100, 3),
          profileOf([batchOf(b, 'b', 1)], 100, 3),
        );
        const column = merged.columns.find((c) => c.name === 'mixed')!;
        const counted = [...column.categories.counts.values()].reduce(
          (x, y) => x + y,
          column.categories.other,
        );
        expect(counted).toBe(column.rows - column.nulls);
        expect(column.categories.counts.size).toBeLessThanOrEqual(3);
      }),
      { numRuns: 100 },
    );
  });

  it('is associative on exact profiles', () => {
    fc.assert(
      fc.property(rows(0, 20), rows(0, 20), rows(0, 20), (a, b, c) => {
        const p = (r: Rows, s: string) => profileOf([batchOf(r, s, 1)], 1000);
        const left = mergeProfiles(mergeProfiles(p(a, 'a'), p(b, 'b')), p(c, 'c'));
        const right = mergeProfiles(p(a, 'a'), mergeProfiles(p(b, 'b'), p(c, 'c')));
        expect(profileToJson(left)).toBe(profileToJson(right));
      }),
      { numRuns: 100 },
    );
  });
});
