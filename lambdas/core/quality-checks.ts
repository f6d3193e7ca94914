import { countOutside } from './binning.ts';
import type { FeatureKind } from './kinds.ts';
import type { QualityThresholds } from './policy.ts';
import { keptHashLimit } from './profile/category-counts.ts';
import { categoryHash } from './profile/category-hash.ts';
import type { ColumnProfile } from './profile/column-profile.ts';
import { expectedClass, typeMismatches } from './profile/infer-kind.ts';
import type { NumericSummary } from './profile/numeric-summary.ts';
import type { Profile } from './profile/profile.ts';
import type { QualityViolation } from './report.ts';

/**
 * Data-quality checks beside drift, named after SageMaker Model Monitor's so users who
 * migrate recognise them. Each says what was measured and, where it can, an example cell.
 */
export function tableQuality(
  baseline: Profile,
  current: Profile,
  thresholds: QualityThresholds,
  labelColumn?: string,
): QualityViolation[] {
  const violations: QualityViolation[] = [];
  if (current.rowCount === 0) {
    violations.push({
      check: 'row_count',
      feature: null,
      severity: 'error',
      message: 'current has no rows',
      value: 0,
    });
  } else if (baseline.rowCount === 0) {
    violations.push({
      check: 'row_count',
      feature: null,
      severity: 'error',
      message: 'the baseline has no rows: drift cannot be measured',
      value: 0,
    });
  } else {
    const ratio = current.rowCount / baseline.rowCount;
    if (ratio < thresholds.minRowShare) {
      violations.push({
        check: 'row_count',
        feature: null,
        severity: 'error',
        message: `current has ${current.rowCount} rows, ${pct(ratio)} of the baseline's ${baseline.rowCount} (minRowShare ${pct(thresholds.minRowShare)})`,
        value: ratio,
      });
    } else if (ratio > thresholds.rowCountRatio || ratio < 1 / thresholds.rowCountRatio) {
      violations.push({
        check: 'row_count',
        feature: null,
        severity: 'warning',
        message: `row count changed from ${baseline.rowCount} to ${current.rowCount} (×${round(ratio)})`,
        value: ratio,
      });
    }
  }
  const currentNames = new Set(current.columns.map((c) => c.name));
  const baselineNames = new Set(baseline.columns.map((c) => c.name));
  for (const column of baseline.columns) {
    if (!currentNames.has(column.name)) {
      if (column.name === labelColumn) {
        violations.push({
          check: 'missing_column',
          feature: column.name,
          severity: 'info',
          message: `column "${column.name}", the model's target, is not in current: its labels come later (or from a labels file)`,
        });
        continue;
      }
      violations.push({
        check: 'missing_column',
        feature: column.name,
        severity: 'error',
        message: `column "${column.name}" is in the baseline but missing from current`,
      });
    }
  }
  for (const column of current.columns) {
    if (!baselineNames.has(column.name)) {
      violations.push({
        check: 'extra_column',
        feature: column.name,
        severity: 'warning',
        message: `column "${column.name}" is in current but not in the baseline`,
      });
    }
  }
  return violations;
}

