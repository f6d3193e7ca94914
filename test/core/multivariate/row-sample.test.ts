import { describe, expect, it } from 'vitest';
import type { ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { mergeRowSamples, RowSampleFold } from '../../../lambdas/core/multivariate/merge-row-samples.ts';
import {
  labelAt,
  MAX_SAMPLE_CELLS,
  type RowSample,
  RowSampler,
} from '../../../lambdas/core/multivariate/row-sample.ts';
import {
  RowSampleFormatError,
  rowSampleFromBytes,
  rowSampleToBytes,
} from '../../../lambdas/core/multivariate/row-sample-bytes.ts';

/** Rows numbered from `first`: column `n` holds the row number, `text` its name, `flag` its parity. */
function batch(first: number, count: number, extra: Partial<RecordBatch> = {}): RecordBatch {
  const n = Float64Array.from({ length: count }, (_, i) => first + i);
  const columns = new Map<string, ColumnValues>([
    ['n', { type: 'number', values: n, nulls: null }],
    ['text', { type: 'string', values: [...n].map((v) => `row ${v}`) }],
    ['flag', { type: 'boolean', values: Uint8Array.from(n, (v) => v % 2), nulls: null }],
  ]);
  return { source: 't', firstRow: first + 1, rowCount: count, columns, ...extra };
}

function sampleOf(batches: readonly RecordBatch[], maxRows: number, seed = 1): RowSample {
  const sampler = new RowSampler({ maxRows, seed }, ['n', 'text', 'flag']);
  for (const b of batches) sampler.add(b);
  return sampler.finish();
}

/** Every kept row's cells agree with each other: the columns of one slot come from one row. */
function rowsHoldTogether(sample: RowSample): boolean {
  const [n, text, flag] = sample.columns;
  for (let s = 0; s < sample.size; s++) {
    const row = n.numbers[s];
    if (labelAt(text, s) !== `row ${row}` || labelAt(flag, s) !== (row % 2 ? 'true' : 'false')) return false;
  }
  return true;
}

describe('RowSampler', () => {
  it('keeps every row of a table smaller than its bound, in order', () => {
    const sample = sampleOf([batch(0, 30), batch(30, 20)], 100);
    expect(sample).toMatchObject({ rowCount: 50, size: 50 });
    expect([...sample.columns[0].numbers]).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps a seeded uniform sample of whole rows past its bound', () => {
    const batches = Array.from({ length: 20 }, (_, b) => batch(b * 1000, 1000));
    const sample = sampleOf(batches, 2000);
    expect(sample).toMatchObject({ rowCount: 20_000, size: 2000 });
    expect(rowsHoldTogether(sample)).toBe(true);
    expect(new Set(sample.columns[0].numbers).size).toBe(2000);
    // Uniform: each tenth of the table holds about a tenth of the sample (binomial sd ≈ 13).
    const tenths = new Array(10).fill(0);
    for (const row of sample.columns[0].numbers) tenths[Math.floor(row / 2000)]++;
    for (const count of tenths) expect(Math.abs(count - 200)).toBeLessThan(70);
    expect(sampleOf(batches, 2000).columns[0].numbers).toEqual(sample.columns[0].numbers);
    expect(sampleOf(batches, 2000, 2).columns[0].numbers).not.toEqual(sample.columns[0].numbers);
  });

  it('puts the column pieces of a split run into the same slots', () => {
    const whole = batch(5000, 3000);
    const piece = (names: string[], continues: boolean): RecordBatch => ({
      ...whole,
      columns: new Map([...whole.columns].filter(([name]) => names.includes(name))),
      ...(continues ? { continues: true } : {}),
    });
    const split = sampleOf([batch(0, 5000), piece(['n'], true), piece(['text', 'flag'], false)], 1000);
    expect(split).toMatchObject({ rowCount: 8000, size: 1000 });
    expect(rowsHoldTogether(split)).toBe(true);
    expect(split.columns[0].numbers).toEqual(sampleOf([batch(0, 5000), whole], 1000).columns[0].numbers);
  });

  it('reads a column absent from some rows, or unreadable in them, as missing there', () => {
    const missingText: RecordBatch = {
      ...batch(3, 3),
      columns: new Map([...batch(3, 3).columns].filter(([name]) => name !== 'text')),
      columnErrors: new Map([['flag', 't: page 1: corrupt']]),
    };
    const sample = sampleOf([batch(0, 3), missingText], 10);
    expect([0, 1, 2, 3, 4, 5].map((s) => labelAt(sample.columns[1], s))).toEqual([
      'row 0',
      'row 1',
      'row 2',
      null,
      null,
      null,
    ]);
    expect(labelAt(sample.columns[2], 4)).toBeNull();
    expect(sample.columns[0].numbers[4]).toBe(4);
  });

  it('reads untyped cells as the profiler does: numbers, booleans, else text', () => {
    const sampler = new RowSampler({ maxRows: 10, seed: 1, decimalComma: true }, ['c']);
    sampler.add({
      source: 't',
      firstRow: 1,
      rowCount: 5,
      columns: new Map([['c', { type: 'cells', values: ['3,5', 'True', 'Paris', null, 7] }]]),
    });
    const [column] = sampler.finish().columns;
    expect([...column.numbers.slice(0, 1), column.numbers[4]]).toEqual([3.5, 7]);
    expect([1, 2, 3].map((s) => labelAt(column, s))).toEqual(['true', 'Paris', null]);
  });

  it('holds no more cells than its budget, whatever the width, and names the columns it left out', () => {
    const names = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const sampler = new RowSampler({ maxRows: 1_000_000, seed: 1 }, names);
    const values = new Float64Array(100);
    const wide: RecordBatch = {
      source: 't',
      firstRow: 1,
      rowCount: 100,
      columns: new Map([...names, 'late'].map((name) => [name, { type: 'number', values, nulls: null }])),
    };
    sampler.add(wide);
    const sample = sampler.finish();
    expect(sample.columns.length * Math.floor(MAX_SAMPLE_CELLS / 500)).toBeLessThanOrEqual(MAX_SAMPLE_CELLS);
    expect(sample.leftOut).toEqual(['late']);
  });
});

describe('row sample bytes', () => {
  const sample = sampleOf([batch(0, 50)], 20);

  it('round-trips a sample', () => {
    const back = rowSampleFromBytes(rowSampleToBytes(sample), 'cache');
    expect(back.columns.map((c) => [...c.numbers])).toEqual(sample.columns.map((c) => [...c.numbers]));
    expect(back.columns.map((c) => c.labels)).toEqual(sample.columns.map((c) => c.labels));
    expect(back).toMatchObject({ rowCount: 50, size: 20 });
  });

  it('refuses truncated, padded or foreign bytes', () => {
    const bytes = rowSampleToBytes(sample);
    for (const bad of [bytes.subarray(0, bytes.length - 8), Uint8Array.of(...bytes, 0), new Uint8Array(64)])
      expect(() => rowSampleFromBytes(bad, 's3://b/k')).toThrow(RowSampleFormatError);
  });

  it('refuses a header that claims more cells than a sample holds, before allocating them', () => {
    const header = JSON.stringify({
      version: 1,
      rowCount: 1e9,
      size: 1e9,
      names: ['a'],
      labels: [null],
      leftOut: [],
    });
    const json = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + json.length);
    bytes.set(new TextEncoder().encode('DWRS'));
    new DataView(bytes.buffer).setUint32(4, json.length, true);
    bytes.set(json, 8);
    expect(() => rowSampleFromBytes(bytes, 'k')).toThrow(/more cells than a sample holds/);
  });
});

