import { histogramWithOutliers, numpyHistogram, quantileEdges, sturgesEdges } from './binning.ts';
import { DriftwatchError } from './errors.ts';
import type { FeatureKind } from './kinds.ts';
import type { MethodSpec } from './method-registry.ts';
import type { ColumnProfile } from './profile/column-profile.ts';
import { datetimeSummaryOf } from './profile/datetime-values.ts';
import { type NumericSummary, sortedValues } from './profile/numeric-summary.ts';
import { OTHER_VALUES_LABEL } from './report.ts';

/** Numbers with at most this many distinct reference values are counted by value, not binned (Evidently's rule). */
export const MAX_DISTINCT_COUNTED_BY_VALUE = 20;

/** Aligned counts for a count-based method, with a label per entry. */
export interface AlignedCounts {
  readonly labels: readonly string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/**
 * What one feature offers the methods: sorted finite numbers (computed once, shared by
 * every order-based method) and category counts, built from two column profiles.
 */
export class FeatureInputs {
  private sortedCache: { reference: Float64Array; current: Float64Array } | null = null;

  constructor(
    readonly reference: ColumnProfile,
    readonly current: ColumnProfile,
    readonly kind: FeatureKind,
  ) {}

  get isNumeric(): boolean {
    return this.kind === 'numeric' || this.kind === 'datetime';
  }

  referenceSummary(): NumericSummary {
    return this.kind === 'datetime' ? datetimeSummaryOf(this.reference) : this.reference.numbers;
  }

  currentSummary(): NumericSummary {
    return this.kind === 'datetime' ? datetimeSummaryOf(this.current) : this.current.numbers;
  }

  /** Values the methods compare on each side: finite numbers, or non-null categories. */
  counts(): { reference: number; current: number } {
    if (this.isNumeric)
      return { reference: this.referenceSummary().count, current: this.currentSummary().count };
    return {
      reference: this.reference.rows - this.reference.nulls,
      current: this.current.rows - this.current.nulls,
    };
  }

  exact(): boolean {
    if (this.isNumeric) return this.referenceSummary().exact && this.currentSummary().exact;
    return this.reference.categories.other === 0 && this.current.categories.other === 0;
  }

  sorted(): { reference: Float64Array; current: Float64Array } {
    this.sortedCache ??= {
      reference: sortedValues(this.referenceSummary()),
      current: sortedValues(this.currentSummary()),
    };
    return this.sortedCache;
  }

  /** Distinct non-missing values over both sides; Infinity when too many to count. */
  distinctInUnion(): number {
    if (this.isNumeric) {
      const a = this.referenceSummary().distinct;
      const b = this.currentSummary().distinct;
      if (a === null || b === null) return Number.POSITIVE_INFINITY;
      const union = new Set(a.keys());
      for (const key of b.keys()) union.add(key);
      return union.size;
    }
    if (this.reference.categories.other > 0 || this.current.categories.other > 0)
      return Number.POSITIVE_INFINITY;
    const union = new Set(this.reference.categories.counts.keys());
    for (const key of this.current.categories.counts.keys()) union.add(key);
    return union.size;
  }

  /** Counts for a count-based method; numbers are binned or counted by value as the method and binning ask. */
  alignedCounts(spec: MethodSpec, binning: 'reference' | 'evidently', bins: number): AlignedCounts {
    if (!this.isNumeric) return alignCategories(this.reference.categories, this.current.categories);
    const refDistinct = this.referenceSummary().distinct;
    const curDistinct = this.currentSummary().distinct;
    const byValue =
      spec.input === 'counts' && spec.binsNumbers === false
        ? true
        : refDistinct !== null && refDistinct.size <= MAX_DISTINCT_COUNTED_BY_VALUE;
    if (byValue && refDistinct !== null && curDistinct !== null) return alignValues(refDistinct, curDistinct);
    if (byValue) {
      throw new FeatureInputError(
        `${spec.id} needs few distinct values; this feature has more than can be counted`,
      );
    }
    const { reference, current } = this.sorted();
    if (binning === 'evidently') {
      const edges = sturgesEdges(reference, current);
      return {
        labels: binLabels(edges, false),
        reference: Float64Array.from(numpyHistogram(reference, edges)),
        current: Float64Array.from(numpyHistogram(current, edges)),
      };
    }
    const edges = quantileEdges(reference, bins);
    return {
      labels: binLabels(edges, true),
      reference: Float64Array.from(histogramWithOutliers(reference, edges)),
      current: Float64Array.from(histogramWithOutliers(current, edges)),
    };
  }
}

/** A feature's data cannot feed the chosen method (said in words in the report). */
export class FeatureInputError extends DriftwatchError {
  override readonly name = 'FeatureInputError';
}

function alignCategories(
  reference: { counts: Map<string, number>; other: number },
  current: { counts: Map<string, number>; other: number },
): AlignedCounts {
  const labels = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();
  const hasOther = reference.other > 0 || current.other > 0;
  const size = labels.length + (hasOther ? 1 : 0);
  const ref = new Float64Array(size);
  const cur = new Float64Array(size);
  labels.forEach((label, i) => {
    ref[i] = reference.counts.get(label) ?? 0;
    cur[i] = current.counts.get(label) ?? 0;
  });
  if (hasOther) {
    // Values beyond the category cap are pooled, on both sides alike.
    ref[size - 1] = reference.other;
    cur[size - 1] = current.other;
    labels.push(OTHER_VALUES_LABEL);
  }
  return { labels, reference: ref, current: cur };
}

function alignValues(reference: Map<number, number>, current: Map<number, number>): AlignedCounts {
  const keys = [...new Set([...reference.keys(), ...current.keys()])].sort((a, b) => a - b);
  return {
    labels: keys.map(String),
    reference: Float64Array.from(keys, (k) => reference.get(k) ?? 0),
    current: Float64Array.from(keys, (k) => current.get(k) ?? 0),
  };
}

function binLabels(edges: ArrayLike<number>, withOutliers: boolean): string[] {
  const labels: string[] = [];
  const fmt = (x: number) => Number(x.toPrecision(4)).toString();
  if (withOutliers) labels.push(`< ${fmt(edges[0])}`);
  for (let i = 0; i + 1 < edges.length; i++) {
    const closing = i + 2 === edges.length ? ']' : ')';
    labels.push(`[${fmt(edges[i])}, ${fmt(edges[i + 1])}${closing}`);
  }
  if (withOutliers) labels.push(`> ${fmt(edges[edges.length - 1])}`);
  return labels;
}
