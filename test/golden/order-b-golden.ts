import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Reader for test/golden/order_b.json, written by test/golden/gen_order_b.py (scipy and numpy versions are
 * recorded in the file). Non-finite scipy results are the strings "nan" / "inf" / "-inf"; scipy exceptions
 * are `{ error }`; `conventions` holds our documented result where scipy has none.
 */
export type GoldenNumber = number | 'nan' | 'inf' | '-inf';

export interface GoldenTest {
  statistic?: GoldenNumber;
  pvalue?: GoldenNumber;
  error?: string;
}

export interface ConventionResult {
  statistic: number;
  pvalue: number;
  why: string;
}

export interface OrderBCase {
  name: string;
  reference: number[];
  current: number[];
  mannwhitneyu: GoldenTest;
  mwu_method: 'exact' | 'asymptotic';
  epps_singleton: GoldenTest;
  energy_distance: GoldenNumber;
  ttest_welch: GoldenTest;
  ttest_student: GoldenTest;
  wasserstein_distance: GoldenNumber;
  wasserstein_normed: GoldenNumber;
  conventions: Partial<Record<'ttest_welch' | 'ttest_student' | 'epps_singleton', ConventionResult>>;
}

export interface OrderBGolden {
  generator: string;
  scipy: string;
  numpy: string;
  cases: OrderBCase[];
  mwu_large_exact: { name: string; reference: number[]; current: number[]; u1: number; pvalue: number }[];
  mwu_over_cap: { reference: number[]; current_range: number; u1: number; pvalue: number };
  normal: { x: number; sf: number; cdf: number }[];
  student_t: { df: number; t: number; sf: number; cdf: number }[];
}

export const orderB: OrderBGolden = JSON.parse(
  readFileSync(new URL('./order_b.json', import.meta.url), 'utf8'),
) as OrderBGolden;

export function sorted(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** The golden number as a finite double, or null when scipy had none. */
export function finite(value: GoldenNumber | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** Statistics: 1e-9 relative (absolute 1e-12 at 0, where relative error is meaningless). */
export function expectStatistic(actual: number, expected: number, label: string): void {
  const error = Math.abs(actual - expected);
  expect(error, `${label}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-9 * Math.abs(expected), 1e-12),
  );
}

/** p-values: 1e-9 absolute or relative, whichever is looser. */
export function expectPValue(actual: number | null, expected: number, label: string): void {
  expect(actual, label).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  expect(error, `${label}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-9, 1e-9 * Math.abs(expected)),
  );
}
