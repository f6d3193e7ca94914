import type { MethodId } from '../method-registry.ts';
import type { MethodResult } from '../methods/types.ts';

/** Stands in for an infinite log odds ratio (a zero cell), so the chunks' mean and spread stay finite. */
const LARGEST_LOG_ODDS = 50;

/**
 * The number a calibrated threshold is set on: larger means further apart, whichever side moved.
 * Mostly the method's own statistic (distances, KS D, χ², Anderson–Darling, Cramér–von Mises,
 * Epps–Singleton W). Two-sided tests whose statistic is signed or centred elsewhere are folded:
 * |t|, |z|, |U₁ / (n₁n₂) − ½| for Mann–Whitney, |ln odds ratio| for Fisher. P-values are not
 * used: at large sizes they underflow to 0, leaving nothing to spread.
 */
export function calibrationStatistic(
  method: MethodId,
  result: MethodResult,
  counts: { readonly reference: number; readonly current: number },
): number {
  switch (method) {
    case 't_test':
    case 'z':
      return Math.abs(result.statistic);
    case 'mann_whitney': {
      const pairs = counts.reference * counts.current;
      return pairs > 0 ? Math.abs(result.statistic / pairs - 0.5) : 0;
    }
    case 'fisher': {
      const logOdds = Math.abs(Math.log(result.statistic));
      return Number.isFinite(logOdds) ? logOdds : LARGEST_LOG_ODDS;
    }
    default:
      return result.statistic;
  }
}
