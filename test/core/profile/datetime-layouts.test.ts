import { describe, expect, it } from 'vitest';
import { detectTextDatetimes, parseWithLayout } from '../../../lambdas/core/profile/datetime-layouts.ts';

/** A category table: each value counted once. */
const table = (values: readonly string[]) => new Map(values.map((v) => [v, 1]));

describe('parseWithLayout', () => {
  it.each([
    ['YYYY/MM/DD', '2001/01/01 06:55', Date.UTC(2001, 0, 1, 6, 55)],
    ['YYYY/MM/DD', '2024/03/25', Date.UTC(2024, 2, 25)],
    ['YYYY/MM/DD', '2024/3/5 7:08:09', Date.UTC(2024, 2, 5, 7, 8, 9)],
    ['M/D/YYYY', '3/25/2024', Date.UTC(2024, 2, 25)],
    ['D/M/YYYY', '25/3/2024 10:30', Date.UTC(2024, 2, 25, 10, 30)],
    ['D.M.YYYY', '25.03.2024', Date.UTC(2024, 2, 25)],
    ['Mon D YYYY', 'Jun 12 1998', Date.UTC(1998, 5, 12)],
    ['Mon D YYYY', 'June 12, 1998', Date.UTC(1998, 5, 12)],
    ['D Mon YYYY', '12 Jun 1998', Date.UTC(1998, 5, 12)],
    // RFC 2822 §3.3: the zone is an offset from UTC; §4.3: EST is -0500.
    ['RFC 2822', 'Tue, 1 Jul 2003 10:52:37 +0200', Date.UTC(2003, 6, 1, 8, 52, 37)],
    ['RFC 2822', '1 Jul 2003 10:52 EST', Date.UTC(2003, 6, 1, 15, 52)],
    ['RFC 2822', 'Mon, 02 Jan 2006 15:04:05 GMT', Date.UTC(2006, 0, 2, 15, 4, 5)],
  ] as const)('reads %s text such as %s', (layout, text, expected) => {
    expect(parseWithLayout(text, layout)).toBe(expected);
  });

  it.each([
    ['M/D/YYYY', '2/30/2024'],
    ['D.M.YYYY', '12.13.2024'],
    ['YYYY/MM/DD', '2024/13/01'],
    ['YYYY/MM/DD', '2024/01/01 25:00'],
  ] as const)('refuses a %s date that does not exist: %s', (layout, text) => {
    expect(parseWithLayout(text, layout)).toBeUndefined();
  });
});

describe('detectTextDatetimes', () => {
  it('tells a month-first column from a value whose second field is above 12', () => {
    expect(detectTextDatetimes(table(['1/2/2024', '3/25/2024', '12/1/2024']))).toEqual({
      layout: 'M/D/YYYY',
    });
  });

  it('tells a day-first column from a value whose first field is above 12', () => {
    expect(detectTextDatetimes(table(['1/2/2024', '25/3/2024', '12/1/2024']))).toEqual({
      layout: 'D/M/YYYY',
    });
  });

  it('says so when no value tells the order, instead of guessing silently', () => {
    const found = detectTextDatetimes(table(['1/2/2024', '3/4/2024', '12/11/2024']));
    expect(found?.layout).toBe('M/D/YYYY');
    expect(found?.ambiguousOrder).toMatch(/day\/month order cannot be told/);
  });

  it('does not read a column that mixes both orders as dates', () => {
    expect(detectTextDatetimes(table(['13/1/2024', '1/13/2024']))).toBeUndefined();
  });

  it('reads a column whose values are 95% in one layout, and not one below that', () => {
    const dates = Array.from({ length: 19 }, (_, i) => `Jun ${i + 1} 1998`);
    expect(detectTextDatetimes(table([...dates, 'unknown']))).toEqual({ layout: 'Mon D YYYY' });
    expect(detectTextDatetimes(table([...dates.slice(0, 9), 'unknown', 'n/a']))).toBeUndefined();
  });

  it('leaves words, numbers and codes alone', () => {
    expect(detectTextDatetimes(table(['mobile', 'desktop']))).toBeUndefined();
    expect(detectTextDatetimes(table(['1.5', '2.25']))).toBeUndefined();
    expect(detectTextDatetimes(table(['A-2024/01', 'B-2024/02']))).toBeUndefined();
  });
});