export function columnQuality(
  reference: ColumnProfile,
  current: ColumnProfile,
  baselineKind: FeatureKind,
  currentKind: FeatureKind,
  thresholds: QualityThresholds,
): QualityViolation[] {
  const violations: QualityViolation[] = [];
  const name = reference.name;
  for (const [side, column] of [
    ['baseline', reference],
    ['current', current],
  ] as const) {
    if (column.readError !== null) {
      violations.push({
        check: 'unreadable',
        feature: name,
        severity: 'error',
        message: `${column.unreadable} ${side} value(s) of "${name}" could not be read: ${column.readError}`,
        value: share(column.unreadable, column.rows),
      });
    }
  }
  const refNullShare = share(reference.nulls, reference.rows);
  const curNullShare = share(current.nulls, current.rows);
  if (current.rows > 0 && current.nulls === current.rows) {
    violations.push({
      check: 'completeness',
      feature: name,
      severity: 'error',
      message: `all ${current.rows} current values of "${name}" are null`,
      value: 1,
    });
  } else if (curNullShare - refNullShare > thresholds.nullShareIncrease) {
    violations.push({
      check: 'completeness',
      feature: name,
      severity: 'warning',
      message: `null share of "${name}" rose from ${pct(refNullShare)} to ${pct(curNullShare)}`,
      value: curNullShare - refNullShare,
    });
  }
  if (reference.rows > 0 && reference.nulls === reference.rows) {
    violations.push({
      check: 'completeness',
      feature: name,
      severity: 'warning',
      message: `all ${reference.rows} baseline values of "${name}" are null: drift cannot be measured`,
      value: 1,
    });
  }
  if (currentKind !== baselineKind && current.nulls < current.rows) {
    violations.push({
      check: 'data_type',
      feature: name,
      severity: 'error',
      message: `"${name}" was ${baselineKind} in the baseline but reads as ${currentKind} in current`,
    });
  }
  const mismatches = typeMismatches(current, baselineKind);
  if (mismatches > 0) {
    const example = firstMismatch(current, baselineKind);
    violations.push({
      check: 'data_type',
      feature: name,
      severity: 'warning',
      message:
        `${mismatches} current value(s) of "${name}" are not ${baselineKind}` +
        (example ? `, e.g. ${JSON.stringify(example.value)} at ${example.source} row ${example.row}` : ''),
      value: share(mismatches, current.rows - current.nulls),
    });
  }
  if (baselineKind === 'numeric') {
    violations.push(...nonFinite(name, reference.numbers, current.numbers));
    const outside = outOfRangeShare(reference.numbers, current.numbers);
    if (outside > thresholds.outOfRangeShare) {
      violations.push({
        check: 'range',
        feature: name,
        severity: 'warning',
        message: `${pct(outside)} of current "${name}" values lie outside the baseline range [${reference.numbers.min}, ${reference.numbers.max}]`,
        value: outside,
      });
    }
  }
  if (baselineKind === 'categorical' || baselineKind === 'boolean') {
    const unseen = unseenCategories(reference, current);
    if (unseen !== null && unseen.count > 0) {
      const unseenShare = share(unseen.count, unseen.of);
      const estimated = unseen.sampled;
      violations.push({
        check: 'categorical_values',
        feature: name,
        severity: unseenShare > thresholds.unseenShare ? 'warning' : 'info',
        message: `${estimated ? 'an estimated ' : ''}${pct(unseenShare)} of current "${name}" values are categories the baseline never had${
          estimated
            ? ` (from the ${unseen.of} current values whose categories fall in the hash range both sides' capped tables keep)`
            : ''
        }: ${unseen.examples
          .map((v) => JSON.stringify(v))
          .join(', ')}${unseen.distinct > unseen.examples.length ? ', …' : ''}`,
        value: unseenShare,
      });
    }
  }
  return violations;
}

function nonFinite(name: string, reference: NumericSummary, current: NumericSummary): QualityViolation[] {
  const refBad = reference.nan + reference.posInf + reference.negInf;
  const curBad = current.nan + current.posInf + current.negInf;
  if (curBad === 0 || refBad > 0) return [];
  const total = current.count + curBad;
  return [
    {
      check: 'non_finite',
      feature: name,
      severity: 'warning',
      message: `${curBad} current value(s) of "${name}" are NaN or infinite (NaN ${current.nan}, +Inf ${current.posInf}, -Inf ${current.negInf}); the baseline had none`,
      value: share(curBad, total),
    },
  ];
}

function outOfRangeShare(reference: NumericSummary, current: NumericSummary): number {
  if (reference.count === 0 || current.size === 0) return 0;
  // Sorted ahead (a check's profiles are): two binary searches instead of a pass over 1M values.
  if (current.sorted !== undefined && current.sorted.length === current.size) {
    return countOutside(current.sorted, reference.min, reference.max) / current.size;
  }
  let outside = 0;
  for (let i = 0; i < current.size; i++) {
    const v = current.values[i];
    if (v < reference.min || v > reference.max) outside++;
  }
  return outside / current.size;
}

/**
 * Current values whose category the baseline lacks: `count` of `of` current values. Exact when
 * neither table overflowed its cap. When one did (`smallest-hash` tables), both hold every
 * category whose hash is at most their limit, so over the hash range both keep the count is exact
 * and `of` is the current values in that range: the share is an estimate for the whole column (a
 * sample of categories drawn by hash, independent of their counts). Null when the baseline kept
 * the first categories it saw (a profile saved before the hash rule) and overflowed: absence from
 * its table proves nothing.
 */
function unseenCategories(
  reference: ColumnProfile,
  current: ColumnProfile,
): { count: number; of: number; sampled: boolean; distinct: number; examples: string[] } | null {
  const referenceLimit = keptHashLimit(reference.categories);
  if (referenceLimit === null) return null;
  // A current table that kept its first values (a saved profile) is read as if complete.
  const limit = Math.min(referenceLimit, keptHashLimit(current.categories) ?? Number.POSITIVE_INFINITY);
  const sampled = limit !== Number.POSITIVE_INFINITY;
  let count = 0;
  let of = sampled ? 0 : current.rows - current.nulls;
  let distinct = 0;
  const examples: string[] = [];
  const ranked = [...current.categories.counts].sort((a, b) => b[1] - a[1]);
  for (const [value, n] of ranked) {
    if (sampled) {
      if (categoryHash(value) > limit) continue;
      of += n;
    }
    if (reference.categories.counts.has(value)) continue;
    count += n;
    distinct++;
    if (examples.length < 5) examples.push(value.slice(0, 40));
  }
  return { count, of, sampled, distinct, examples };
}

function firstMismatch(column: ColumnProfile, kind: FeatureKind) {
  const expected = expectedClass(column, kind);
  const candidates = (['number', 'boolean', 'datetime', 'string'] as const)
    .filter((cls) => cls !== expected && column.classes[cls] > 0)
    .map((cls) => column.firstOfClass[cls])
    .filter((loc) => loc !== undefined);
  candidates.sort((a, b) => (a.source === b.source ? a.row - b.row : a.source < b.source ? -1 : 1));
  return candidates[0];
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function pct(x: number): string {
  return `${round(x * 100)}%`;
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}
