/** Proportions `count / total` of one side (sequential sum; integer counts sum exactly). */
export function proportions(counts: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / total;
  return out;
}

/**
 * Proportions of one side with empty bins/categories replaced by a small positive value,
 * exactly as Evidently's `get_binned_data(..., feel_zeroes=True)` (Evidently 0.4-0.7,
 * `evidently/calculations/stattests/utils.py`): proportions are `count / total`, then every
 * zero becomes `min(nonzero) / 1e6` when `min(nonzero) <= 0.0001`, else `0.0001`.
 *
 * Used by PSI and KL, whose formulas take a log of each proportion. The caller guarantees a
 * positive total, so at least one proportion is nonzero.
 */
export function zeroFilledProportions(counts: Float64Array): Float64Array {
  const filled = proportions(counts);
  let minNonzero = Number.POSITIVE_INFINITY;
  for (let i = 0; i < filled.length; i++) {
    if (filled[i] !== 0 && filled[i] < minNonzero) minNonzero = filled[i];
  }
  // Evidently divides by the Python int 10**6; `/ 1e6` is the same IEEE division.
  const fill = minNonzero <= 0.0001 ? minNonzero / 1e6 : 0.0001;
  for (let i = 0; i < filled.length; i++) {
    if (filled[i] === 0) filled[i] = fill;
  }
  return filled;
}
