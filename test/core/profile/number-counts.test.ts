import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberCounts } from '../../../lambdas/core/profile/number-counts.ts';

/** Counts the way NumberCounts is used by the profiler: find, then increment or add. */
function countAll(values: readonly number[]): { counts: NumberCounts; finds: number[] } {
  const counts = new NumberCounts();
  const finds: number[] = [];
  for (const value of values) {
    const entry = counts.find(value);
    finds.push(entry);
    if (entry === -1) counts.add(value, String(value));
    else counts.increment(entry);
  }
  return { counts, finds };
}

describe('NumberCounts', () => {
  it('counts like a Map keyed by number, -0 and 0 as one key, past the size where its presence bitmap starts', () => {
    // Few distinct values (many hits) and many (past 1024 entries, where misses meet the bitmap).
    const value = fc.oneof(
      fc.integer({ min: -20, max: 20 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: 0, max: 5000 }).map((n) => n / 1000),
      fc.constant(-0),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 4000 }), (values) => {
        const expected = new Map<number, { label: string; count: number }>();
        const expectedFinds: number[] = [];
        const order: number[] = [];
        for (const v of values) {
          const key = v === 0 ? 0 : v;
          const seen = expected.get(key);
          expectedFinds.push(seen === undefined ? -1 : order.indexOf(key));
          if (seen === undefined) {
            expected.set(key, { label: String(v), count: 1 });
            order.push(key);
          } else seen.count++;
        }
        const { counts, finds } = countAll(values);
        expect(finds).toEqual(expectedFinds);
        expect(Array.from({ length: counts.size }, (_, i) => [counts.label(i), counts.count(i)])).toEqual(
          order.map((key) => [expected.get(key)!.label, expected.get(key)!.count]),
        );
        expect(counts.size).toBe(order.length);
      }),
      { numRuns: 60 },
    );
  });

  it('finds every key it holds and no other after 20,000 distinct keys', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => i * 0.001 - 7);
    const { counts } = countAll(keys);
    for (const [i, key] of keys.entries()) expect(counts.find(key)).toBe(i);
    let found = 0;
    for (let i = 0; i < 20_000; i++) if (counts.find(i * 0.001 - 7 + 0.0005) !== -1) found++;
    expect(found).toBe(0);
  });

  it('gives labels back as they came, from text or UTF-8 bytes, a leading U+FEFF and non-ASCII included', () => {
    // parseNumberText reads "\uFEFF1" as 1 (Number() takes U+FEFF for white space): its label keeps it.
    const labels = ['\uFEFF1', '1.50', '\u00a02', '٣', '-0', '1e3'];
    const counts = new NumberCounts();
    for (const [i, label] of labels.entries()) {
      counts.addKey(i, i);
      if (i % 2 === 0) counts.takeText(label);
      else {
        const bytes = new TextEncoder().encode(`xx${label}yy`);
        counts.takeUtf8(bytes, 2, bytes.length - 2);
      }
    }
    expect(labels.map((_, i) => counts.label(i))).toEqual(labels);
  });
});
