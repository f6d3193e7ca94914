import { describe, expect, it } from 'vitest';
import { rowTimes } from '../../../lambdas/core/profile/row-times.ts';

const T = Date.UTC(2026, 2, 1, 12);

describe('rowTimes', () => {
  it('reads typed timestamps as they are and epoch numbers in their unit, nulls as no time', () => {
    const values = Float64Array.of(T, T + 1000, 0);
    const nulls = Uint8Array.of(0, 0, 1);
    const typed = rowTimes({ type: 'number', values, nulls }, 3, {
      sourceType: 'timestamp',
      source: { from: 'cells' },
    });
    expect(Array.from(typed)).toEqual([T, T + 1000, Number.NaN]);
    const seconds = rowTimes({ type: 'number', values: Float64Array.of(T / 1000), nulls: null }, 1, {
      sourceType: 'double',
      source: { from: 'epoch', unit: 's' },
    });
    expect(Array.from(seconds)).toEqual([T]);
    // A double column not read as epoch times holds no time.
    const plain = rowTimes({ type: 'number', values: Float64Array.of(5), nulls: null }, 1, {
      sourceType: 'double',
      source: { from: 'cells' },
    });
    expect(Number.isNaN(plain[0])).toBe(true);
  });

  it('parses text cells, dictionary codes and untyped cells as the profile does', () => {
    const iso = new Date(T).toISOString();
    const reading = { sourceType: 'untyped' as const, source: { from: 'cells' as const } };
    expect(Array.from(rowTimes({ type: 'string', values: [iso, null, 'soon'] }, 3, reading))).toEqual([
      T,
      Number.NaN,
      Number.NaN,
    ]);
    const dictionary = rowTimes(
      { type: 'dictionary', codes: Int32Array.of(1, 0, -1), dictionary: ['2026-03-02', iso], nulls: null },
      3,
      reading,
    );
    expect(Array.from(dictionary)).toEqual([T, Date.UTC(2026, 2, 2), Number.NaN]);
    const cells = rowTimes({ type: 'cells', values: [iso, T / 1000, true, null] }, 4, {
      sourceType: 'untyped',
      source: { from: 'epoch', unit: 's' },
    });
    expect(Array.from(cells)).toEqual([T, T, Number.NaN, Number.NaN]);
  });
});
