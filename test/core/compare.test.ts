import { describe, expect, it } from 'vitest';
import type { Cell, ColumnValues, RecordBatch } from '../../lambdas/core/columns.ts';
import { compare, sortedMethodPlan } from '../../lambdas/core/compare.ts';
import { methodSpec } from '../../lambdas/core/method-registry.ts';
import { cramerVonMises, cramerVonMisesMidranks } from '../../lambdas/core/methods/cramer-von-mises.ts';
import { makePolicy } from '../../lambdas/core/policy.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { SeededRandom } from '../../lambdas/core/random.ts';

function profile(columns: Record<string, ColumnValues>, rows: number, source = 'table.csv'): Profile {
  const profiler = new Profiler();
  const batch: RecordBatch = {
    source,
    firstRow: 1,
    rowCount: rows,
    columns: new Map(Object.entries(columns)),
  };
  profiler.add(batch);
  return profiler.finish();
}

function normals(n: number, seed: number, shift = 0): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: n }, () => {
    const u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()) + shift;
  });
}

const num = (values: Float64Array): ColumnValues => ({ type: 'number', values, nulls: null });
const cat = (values: (string | null)[]): ColumnValues => ({ type: 'string', values });
const cells = (values: Cell[]): ColumnValues => ({ type: 'cells', values });
const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('compare', () => {
  it("follows Evidently's selection rule by sample size and distinct values", () => {
    const small = (seed: number, shift: number) =>
      profile(
        {
          x: num(normals(500, seed, shift)),
          few: num(Float64Array.from(repeat(500, (i) => i % 4))),
          two: cat(repeat(500, (i) => (i % 3 === 0 ? 'a' : 'b'))),
          many: cat(repeat(500, (i) => `c${i % 7}`)),
        },
        500,
      );
    const large = (seed: number) =>
      profile({ x: num(normals(2000, seed)), few: num(Float64Array.from(repeat(2000, (i) => i % 3))) }, 2000);
    const methods = (p: Profile, q: Profile) =>
      Object.fromEntries(compare(p, q, makePolicy()).features.map((f) => [f.name, f.method]));
    expect(methods(small(1, 0), small(2, 0))).toEqual({
      x: 'ks',
      few: 'chi_square',
      two: 'z',
      many: 'chi_square',
    });
    expect(methods(large(1), large(2))).toEqual({ x: 'wasserstein', few: 'jensen_shannon' });
  });

  it("runs Evidently's Cramér–von Mises (scipy's midranks) under compat evidently, the ECDF form otherwise", () => {
    const values = (n: number, k: number) => Float64Array.from(repeat(n, (i) => i % k));
    const baseline = profile({ x: num(values(40, 4)) }, 40);
    const current = profile({ x: num(values(30, 3)) }, 30);
    const statistic = (compat: 'driftwatch' | 'evidently') =>
      compare(baseline, current, makePolicy({ compat, methodByKind: { numeric: 'cramer_von_mises' } }))
        .features[0].statistic as number;
    const sorted = (n: number, k: number) => values(n, k).sort();
    expect(statistic('driftwatch')).toBeCloseTo(cramerVonMises(sorted(40, 4), sorted(30, 3)).statistic, 12);
    expect(statistic('evidently')).toBeCloseTo(
      cramerVonMisesMidranks(sorted(40, 4), sorted(30, 3)).statistic,
      12,
    );
    expect(Math.abs(statistic('driftwatch') - statistic('evidently'))).toBeGreaterThan(0.01);
  });

  it('calls dataset drift when at least half the features drifted, and only then', () => {
    const base = profile({ a: num(normals(800, 1)), b: num(normals(800, 2)) }, 800);
    const oneMoved = profile({ a: num(normals(800, 3, 1)), b: num(normals(800, 4)) }, 800);
    const noneMoved = profile({ a: num(normals(800, 5)), b: num(normals(800, 6)) }, 800);
    const moved = compare(base, oneMoved, makePolicy());
    expect(moved.features.map((f) => f.drifted)).toEqual([true, false]);
    expect(moved.dataset).toMatchObject({
      drifted: true,
      driftedCount: 1,
      featureCount: 2,
      driftedShare: 0.5,
    });
    expect(moved.status).toBe('drift');
    const calm = compare(base, noneMoved, makePolicy());
    expect(calm.dataset.drifted).toBe(false);
    expect(calm.status).toBe('ok');
  });

  it('uses per-feature and per-kind overrides before the default rule', () => {
    const p = profile({ a: num(normals(300, 1)), b: num(normals(300, 2)) }, 300);
    const q = profile({ a: num(normals(300, 3)), b: num(normals(300, 4)) }, 300);
    const report = compare(
      p,
      q,
      makePolicy({
        methodByKind: { numeric: 'psi' },
        features: new Map([['b', { method: 'mann_whitney', threshold: 0.01 }]]),
      }),
    );
    // PSI's default 0.1 is below its sampling noise for 300 against 300 values in 20 bins.
    expect(report.features.map((f) => [f.method, f.thresholdSource])).toEqual([
      ['psi', 'noise_floor'],
      ['mann_whitney', 'configured'],
    ]);
    expect(report.features[0].threshold).toBeGreaterThan(0.1);
    expect(report.features[1].threshold).toBe(0.01);
  });

  it('profiles datetime and text columns but leaves them out of drift unless asked', () => {
    const when = cells(repeat(50, (i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`));
    const p = profile({ when, x: num(normals(50, 1)) }, 50);
    const report = compare(p, p, makePolicy());
    expect(report.features.map((f) => f.name)).toEqual(['x']);
    expect(report.skipped).toEqual([expect.objectContaining({ name: 'when', kind: 'datetime' })]);
    const asked = compare(p, p, makePolicy({ methodByKind: { datetime: 'ks' } }));
    expect(asked.features.map((f) => f.name)).toEqual(['when', 'x']);
  });

  it('reports a feature it cannot test without sinking the others', () => {
    const p = profile({ a: num(normals(100, 1)), b: num(normals(100, 2)) }, 100);
    const q = profile({ a: num(normals(100, 3)), b: cells(repeat(100, () => null)) }, 100);
    const report = compare(p, q, makePolicy());
    const b = report.features.find((f) => f.name === 'b')!;
    expect(b).toMatchObject({ method: null, drifted: false, error: 'current has no finite values' });
    expect(report.features.find((f) => f.name === 'a')!.method).toBe('ks');
    expect(report.quality).toContainEqual(
      expect.objectContaining({ check: 'completeness', feature: 'b', severity: 'error' }),
    );
  });

  it('names missing and extra columns, unseen categories and values outside the baseline range', () => {
    const p = profile(
      {
        // Repeating values: a run of distinct whole numbers would be an id, whose range is not checked.
        a: num(Float64Array.from(repeat(200, (i) => i % 150))),
        c: cat(repeat(200, (i) => (i % 2 ? 'x' : 'y'))),
        gone: num(new Float64Array(200)),
      },
      200,
    );
    const q = profile(
      {
        a: num(Float64Array.from(repeat(200, (i) => (i % 150) + 100))),
        c: cat(repeat(200, (i) => (i % 4 === 0 ? 'new' : 'x'))),
        added: num(new Float64Array(200)),
      },
      200,
    );
    const checks = compare(p, q, makePolicy()).quality.map((v) => [v.check, v.feature]);
    expect(checks).toEqual(
      expect.arrayContaining([
        ['missing_column', 'gone'],
        ['extra_column', 'added'],
        ['categorical_values', 'c'],
        ['range', 'a'],
      ]),
    );
  });

  it('reports a column whose values stopped parsing as its baseline kind', () => {
    // Values repeat on both sides: a run of distinct whole numbers would be an id, many distinct words text.
    const p = profile({ a: cells(repeat(100, (i) => String(i % 50))) }, 100);
    const q = profile(
      { a: cells(repeat(100, (i) => (i < 60 ? `v${i % 10}` : String(i % 50)))) },
      100,
      'cur.csv',
    );
    const report = compare(p, q, makePolicy());
    const messages = report.quality.filter((v) => v.check === 'data_type').map((v) => v.message);
    expect(messages).toEqual([
      '"a" was numeric in the baseline but reads as categorical in current',
      '60 current value(s) of "a" are not numeric, e.g. "v0" at cur.csv row 1',
    ]);
    // The values that still parse are compared under the baseline's kind.
    expect(report.features[0]).toMatchObject({ method: 'ks', nCurrent: 40 });
  });

  it('adjusts p-values across features when a correction is configured', () => {
    const p = profile({ a: num(normals(300, 1)), b: num(normals(300, 2)), c: num(normals(300, 7)) }, 300);
    const q = profile(
      { a: num(normals(300, 3, 0.25)), b: num(normals(300, 4)), c: num(normals(300, 8)) },
      300,
    );
    const plain = compare(p, q, makePolicy());
    const bonferroni = compare(p, q, makePolicy({ correction: 'bonferroni' }));
    plain.features.forEach((f, i) => {
      expect(bonferroni.features[i].pValueAdjusted).toBeCloseTo(Math.min(1, f.pValue! * 3), 12);
    });
  });
});

describe('compare with results computed ahead', () => {
  const pair = () => {
    const columns = (seed: number, shift: number) => ({
      x: num(normals(2000, seed, shift)),
      few: num(Float64Array.from(repeat(2000, (i) => i % 3))),
      colour: cat(repeat(2000, (i) => ['red', 'blue'][(i + seed) % 2])),
      skipped: num(normals(2000, seed + 7)),
    });
    return [profile(columns(1, 0), 2000), profile(columns(2, 0.2), 2000)] as const;
  };
  const policy = makePolicy({ exclude: ['skipped'] });

  it('plans exactly the tested features whose method takes sorted samples, with their values', () => {
    const [p, q] = pair();
    const report = compare(p, q, policy);
    const expected = report.features
      .filter((f) => f.method !== null && methodSpec(f.method).input === 'sorted')
      .map((f) => [f.name, { method: f.method, values: 'numbers' }]);
    expect(expected.length).toBeGreaterThan(0);
    expect([...sortedMethodPlan(p, q, policy)]).toEqual(expected);
  });

  it('uses a result computed ahead for its feature and method, and only then', () => {
    const [p, q] = pair();
    const plain = compare(p, q, policy);
    const x = plain.features.find((f) => f.name === 'x');
    expect(x?.method).toBe('wasserstein');
    const ahead = { statistic: 0.5, pValue: null };
    const used = compare(p, q, policy, new Map([['x', { method: 'wasserstein', result: ahead }]]));
    expect(used.features.find((f) => f.name === 'x')).toMatchObject({ statistic: 0.5, drifted: true });
    const otherMethod = compare(p, q, policy, new Map([['x', { method: 'ks', result: ahead }]]));
    expect(otherMethod).toEqual(plain);
  });

  describe('status', () => {
    const table = (rows: number, seed: number, shift = 0) =>
      profile({ x: num(normals(rows, seed, shift)), y: num(normals(rows, seed + 100)) }, rows);

    it('is invalid when the baseline has no rows', () => {
      const report = compare(table(0, 1), table(500, 2), makePolicy());
      expect(report.status).toBe('invalid');
      expect(report.quality).toContainEqual(
        expect.objectContaining({
          check: 'row_count',
          severity: 'error',
          message: expect.stringMatching(/baseline has no rows/),
        }),
      );
    });

    it('turns the minRowShare rule off at 0, leaving the row-count warning', () => {
      const report = compare(table(1000, 1), table(50, 2), makePolicy({ quality: { minRowShare: 0 } }));
      expect(report.quality.filter((q) => q.check === 'row_count').map((q) => q.severity)).toEqual([
        'warning',
      ]);
      expect(report.status).toBe('warn');
    });

    it('leaves info findings at info whatever severity their check is given', () => {
      const p = profile({ c: cat(repeat(1000, (i) => `v${i % 5}`)) }, 1000);
      const q = profile({ c: cat(repeat(1000, (i) => (i === 0 ? 'new' : `v${i % 5}`))) }, 1000);
      const report = compare(p, q, makePolicy({ quality: { severity: { categorical_values: 'error' } } }));
      expect(report.quality).toEqual([
        expect.objectContaining({ check: 'categorical_values', severity: 'info' }),
      ]);
      expect(report.status).toBe('ok');
    });

    it('ranks invalid above drift: drift measured on broken data is not to be trusted', () => {
      const p = table(1000, 1);
      const q = profile({ x: num(normals(1000, 2, 3)) }, 1000);
      const report = compare(p, q, makePolicy());
      expect(report.dataset.drifted).toBe(true);
      expect(report.status).toBe('invalid');
    });
  });
});

describe('compare on sampled columns', () => {
  const sampledProfile = (n: number, seed: number) => {
    const profiler = new Profiler({ sampling: { maxValues: 1000, maxDistinct: 1024 } });
    profiler.add({
      source: 't.csv',
      firstRow: 1,
      rowCount: n,
      columns: new Map([['x', num(normals(n, seed))]]),
    });
    return profiler.finish();
  };

  it.each([
    ['ks', 1000],
    ['psi', 1000],
  ] as const)(
    'reports the n %s compared (the kept sample) and the values it was drawn from',
    (method, kept) => {
      const result = compare(
        sampledProfile(5000, 1),
        sampledProfile(3000, 2),
        makePolicy({ methodByKind: { numeric: method } }),
      );
      const x = result.features[0];
      expect([x.nReference, x.nCurrent, x.exact]).toEqual([kept, kept, false]);
      expect(x.sampledFrom).toEqual({ reference: 5000, current: 3000 });
    },
  );

  it('says nothing of a sample where every value was compared', () => {
    const x = compare(sampledProfile(800, 1), sampledProfile(900, 2), makePolicy()).features[0];
    expect([x.nReference, x.nCurrent, x.sampledFrom]).toEqual([800, 900, undefined]);
  });
});

describe('compare with column roles', () => {
  const pair = () => {
    const p = profile(
      { x: num(normals(300, 1)), score: num(normals(300, 2)), label: cat(repeat(300, (i) => `l${i % 2}`)) },
      300,
    );
    const q = profile(
      {
        x: num(normals(300, 3)),
        score: num(normals(300, 4, 2)),
        label: cat(repeat(300, (i) => `l${i % 2}`)),
      },
      300,
    );
    return { p, q };
  };

  it('refuses a role naming no column of the baseline, naming the setting and the column', () => {
    const { p, q } = pair();
    const policy = makePolicy({ columns: { prediction: ['score'], target: 'lable' } });
    expect(() => compare(p, q, policy)).toThrow(
      /^columns\.target: no column "lable" in the baseline \(table\.csv\)$/,
    );
  });

  it('keeps the prediction out of the dataset share and pages on it only when asked', () => {
    const { p, q } = pair();
    const roles = { prediction: ['score'], target: 'label' };
    const quiet = compare(p, q, makePolicy({ columns: roles }));
    expect(quiet.dataset).toMatchObject({ featureCount: 1, driftedCount: 0, drifted: false });
    expect(quiet.prediction).toEqual({ features: ['score'], drifted: ['score'] });
    expect(quiet.status).toBe('feature_drift');
    expect(quiet.skipped).toEqual([
      expect.objectContaining({ name: 'label', cause: 'role', role: 'target' }),
    ]);
    const paged = compare(p, q, makePolicy({ columns: roles, alertOn: { predictionDrift: true } }));
    expect(paged.status).toBe('drift');
  });

  it('tests a role column whose features entry asks for it', () => {
    const { p, q } = pair();
    const policy = makePolicy({
      columns: { prediction: [], target: 'label' },
      features: new Map([['label', { method: 'chi_square' as const }]]),
    });
    expect(compare(p, q, policy).features.map((f) => f.name)).toEqual(['x', 'score', 'label']);
  });
});
