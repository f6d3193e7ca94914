import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { compare } from '../../../lambdas/core/compare.ts';
import { makePolicy } from '../../../lambdas/core/policy.ts';
import { type CategoryCounts, emptyCategoryCounts } from '../../../lambdas/core/profile/category-counts.ts';
import { categoryHash } from '../../../lambdas/core/profile/category-hash.ts';
import {
  parseBooleanText,
  parseDatetimeText,
  parseNumberText,
} from '../../../lambdas/core/profile/cell-parsing.ts';
import { inferKind, typeMismatches } from '../../../lambdas/core/profile/infer-kind.ts';
import { Profiler, type ProfilerOptions } from '../../../lambdas/core/profile/profiler.ts';
import { profileFromJson, profileToJson } from '../../../lambdas/core/profile/serialize-profile.ts';

function cells(name: string, values: Cell[], source = 'data.csv', firstRow = 1): RecordBatch {
  return { source, firstRow, rowCount: values.length, columns: new Map([[name, { type: 'cells', values }]]) };
}

function profileCells(values: Cell[], options: ProfilerOptions = {}) {
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

  it.each([
    ['boolean', ['true', 'False', 'TRUE']],
    ['datetime', ['2024-01-02', '2024-01-03T10:00:00Z', '2024-02-01 08:30']],
    ['categorical', ['mobile', 'desktop', 'mobile']],
    ['text', Array.from({ length: 50 }, (_, i) => `customer ${i} wrote a long comment about the delivery`)],
  ])('infers %s from cells that read as such', (kind, cells) => {
    expect(inferKind(profileCells(cells))).toBe(kind);
  });

  it('reads ISO date-times without a zone as UTC', () => {
    const column = profileCells(['2024-01-02 03:04:05']);
    expect(column.datetimes.values[0]).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it('honours a kind override even when the cells say otherwise', () => {
    const column = profileCells(['10001', '10002', '10001'], {
      kindOverrides: new Map([['x', 'categorical']]),
    });
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

/** Counts in order while nothing is cut, as a map (order aside) once the cap cut the table. */
function comparable(categories: CategoryCounts) {
  const { counts, hashLimit } = categories;
  return { ...categories, counts: hashLimit === Number.POSITIVE_INFINITY ? [...counts] : new Map(counts) };
}

describe('categories of untyped numeric cells', () => {
  /**
   * The rule written out cell by cell: a number's cells count under the first text seen for it,
   * other cells under their text; labels in order of first appearance, cut at the end to the cap's
   * smallest category hashes (ties kept), the rest into `other`.
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
      else if (!counts.has(text)) {
        labelOf.set(key, text);
        counts.set(text, 1);
      } else other++;
    }
    if (counts.size <= cap) return { counts: [...counts], other };
    const limit = Float64Array.from(counts.keys(), categoryHash).sort()[cap - 1];
    for (const [label, count] of counts) {
      if (categoryHash(label) <= limit) continue;
      counts.delete(label);
      other += count;
    }
    return { counts: new Map(counts), other };
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
          const { counts, other } = comparable(categories);
          expect({ counts, other }).toEqual(expected);
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
      kindOverrides: new Map([['forced', 'categorical']]),
      compareOnly,
    });
    for (const batch of batches) profiler.add(batch);
    return profiler;
  };
  /** The table without its columns of words and numbers mixed. */
  const numbersOnly = (batches: RecordBatch[]) =>
    batches.map((batch) => ({
      ...batch,
      columns: new Map([...batch.columns].filter(([name]) => name !== 'words' && name !== 'changes')),
    }));
  /** As the readers do it (profileSources): a compare-only read that did not hold is read again in full. */
  const profileAsRead = (batches: RecordBatch[], compareOnly: boolean) => {
    const profiler = profile(batches, compareOnly);
    return profiler.needsFullRead() ? profile(batches, false).finish() : profiler.finish();
  };

  it('leave numbers out of the category tables, and ask for a full read only when a column with numbers is categorical', () => {
    expect(profile(numbersOnly(table(3000, 0, true)), true).needsFullRead()).toBe(false);
    expect(profile(numbersOnly(table(3000, 0, true)), false).needsFullRead()).toBe(false);
    // 'words' holds a few numbers among words: a categorical column whose table lacks them.
    expect(profile(table(3000, 0, false), true).needsFullRead()).toBe(true);
    expect(profile(table(3000, 0, false), false).needsFullRead()).toBe(false);
  });

  it('drop the category table of untyped columns read as numbers, and only theirs', () => {
    const full = profile(numbersOnly(table(3000, 0, true)), false).finish();
    const lean = profile(numbersOnly(table(3000, 0, true)), true).finish();
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
          profileAsRead(table(3000, 0, false), compareOnly),
          profileAsRead(table(2500, 3, kindChanges), compareOnly),
          makePolicy(),
        ),
      );
      expect(reports[1]).toEqual(reports[0]);
      expect(reports[0].features.length).toBe(5);
    }
  });
});

describe('numeric category labels kept as bytes until finish', () => {
  /** A batch of one column's texts, and how it reaches the profiler. */
  interface Piece {
    readonly texts: (string | null)[];
    /**
     * 0: as the CSV scanner hands it over (parsed numbers with their bytes, dictionary codes of
     * plain strings, else cells); 1: parsed numbers with their text only; 2: cells (the library
     * path); 3: a typed string column's cells.
     */
    readonly form: number;
  }

  const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  /**
   * The rule as the profiler applies it, counted cell by cell without a cap and cut to it at the
   * end: a number's first text is its label, put in the table at once (count 0 when new) and given
   * its count at the end; a cell of a number seen before counts under that label; other cells count
   * under their text (booleans under true/false). Over the cap, the labels with the `cap` smallest
   * category hashes stay (ties too), the rest go to `other`.
   */
  function cellByCell(pieces: readonly Piece[], cap: number) {
    const counts = new Map<string, number>();
    const numbers = new Map<number, { label: string; count: number }>();
    const classes = { number: 0, boolean: 0, datetime: 0, string: 0 };
    let other = 0;
    let lengthSum = 0;
    const addCategory = (text: string): void => {
      lengthSum += text.length;
      counts.set(text, (counts.get(text) ?? 0) + 1);
    };
    for (const { texts, form } of pieces) {
      for (const text of texts) {
        if (text === null) continue;
        if (form === 3) {
          classes.string++;
          addCategory(text);
          continue;
        }
        const number = parseNumberText(text);
        const flag = parseBooleanText(text);
        if (number !== undefined && Number.isFinite(number)) {
          classes.number++;
          lengthSum += text.length;
          const seen = numbers.get(number);
          if (seen !== undefined) seen.count++;
          else {
            counts.set(text, counts.get(text) ?? 0);
            numbers.set(number, { label: text, count: 1 });
          }
        } else if (number !== undefined) {
          classes.number++;
          addCategory(text);
        } else if (flag !== undefined) {
          classes.boolean++;
          addCategory(String(flag));
        } else {
          classes[parseDatetimeText(text) !== undefined ? 'datetime' : 'string']++;
          addCategory(text);
        }
      }
    }
    for (const { label, count } of numbers.values()) counts.set(label, (counts.get(label) ?? 0) + count);
    let hashLimit = Number.POSITIVE_INFINITY;
    if (counts.size > cap) {
      hashLimit = Float64Array.from(counts.keys(), categoryHash).sort()[cap - 1];
      for (const [label, count] of counts) {
        if (categoryHash(label) <= hashLimit) continue;
        counts.delete(label);
        other += count;
      }
    }
    // Order is first appearance while nothing is cut; a cut table's order is not part of the rule.
    const kept = hashLimit === Number.POSITIVE_INFINITY ? [...counts] : new Map(counts);
    return { categories: { counts: kept, other, lengthSum, rule: 'smallest-hash', hashLimit }, classes };
  }

  function batchOf({ texts, form }: Piece, firstRow: number): RecordBatch {
    const batch = (column: ColumnValues): RecordBatch => ({
      source: 'data.csv',
      firstRow,
      rowCount: texts.length,
      columns: new Map([['x', column]]),
    });
    if (form === 3) return batch({ type: 'string', values: texts });
    const present = texts.filter((t) => t !== null);
    const parsed =
      present.length > 0 && present.every((t) => PLAIN_NUMBER.test(t) && Number.isFinite(Number(t)));
    if (parsed && form <= 1) {
      // The cells' bytes side by side in one buffer, as in the scanner's input chunks.
      const encoded = texts.map((t) => new TextEncoder().encode(`${t ?? ''},`));
      const bytes = new Uint8Array(encoded.reduce((sum, e) => sum + e.length, 0));
      const starts: number[] = [];
      let at = 0;
      for (const e of encoded) {
        starts.push(at);
        bytes.set(e, at);
        at += e.length;
      }
      return batch({
        type: 'parsed-numbers',
        values: Float64Array.from(texts, (t) => (t === null ? 0 : Number(t))),
        nulls: texts.includes(null) ? Uint8Array.from(texts, (t) => (t === null ? 1 : 0)) : null,
        text: (i) => texts[i] ?? '',
        textBytes:
          form === 0
            ? (i, sink) => sink.takeUtf8(bytes, starts[i], starts[i] + encoded[i].length - 1)
            : undefined,
        textLengthSum: present.reduce((sum, t) => sum + t.length, 0),
      });
    }
    const plain = present.every(
      (t) =>
        parseNumberText(t) === undefined &&
        parseBooleanText(t) === undefined &&
        parseDatetimeText(t) === undefined,
    );
    if (plain && form === 0) {
      const dictionary = [...new Set(present)];
      const codes = Int32Array.from(texts, (t) => (t === null ? -1 : dictionary.indexOf(t)));
      return batch({ type: 'dictionary', codes, dictionary, nulls: null, untyped: true });
    }
    return batch({ type: 'cells', values: texts });
  }

  const cell = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => String(n / 4)) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom('', '.0', '.50', 'e0', 'E1', '.'))
        .map(([n, tail]) => `${n}${tail}`),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('-0', '0', '+0', '0.0', '.5', '1e3', '1000', '-1.5', '1e999', ' 7'),
    },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }).map((n) => `w${n}`) },
    { weight: 1, arbitrary: fc.constantFrom('red', 'é', 'NaN', 'inf', 'TRUE', 'false', '2024-01-02') },
    { weight: 2, arbitrary: fc.constant(null) },
  );

  function profileOf(pieces: readonly Piece[], cap: number, maxValues: number, compareOnly: boolean) {
    const profiler = new Profiler({
      maxCategories: cap,
      sampling: { maxValues, maxDistinct: 4 },
      compareOnly,
    });
    profiler.declare('x', 'untyped');
    let firstRow = 1;
    for (const piece of pieces) {
      profiler.add(batchOf(piece, firstRow));
      firstRow += piece.texts.length;
    }
    const needsFullRead = profiler.needsFullRead();
    return { column: profiler.finish().columns[0], needsFullRead };
  }

  /** Batches of up to `cells` cells each, in batch forms 0..`lastForm` (see `batchOf`). */
  const piecesOf = (cells: number, lastForm: number, batches: number) =>
    fc.array(
      fc.record({
        texts: fc.array(cell, { minLength: 1, maxLength: cells }),
        form: fc.integer({ min: 0, max: lastForm }),
      }),
      { minLength: 1, maxLength: batches },
    );

  it('gives the categories of counting cell by cell, in order of first appearance, caps shared, in every batch form', () => {
    fc.assert(
      fc.property(
        piecesOf(60, 2, 10),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 5, max: 400 }),
        fc.boolean(),
        (pieces, cap, maxValues, compareOnly) => {
          const { column, needsFullRead } = profileOf(pieces, cap, maxValues, compareOnly);
          const expected = cellByCell(pieces, cap);
          expect(column.classes).toEqual(expected.classes);
          const dropped = compareOnly && inferKind(column) === 'numeric';
          // A compare-only column with numbers that is not read as numbers: its table lacks them,
          // and the profiler says so (the reader then reads the table again in full).
          const incomplete = compareOnly && !dropped && column.classes.number > 0;
          expect(needsFullRead).toBe(incomplete);
          if (incomplete) return;
          expect(comparable(column.categories)).toEqual(
            dropped ? { ...emptyCategoryCounts(), counts: [] } : expected.categories,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the cell-by-cell result when typed string cells that read like numbers share the column', () => {
    fc.assert(
      fc.property(piecesOf(40, 3, 8), fc.integer({ min: 1, max: 50 }), (pieces, cap) => {
        const { column } = profileOf(pieces, cap, 400, false);
        const expected = cellByCell(pieces, cap).categories;
        expect(comparable(column.categories)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
