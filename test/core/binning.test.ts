import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countOutside,
  histogramWithOutliers,
  numpyHistogram,
  numpyLinspace,
  quantileEdges,
  sturgesEdges,
} from '../../lambdas/core/binning.ts';
import { countsGolden, f64 } from '../golden/counts-golden.ts';

// Expected values: numpy 1.24 in test/golden/counts.json (test/golden/gen_counts.py). Edges and
// counts are compared exactly (edges bit for bit): binning decisions cannot be "close".
const sortedCopy = (values: number[]): Float64Array => f64(values).sort();
const asArray = (values: Float64Array): number[] => Array.from(values);

describe('quantileEdges', () => {
  it.each(countsGolden.quantileEdges.map((c) => [c.name, c] as const))(
    'equals np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1))) bit for bit on %s',
    (_name, c) => {
      expect(asArray(quantileEdges(sortedCopy(c.reference), c.bins))).toEqual(c.edges);
    },
  );

  it('gives a constant reference the closed bin [v, v]', () => {
    expect(asArray(quantileEdges(f64([2.5, 2.5, 2.5]), 10))).toEqual([2.5, 2.5]);
  });

  it('returns strictly increasing edges (ties collapse bins) from the first to the last value', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 200 });
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 30 }), (values, bins) => {
        const sorted = f64(values).sort();
        const edges = quantileEdges(sorted, bins);
        if (edges[0] !== sorted[0] || edges[edges.length - 1] !== sorted[sorted.length - 1]) return false;
        if (sorted[0] === sorted[sorted.length - 1]) return edges.length === 2;
        for (let i = 1; i < edges.length; i++) if (!(edges[i] > edges[i - 1])) return false;
        return edges.length <= bins + 1;
      }),
    );
  });
});

describe('histogramWithOutliers', () => {
  it.each(countsGolden.quantileEdges.map((c) => [c.name, c] as const))(
    'counts underflow, numpy bins and overflow as numpy does on %s (values on edges included)',
    (_name, c) => {
      const edges = f64(c.edges);
      expect(asArray(histogramWithOutliers(sortedCopy(c.reference), edges))).toEqual(c.referenceCounts);
      expect(asArray(histogramWithOutliers(sortedCopy(c.current), edges))).toEqual(c.currentCounts);
    },
  );

  it('counts every value exactly once', () => {
    const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 });
    fc.assert(
      fc.property(sample, sample, (reference, current) => {
        fc.pre(reference.length > 0);
        const edges = quantileEdges(f64(reference).sort(), 7);
        const counts = histogramWithOutliers(f64(current).sort(), edges);
        return counts.length === edges.length + 1 && counts.reduce((s, v) => s + v, 0) === current.length;
      }),
    );
  });

  it('puts values equal to the last edge in the last inner bin, not in overflow', () => {
    expect(asArray(histogramWithOutliers(f64([0, 1, 2, 2, 3]), f64([1, 2])))).toEqual([1, 3, 1]);
  });

  it('rejects fewer than two edges', () => {
    expect(() => histogramWithOutliers(f64([1]), f64([1]))).toThrow(RangeError);
  });

  it('rejects decreasing edges', () => {
    expect(() => histogramWithOutliers(f64([1]), f64([2, 1]))).toThrow(RangeError);
  });
});

describe('sturgesEdges and numpyHistogram (Evidently binning)', () => {
  it.each(countsGolden.sturges.map((c) => [c.name, c] as const))(
    'reproduce np.histogram_bin_edges(..., "sturges") and np.histogram bit for bit on %s',
    (_name, c) => {
      const edges = sturgesEdges(f64(c.reference), f64(c.current));
      expect(asArray(edges)).toEqual(c.edges);
      expect(asArray(numpyHistogram(sortedCopy(c.reference), edges))).toEqual(c.referenceCounts);
      expect(asArray(numpyHistogram(sortedCopy(c.current), edges))).toEqual(c.currentCounts);
      if (c.pooledCountsUniformPath !== null) {
        // numpy's arithmetic-index path (bins='sturges') gives the same counts as the edges path
        const pooled = sortedCopy([...c.reference, ...c.current]);
        expect(asArray(numpyHistogram(pooled, edges))).toEqual(c.pooledCountsUniformPath);
      }
    },
  );

  it.each(countsGolden.uniformHistogram.map((c) => [c.name, c] as const))(
    'matches np.histogram(x, bins=n) (arithmetic indices, then corrected) on %s',
    (_name, c) => {
      const edges = numpyLinspace(c.first, c.last, c.bins + 1);
      expect(asArray(edges)).toEqual(c.edges);
      expect(asArray(numpyHistogram(f64(c.values), edges))).toEqual(c.counts);
    },
  );

  it('widens a constant pooled sample to [v - 0.5, v + 0.5] with one bin', () => {
    expect(asArray(sturgesEdges(f64([4, 4]), f64([4])))).toEqual([3.5, 4.5]);
  });

  it('refuses a range that overflows a double instead of returning NaN edges', () => {
    expect(() => sturgesEdges(f64([-1e308]), f64([1e308]))).toThrow(RangeError);
  });
});

describe('countOutside', () => {
  it('counts the values below low or above high, as a pass over them does, ties and bounds included', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 });
    fc.assert(
      fc.property(
        sample,
        fc.integer({ min: -25, max: 25 }),
        fc.integer({ min: 0, max: 10 }),
        (xs, low, width) => {
          const sorted = Float64Array.from(xs, (x) => x / 2).sort();
          const [lo, hi] = [low / 2, (low + width) / 2];
          const byPass = [...sorted].filter((v) => v < lo || v > hi).length;
          expect(countOutside(sorted, lo, hi)).toBe(byPass);
        },
      ),
    );
  });
});
