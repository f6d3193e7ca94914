import { describe, expect, it } from 'vitest';
import { cramerVonMises } from '../../lambdas/core/methods/cramer-von-mises.ts';
import { energy } from '../../lambdas/core/methods/energy.ts';
import { ks } from '../../lambdas/core/methods/ks.ts';
import { mannWhitney } from '../../lambdas/core/methods/mann-whitney.ts';
import { ProfileFormatError, profileFromBytes } from '../../lambdas/core/profile/serialize-profile.ts';
import { profileEdited, profileWithNaN, validProfiles } from './hostile-inputs.ts';

const { container, json } = await validProfiles();
const load = (bytes: Uint8Array) => () => profileFromBytes(bytes, 'saved.bin');

describe('a saved profile is checked on load', () => {
  it('rejects a NaN among the kept values, naming the file, column and value', () => {
    expect(load(profileWithNaN(container, 3))).toThrow(ProfileFormatError);
    expect(load(profileWithNaN(container, 3))).toThrow(
      /^saved\.bin column "score" numbers values: value 3 is NaN/,
    );
  });

  it.each([
    [
      'a count of "x"',
      (n: Record<string, unknown>) => (n.count = 'x'),
      /numbers count: expected a number, found "x"/,
    ],
    [
      'a count of -100000',
      (n: Record<string, unknown>) => (n.nan = -100_000),
      /numbers nan: expected a count .* found -100000/,
    ],
    [
      'a count that disagrees with the kept values',
      (n: Record<string, unknown>) => (n.count = 5),
      /numbers values: 600 kept for 5 finite values/,
    ],
    [
      'a distinct table that is not pairs',
      (n: Record<string, unknown>) => (n.distinct = [1, 2]),
      /numbers distinct\[0\]: expected \[value, count\]/,
    ],
    ['min above max', (n: Record<string, unknown>) => (n.min = 1e9), /numbers: min 1000000000 above max/],
  ])('rejects %s, naming the field', (_what, edit, message) => {
    expect(load(profileEdited(container, edit))).toThrow(message);
  });

  it('rejects a version-1 JSON profile with a garbled category table', () => {
    const doc = JSON.parse(json);
    doc.columns[3].categories.counts = [['c0', 'many']];
    expect(load(new TextEncoder().encode(JSON.stringify(doc)))).toThrow(
      /column "name" categories\.counts\[0\] count: expected a number, found "many"/,
    );
  });

  it('still loads the valid profiles the edits start from', () => {
    expect(profileFromBytes(container).rowCount).toBe(600);
    expect(profileFromBytes(new TextEncoder().encode(json)).rowCount).toBe(600);
  });
});

describe('the rank and distribution methods meet a NaN', () => {
  const reference = Float64Array.from([1, 2, Number.NaN, 4]);
  const current = Float64Array.from([1, 3, 5]);
  it.each([
    ['KS', ks],
    ['Cramér–von Mises', cramerVonMises],
    ['energy', energy],
    ['Mann–Whitney', mannWhitney],
  ])('%s fails instead of spinning', (_name, method) => {
    expect(() => method(reference, current)).toThrow(/not finite and ordered/);
  });
});
