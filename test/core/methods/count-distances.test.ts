import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_IDS, type MethodId, methodSpec } from '../../../lambdas/core/method-registry.ts';
import type { CountsMethod } from '../../../lambdas/core/methods/types.ts';
import {
  type CountsCase,
  countsGolden,
  countsPair,
  expectRelativeClose,
  expectScipyOrExact,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded
// there). Tolerance: 1e-9 relative; where scipy's own sum cancels, the exact value (60 digits, recorded
// beside it) may be met instead (expectScipyOrExact). What is particular to one method stays in its file.

interface CountDistance {
  readonly id: MethodId;
  /** Where the golden value comes from. */
  readonly reference: string;
  readonly golden: (c: CountsCase) => number;
  /** The exact value where scipy's form cancels, if the golden file records one. */
  readonly exact?: (c: CountsCase) => number;
  /** The largest value the distance takes on proportions. */
  readonly max: number;
  /** Swapping the sides gives the same value, up to this many ulp-sized differences (absolute). */
  readonly symmetricWithin?: number;
}

const COUNT_DISTANCES: readonly CountDistance[] = [
  {
    id: 'psi',
    reference: "Evidently's formula on zero-filled proportions",
    golden: (c) => c.psi,
    max: Number.POSITIVE_INFINITY,
  },
  {
    id: 'kl',
    reference: 'scipy.stats.entropy on zero-filled proportions',
    golden: (c) => c.kl,
    exact: (c) => c.klExact,
    max: Number.POSITIVE_INFINITY,
  },
  {
    id: 'jensen_shannon',
    reference: 'scipy.spatial.distance.jensenshannon',
    golden: (c) => c.jensenShannon,
    exact: (c) => c.jensenShannonExact,
    max: Math.sqrt(Math.LN2),
    symmetricWithin: 1e-15,
  },
  {
    id: 'hellinger',
    reference: "numpy's norm form",
    golden: (c) => c.hellinger,
    max: 1,
    symmetricWithin: 0,
  },
  {
    id: 'tvd',
    reference: "numpy's half L1 norm",
    golden: (c) => c.tvd,
    max: 1,
    symmetricWithin: 0,
  },
  {
    id: 'l_infinity',
    reference: "numpy's max absolute difference",
    golden: (c) => c.lInfinity,
    max: 1,
    symmetricWithin: 0,
  },
];

function countsRun(id: MethodId): CountsMethod {
  const spec = methodSpec(id);
  if (spec.input !== 'counts') throw new Error(`${id} does not take counts`);
  return spec.run;
}

it('covers every distance over counts in the method registry', () => {
  const registered = METHOD_IDS.filter((id) => {
    const spec = methodSpec(id);
    return spec.input === 'counts' && spec.decision === 'distance';
  });
  expect(COUNT_DISTANCES.map((d) => d.id).sort()).toEqual([...registered].sort());
});

describe.each(COUNT_DISTANCES)('$id, as the registry runs it', (distance) => {
  const run = countsRun(distance.id);

  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    `matches ${distance.reference} on %s`,
    (_name, c) => {
      const { statistic } = run(f64(c.reference), f64(c.current));
      if (distance.exact === undefined)
        expectRelativeClose(statistic, distance.golden(c), STATISTIC_RTOL, c.name);
      else expectScipyOrExact(statistic, distance.golden(c), distance.exact(c), STATISTIC_RTOL, c.name);
    },
  );

  it('has no p-value', () => {
    expect(run(f64([5, 3, 2]), f64([2, 3, 5])).pValue).toBeNull();
  });

  it('is zero for identical proportions', () => {
    expect(run(f64([1, 2, 3]), f64([2, 4, 6])).statistic).toBe(0);
  });

  it(`stays finite, never negative and at most ${distance.max}`, () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const { statistic } = run(reference, current);
        return Number.isFinite(statistic) && statistic >= 0 && statistic <= distance.max;
      }),
    );
  });
});

describe.each(COUNT_DISTANCES.filter((d) => d.symmetricWithin !== undefined))('$id', (distance) => {
  const run = countsRun(distance.id);
  const within = distance.symmetricWithin ?? 0;

  it('gives the same value with the sides swapped', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = run(reference, current).statistic;
        const backward = run(current, reference).statistic;
        return within === 0 ? forward === backward : Math.abs(forward - backward) <= within;
      }),
    );
  });
});
