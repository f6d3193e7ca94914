import { describe, expect, it } from 'vitest';
import type { Cell, ColumnValues, RecordBatch } from '../../../lambdas/core/columns.ts';
import { datetimeSummaryOf } from '../../../lambdas/core/profile/datetime-values.ts';
import { idLikeReason } from '../../../lambdas/core/profile/id-like.ts';
import { inferKind, readColumn } from '../../../lambdas/core/profile/infer-kind.ts';
import { mergeProfiles } from '../../../lambdas/core/profile/merge-profiles.ts';
import type { Profile } from '../../../lambdas/core/profile/profile.ts';
import { Profiler, type ProfilerOptions } from '../../../lambdas/core/profile/profiler.ts';

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

function profileOf(columns: Record<string, ColumnValues>, options: ProfilerOptions = {}): Profile {
  const profiler = new Profiler(options);
  const rowCount = Object.values(columns).map((c) => ('values' in c ? c.values.length : c.codes.length))[0];
  const batch: RecordBatch = {
    source: 'data.csv',
    firstRow: 1,
    rowCount,
    columns: new Map(Object.entries(columns)),
  };
  profiler.add(batch);
  return profiler.finish();
}

const cells = (values: Cell[]): ColumnValues => ({ type: 'cells', values });
const column = (name: string, values: Cell[], options: ProfilerOptions = {}) =>
  profileOf({ [name]: cells(values) }, options).columns[0];

// Zip codes of the US northeast start with 0 (00501 Holtsville NY, 02134 Boston MA).
const ZIPS = range(200, (i) => String([501, 2134, 14925, 90210, 6390][i % 5]).padStart(5, '0'));

describe('readColumn', () => {
  it('reads digit strings with leading zeros as text codes, keeping the zeros', () => {
    const zip = column('zip', ZIPS);
    expect(inferKind(zip)).toBe('categorical');
    expect([...zip.categories.counts.keys()].sort()).toEqual(['00501', '02134', '06390', '14925', '90210']);
  });

  it('has a compare-only profile, which keeps no labels of numbers, read zip codes again in full, and only them', () => {
    const fullReadNeeded = (name: string, values: Cell[], options: ProfilerOptions = {}) => {
      const profiler = new Profiler({ ...options, compareOnly: true });
      const batch = {
        source: 'z.csv',
        firstRow: 1,
        rowCount: values.length,
        columns: new Map([[name, cells(values)]]),
      };
      profiler.add(batch);
      return profiler.needsFullRead();
    };
    expect(fullReadNeeded('zip', ZIPS)).toBe(true);
    expect(
      fullReadNeeded(
        'n',
        range(200, (i) => String(i % 7)),
      ),
    ).toBe(false);
    // Epoch times, inferred or by the timestamp role, are read from the numbers: no table needed.
    const epoch = range(200, (i) => String(1_700_000_000_000 + i * 1000));
    expect(fullReadNeeded('event_ts', epoch)).toBe(false);
    expect(fullReadNeeded('when', epoch, { kindOverrides: new Map([['when', 'datetime']]) })).toBe(false);
  });

  it('still reads whole numbers without leading zeros (and a lone 0) as numbers', () => {
    expect(
      inferKind(
        column(
          'n',
          range(200, (i) => String(i % 7)),
        ),
      ),
    ).toBe('numeric');
  });

  it('reads epoch milliseconds as date-times when the column name says time, and not otherwise', () => {
    const ms = range(100, (i) => 1_700_000_000_000 + (i % 10) * 60_000);
    const ts = profileOf({ event_ts: cells(ms.map(String)), amount: cells(ms.map(String)) });
    expect(readColumn(ts.columns[0])).toEqual({ kind: 'datetime', datetimes: { from: 'epoch', unit: 'ms' } });
    expect(readColumn(ts.columns[1]).kind).toBe('numeric');
  });

  it('reads epoch seconds named like createdAt as date-times in milliseconds', () => {
    const createdAt = column(
      'createdAt',
      range(100, (i) => 1_700_000_000 + (i % 10)),
    );
    expect(readColumn(createdAt).datetimes).toEqual({ from: 'epoch', unit: 's' });
    expect(datetimeSummaryOf(createdAt).min).toBe(1_700_000_000_000);
  });

  it('reads text in a non-ISO layout as date-times, with values from the category table', () => {
    const dates = column(
      'd',
      range(100, (i) => `2001/01/${String(1 + (i % 28)).padStart(2, '0')} 06:55`),
    );
    expect(readColumn(dates)).toEqual({
      kind: 'datetime',
      datetimes: { from: 'text', layout: 'YYYY/MM/DD' },
    });
    const summary = datetimeSummaryOf(dates);
    expect([summary.count, summary.min]).toEqual([100, Date.UTC(2001, 0, 1, 6, 55)]);
  });

  it('reads many distinct strings (titles) as text, few as categories', () => {
    const titles = range(200, (i) => `The story of number ${i}`);
    expect(inferKind(column('title', titles))).toBe('text');
    expect(
      inferKind(
        column(
          'genre',
          range(200, (i) => ['drama', 'comedy', 'horror'][i % 3]),
        ),
      ),
    ).toBe('categorical');
    // Fewer than 50 distinct values stay categories, however few rows there are.
    expect(
      inferKind(
        column(
          'city',
          range(40, (i) => `city ${i}`),
        ),
      ),
    ).toBe('categorical');
  });

  it('gives a configured kind the last word', () => {
    const zip = column('zip', ZIPS, { kindOverrides: new Map([['zip', 'numeric']]) });
    expect(inferKind(zip)).toBe('numeric');
  });

  it('infers the same from fan-out parts merged as from one pass over the rows', () => {
    const rows = {
      zip: ZIPS,
      event_ts: range(200, (i) => String(1_700_000_000_000 + i * 1000)),
      day: range(200, (i) => `${1 + (i % 12)}/${13 + (i % 15)}/2024`),
      title: range(200, (i) => `Title ${i}`),
      row_id: range(200, (i) => String(i + 1)),
    };
    const part = (from: number, to: number) =>
      profileOf(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, cells(v.slice(from, to))])));
    const whole = part(0, 200);
    const merged = mergeProfiles(part(0, 70), part(70, 200));
    const readings = (p: Profile) =>
      p.columns.map((c) => [c.name, readColumn(c), idLikeReason(c, readColumn(c).kind)]);
    expect(readings(merged)).toEqual(readings(whole));
    expect(readings(whole).map(([, r]) => (r as { kind: string }).kind)).toEqual([
      'categorical',
      'datetime',
      'datetime',
      'text',
      'numeric',
    ]);
  });
});

