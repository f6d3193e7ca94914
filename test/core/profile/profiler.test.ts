import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { compare } from '../../../lambdas/core/compare.ts';
import { makePolicy } from '../../../lambdas/core/policy.ts';
import { inferKind, typeMismatches } from '../../../lambdas/core/profile/infer-kind.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import { profileFromJson, profileToJson } from '../../../lambdas/core/profile/serialize-profile.ts';

function cells(name: string, values: Cell[], source = 'data.csv', firstRow = 1): RecordBatch {
  return { source, firstRow, rowCount: values.length, columns: new Map([[name, { type: 'cells', values }]]) };
}

function profileCells(values: Cell[], options = {}) {
  const profiler = new Profiler(options);
  profiler.declare('x', 'untyped');
  profiler.add(cells('x', values));
  return profiler.finish().columns[0];
}

describe('Profiler', () => {
  it('reads numeric text as numbers and counts NaN and infinities apart from nulls', () => {
    const column = profileCells(['1.5', '-2', 'NaN', 'inf', '-Infinity', null, '3e2']);
    expect(inferKind(column)).toBe('numeric');
    expect(column.nulls).toBe(1);
    expect([column.numbers.count, column.numbers.nan, column.numbers.posInf, column.numbers.negInf]).toEqual([
      3, 1, 1, 1,
    ]);
    expect([column.numbers.min, column.numbers.max]).toEqual([-2, 300]);
    expect(Array.from(column.numbers.values.subarray(0, column.numbers.size))).toEqual([1.5, -2, 300]);
  });

  it('counts words in a numeric column as type mismatches and remembers where the first one is', () => {
    const column = profileCells(['1', '2', 'oops', '4', '5'], {});
    expect(inferKind(column)).toBe('numeric');
    expect(typeMismatches(column, 'numeric')).toBe(1);
    expect(column.firstOfClass.string).toEqual({ source: 'data.csv', row: 3, value: 'oops' });
  });

  it('infers booleans, datetimes, categories and free text', () => {
    expect(inferKind(profileCells(['true', 'False', 'TRUE']))).toBe('boolean');
    expect(inferKind(profileCells(['2024-01-02', '2024-01-03T10:00:00Z', '2024-02-01 08:30']))).toBe(
      'datetime',
    );
    expect(inferKind(profileCells(['mobile', 'desktop', 'mobile']))).toBe('categorical');
    const sentences = Array.from(
      { length: 50 },
      (_, i) => `customer ${i} wrote a long comment about the delivery`,
    );
    expect(inferKind(profileCells(sentences))).toBe('text');
  });

  it('reads ISO date-times without a zone as UTC', () => {
    const column = profileCells(['2024-01-02 03:04:05']);
    expect(column.datetimes.values[0]).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it('honours a kind override even when the cells say otherwise', () => {
    const column = profileCells(['10001', '10002', '10001'], { kindOverrides: { x: 'categorical' } });
    expect(inferKind(column)).toBe('categorical');
    expect(column.categories.counts.get('10001')).toBe(2);
  });

  it('keeps every value up to the budget, then a reproducible sample of exactly the budget', () => {
    const values = Array.from({ length: 5000 }, (_, i) => String(i));
    const a = profileCells(values, { sampling: { maxValues: 100, maxDistinct: 10 } });
    const b = profileCells(values, { sampling: { maxValues: 100, maxDistinct: 10 } });
    const c = profileCells(values, { sampling: { maxValues: 100, maxDistinct: 10 }, seed: 1 });
    expect(a.numbers.exact).toBe(false);
    expect(a.numbers.size).toBe(100);
    expect(a.numbers.count).toBe(5000);
    expect(Array.from(a.numbers.values)).toEqual(Array.from(b.numbers.values));
    expect(Array.from(a.numbers.values)).not.toEqual(Array.from(c.numbers.values));
    // A uniform sample of 0..4999 has a mean near 2500 (sd of the mean ≈ 144).
    const mean = a.numbers.values.reduce((s, v) => s + v, 0) / 100;
    expect(Math.abs(mean - 2499.5)).toBeLessThan(600);
  });

  it('treats a column first seen in a later batch as null in the rows before it', () => {
    const profiler = new Profiler();
    profiler.add(cells('a', [1, 2, 3]));
    profiler.add({
      source: 'data.jsonl',
      firstRow: 4,
      rowCount: 2,
      columns: new Map([
        ['a', { type: 'cells', values: [4, 5] }],
        ['b', { type: 'cells', values: ['x', 'y'] }],
      ]),
    });
    const b = profiler.finish().columns.find((c) => c.name === 'b')!;
    expect([b.rows, b.nulls]).toEqual([5, 3]);
  });

  it('round-trips through JSON without losing a bit', () => {
    const profiler = new Profiler();
    profiler.declare('x', 'untyped');
    profiler.add(cells('x', ['0.1', '1e-300', 'NaN', null, 'red']));
    const profile = profiler.finish();
    const text = profileToJson(profile);
    expect(profileToJson(profileFromJson(text))).toBe(text);
  });

  it('refuses a profile of another version with a message that says what to do', () => {
    expect(() => profileFromJson('{"format":"driftwatch-profile","version":99}', 'old.json')).toThrow(
      /old.json: profile version 99 is not 1; rebuild it/,
    );
  });
});

describe('categories of untyped numeric cells', () => {
  /**
   * The rule written out cell by cell: a number's cells count under the first text seen for it,
   * other cells under their text; labels in order of first appearance up to the cap, later new
   * ones into `other`.
   */
  function expectedCategories(texts: (string | null)[], cap: number) {
    const counts = new Map<string, number>();
    const labelOf = new Map<string, string>();
    let other = 0;
    for (const text of texts) {
      if (text === null) continue;
      const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
      const key = Number.isFinite(number) ? `n:${number === 0 ? 0 : number}` : `t:${text}`;
      const label = labelOf.get(key);
      if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
      else if (counts.size < cap && !counts.has(text)) {
        labelOf.set(key, text);
        counts.set(text, 1);
      } else other++;
    }
    return { counts: [...counts], other };
  }

  /** As the CSV scanner hands a batch over: parsed numbers when every cell is one, else cells. */
  function asScanned(batch: (string | null)[], firstRow: number): RecordBatch {
    const numeric = batch.every((t) => t === null || /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t));
    if (!numeric || batch.every((t) => t === null)) return cells('x', batch, 'data.csv', firstRow);
    const column: ColumnValues = {
      type: 'parsed-numbers',
      values: Float64Array.from(batch, (t) => (t === null ? 0 : Number(t))),
      nulls: Uint8Array.from(batch, (t) => (t === null ? 1 : 0)),
      text: (i) => batch[i] ?? '',
      textLengthSum: batch.reduce((sum, t) => sum + (t?.length ?? 0), 0),
    };
    return { source: 'data.csv', firstRow, rowCount: batch.length, columns: new Map([['x', column]]) };
  }

  it('follows the cell-by-cell rule when the table fills, across batches and past the value budget', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.oneof(
              fc.integer({ min: 0, max: 30 }).map((n) => String(n)),
              fc.integer({ min: 0, max: 30 }).map((n) => `${n}.0`),
              fc.integer({ min: 0, max: 300 }).map((n) => (n / 8).toString()),
              fc.constantFrom('red', 'blue', '-0', '0'),
              fc.constant(null),
            ),
            { minLength: 1, maxLength: 40 },
          ),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 5, max: 400 }),
        (batches, cap, maxValues) => {
          const profiler = new Profiler({ maxCategories: cap, sampling: { maxValues, maxDistinct: 4 } });
          let firstRow = 1;
          for (const batch of batches) {
            profiler.add(asScanned(batch, firstRow));
            firstRow += batch.length;
          }
          const categories = profiler.finish().columns[0].categories;
          const expected = expectedCategories(batches.flat(), cap);
          expect({ counts: [...categories.counts], other: categories.other }).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('compare-only profiles', () => {
  // Columns of every reading: numbers (many distinct: the category table fills, with a cap of 50),
  // few distinct numbers, words with a few numbers, numbers that turn into words in the current
  // table, and numbers forced to be categories.
  const table = (rows: number, shift: number, kindChanges: boolean): RecordBatch[] => {
    const batches: RecordBatch[] = [];
    for (let start = 0; start < rows; start += 700) {
      const n = Math.min(700, rows - start);
      const column = (f: (i: number) => Cell): ColumnValues => ({
        type: 'cells',
        values: Array.from({ length: n }, (_, k) => f(start + k)),
      });
      batches.push({
        source: 't.csv',
        firstRow: start + 1,
        rowCount: n,
        columns: new Map([
          ['continuous', column((i) => (i % 97 === 0 ? null : String(((i * 7919) % 1000) / 7 + shift)))],
          ['few', column((i) => String((i + shift) % 4))],
          ['words', column((i) => (i % 10 === 0 ? String(i % 3) : `w${(i + shift) % 6}`))],
          ['changes', column((i) => (kindChanges && i % 3 !== 0 ? `x${i % 5}` : String(i % 200)))],
          ['forced', column((i) => String((i * 31 + shift) % 120))],
        ]),
      });
    }
    return batches;
  };
  const profile = (batches: RecordBatch[], compareOnly: boolean) => {
    const profiler = new Profiler({
      maxCategories: 50,
      kindOverrides: { forced: 'categorical' },
      compareOnly,
    });
    for (const batch of batches) profiler.add(batch);
    return profiler.finish();
  };

  it('drop the category table of untyped columns read as numbers, and only theirs', () => {
    const full = profile(table(3000, 0, true), false);
    const lean = profile(table(3000, 0, true), true);
    for (const [i, column] of lean.columns.entries()) {
      const dropped = column.name === 'continuous' || column.name === 'few';
      expect(column.categories.counts.size === 0 && column.categories.other === 0).toBe(dropped);
      expect({ ...column, categories: null }).toEqual({ ...full.columns[i], categories: null });
      if (!dropped) expect(column.categories).toEqual(full.columns[i].categories);
    }
  });

  it('give the same report as complete profiles', () => {
    for (const kindChanges of [false, true]) {
      const reports = [false, true].map((compareOnly) =>
        compare(
          profile(table(3000, 0, false), compareOnly),
          profile(table(2500, 3, kindChanges), compareOnly),
          makePolicy(),
        ),
      );
      expect(reports[1]).toEqual(reports[0]);
      expect(reports[0].features.length).toBe(5);
    }
  });
});