describe('mergeRowSamples', () => {
  it('draws from each table in proportion to its rows, keeping rows whole', () => {
    const big = sampleOf(
      Array.from({ length: 9 }, (_, b) => batch(b * 1000, 1000)),
      1000,
      1,
    );
    const small = sampleOf([batch(100_000, 1000)], 1000, 2);
    const merged = mergeRowSamples([big, small], 1000, 3);
    expect(merged).toMatchObject({ rowCount: 10_000, size: 1000 });
    expect(rowsHoldTogether(merged)).toBe(true);
    const fromSmall = [...merged.columns[0].numbers].filter((n) => n >= 100_000).length;
    // A tenth of the rows: hypergeometric sd ≈ 9.
    expect(Math.abs(fromSmall - 100)).toBeLessThan(40);
    expect(mergeRowSamples([big, small], 1000, 3).columns[0].numbers).toEqual(merged.columns[0].numbers);
  });
});

describe('RowSampleFold', () => {
  /** Parts of very different sizes, as a fan-out's may be: rows numbered on from part to part. */
  const PART_ROWS = [50, 6000, 400, 2550, 1000];
  function foldedParts(maxRows: number, seed: number): RowSample {
    const fold = new RowSampleFold(maxRows, seed);
    let first = 0;
    for (const [p, rows] of PART_ROWS.entries()) {
      const batches = Array.from({ length: Math.ceil(rows / 500) }, (_, b) =>
        batch(first + 500 * b, Math.min(500, rows - 500 * b)),
      );
      fold.add(sampleOf(batches, maxRows, 10 + p));
      first += rows;
    }
    return fold.result()!;
  }

  it('keeps every row when the parts hold no more than maxRows together', () => {
    const folded = foldedParts(20_000, 1);
    expect(folded).toMatchObject({ rowCount: 10_000, size: 10_000 });
    expect([...folded.columns[0].numbers].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i),
    );
  });

  it('gives each part its share of rows and every row the same chance, whatever the part sizes', () => {
    // 200 folds of 1,000 rows: each of the 10,000 rows is kept with probability 0.1, so a part's
    // count over all folds is binomial-like with sd ≤ √(200·1000·0.1) ≈ 141 for the largest part.
    const kept = new Float64Array(PART_ROWS.length);
    const firstRows = PART_ROWS.map((_, p) => PART_ROWS.slice(0, p).reduce((a, b) => a + b, 0));
    let sum = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const folded = foldedParts(1000, seed);
      expect(folded).toMatchObject({ rowCount: 10_000, size: 1000 });
      expect(rowsHoldTogether(folded)).toBe(true);
      for (const n of folded.columns[0].numbers) {
        let p = PART_ROWS.length - 1;
        while (n < firstRows[p]) p--;
        kept[p]++;
        sum += n;
      }
    }
    for (const [p, rows] of PART_ROWS.entries()) {
      const expected = 200 * 1000 * (rows / 10_000);
      expect(Math.abs(kept[p] - expected), `part ${p}`).toBeLessThan(5 * Math.sqrt(expected) + 5);
    }
    // The mean kept row number is the table's, 4,999.5 (sd of the mean over 200,000 draws ≈ 6.5).
    expect(Math.abs(sum / 200_000 - 4999.5)).toBeLessThan(40);
  });

  it('is deterministic for a seed', () => {
    expect(foldedParts(1000, 7).columns[0].numbers).toEqual(foldedParts(1000, 7).columns[0].numbers);
  });
});