describe('idLikeReason', () => {
  const reason = (name: string, values: Cell[]) => {
    const c = column(name, values);
    return idLikeReason(c, inferKind(c));
  };

  it('finds a monotonic integer sequence, and a shuffled one', () => {
    expect(
      reason(
        'id',
        range(100, (i) => String(1000 + i)),
      ),
    ).toMatch(/^looks like an id .*set its kind to test it$/);
    expect(
      reason(
        'id',
        range(100, (i) => String((i * 37) % 100)),
      ),
    ).toMatch(/looks like an id/);
  });

  it('finds UUIDs and hexadecimal hashes by their shape', () => {
    const uuid = (i: number) =>
      `${i.toString(16).padStart(8, '0')}-1234-4abc-8def-${(i * 7919).toString(16).padStart(12, '0')}`;
    expect(reason('user', range(20, uuid))).toMatch(/UUIDs/);
    expect(
      reason(
        'sha',
        range(20, (i) => (i * 2654435761).toString(16).padStart(40, 'a')),
      ),
    ).toMatch(/hashes/);
  });

  it('finds distinct codes without spaces, and not names or titles with spaces', () => {
    expect(
      reason(
        'order',
        range(100, (i) => `ORD-${i}`),
      ),
    ).toMatch(/every value distinct/);
    expect(
      reason(
        'title',
        range(100, (i) => `Title ${i}`),
      ),
    ).toBeNull();
  });

  it('leaves alone whole numbers that repeat, fractions, sparse numbers in a small sample, and small samples', () => {
    expect(
      reason(
        'n',
        range(100, (i) => String(i % 50)),
      ),
    ).toBeNull();
    expect(
      reason(
        'x',
        range(100, (i) => String(i + 0.5)),
      ),
    ).toBeNull();
    expect(
      reason(
        'income',
        range(100, (i) => String(i * 997)),
      ),
    ).toBeNull();
    expect(
      reason(
        'id',
        range(20, (i) => String(i)),
      ),
    ).toBeNull();
  });

  it('tells a run of more whole numbers than the distinct table holds from one with a single repeat', () => {
    expect(
      reason(
        'id',
        range(5000, (i) => String((i * 7919) % 5000)),
      ),
    ).toMatch(/filling 0–4999/);
    expect(
      reason(
        'id',
        range(5000, (i) => String(i === 4321 ? 17 : i)),
      ),
    ).toBeNull();
  });

  it('finds sparse distinct whole numbers once the sample is large (1000 or more)', () => {
    expect(
      reason(
        'user',
        range(1500, (i) => String(i * 997)),
      ),
    ).toMatch(/none repeated/);
  });
});
