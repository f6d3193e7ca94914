import { describe, expect, it } from 'vitest';
import { closestName } from '../../lambdas/core/closest-name.ts';
import { requireKnownColumns, UnknownColumnError } from '../../lambdas/core/column-names.ts';

const COLUMNS = ['amount', 'customer_age', 'country', 'device', 'Signup_Time'];

describe('closestName', () => {
  it.each([
    ['amout', 'amount'],
    ['AMOUNT', 'amount'],
    ['signup_time', 'Signup_Time'],
    ['customer-age', 'customer_age'],
    ['devcie', 'device'],
  ])('suggests %s → %s', (typo, meant) => {
    expect(closestName(typo, COLUMNS)).toBe(meant);
  });

  it('suggests nothing when no column is close', () => {
    expect(closestName('request_id', COLUMNS)).toBeNull();
    expect(closestName('x', COLUMNS)).toBeNull();
  });
});

describe('requireKnownColumns', () => {
  it('accepts names that are columns', () => {
    expect(() => requireKnownColumns([{ setting: 'exclude', name: 'device' }], COLUMNS)).not.toThrow();
  });

  it('names every unknown column, its setting and the closest column', () => {
    const named = [
      { setting: 'features', name: 'amout' },
      { setting: '--exclude', name: 'nosuchcol' },
    ];
    expect(() => requireKnownColumns(named, COLUMNS)).toThrow(UnknownColumnError);
    expect(() => requireKnownColumns(named, COLUMNS)).toThrow(
      'features: "amout" is not a column of the table; did you mean "amount"?\n' +
        '--exclude: "nosuchcol" is not a column of the table\n' +
        '(the columns are "amount", "customer_age", "country", "device", "Signup_Time")',
    );
  });
});
