import type { Correction } from './policy.ts';

/**
 * Adjusted p-values across features, so that testing many features does not by itself
 * raise false alarms. Bonferroni controls the family-wise error rate; Benjamini–Hochberg
 * (step-up, as statsmodels' `fdr_bh`) the false discovery rate. Order of input is kept.
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1];
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
