import { MAX_DISTINCT_COUNTED_BY_VALUE } from '../feature-inputs.ts';
import type { FeatureKind } from '../kinds.ts';
import { categoryColumnOf, numericColumnOf } from '../profile/column-of-values.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import { type NumericSummary, sortedValues } from '../profile/numeric-summary.ts';
import { radixSortInPlace } from '../profile/radix-sort.ts';
import type { SeededRandom } from '../random.ts';
import { categoryDraws } from './category-draws.ts';
import {
  type ChunkDraw,
  type ChunkPair,
  type ChunkStrategy,
  MIN_CHUNKS,
  MIN_SIDE,
  restSizeOf,
} from './chunk-strategy.ts';
import { periodText } from './period-length.ts';
import { distinctPositions, PositionDraws } from './position-draws.ts';

/** One period of the baseline: its rows profiled on their own. */
interface BaselinePeriod {
  /** Start of the period, epoch milliseconds (a multiple of the period length). */
  readonly start: number;
  /** The period's profile, a column profile per column of the baseline (absent: no values). */
  readonly columns: readonly ColumnProfile[];
}

/** The baseline's rows split by period of its `timestamp` column. */
export interface BaselinePeriods {
  /** The timestamp column the rows were split by. */
  readonly column: string;
  /** Period length in milliseconds (`periodLengthOf`). */
  readonly periodMs: number;
  /** Every period that holds rows, oldest first. */
  readonly periods: readonly BaselinePeriod[];
  /** Rows whose timestamp was null or could not be read: in no period, so in no chunk or rest. */
  readonly untimedRows: number;
}

/**
 * Time chunks (NannyML's time-based chunking of the reference period): each period of the
 * baseline is a chunk, compared with the other periods as the rest, so the spread holds the
 * natural period-to-period variation (weekday against weekend, a busy month) that random chunks
 * average away. A period is cut to the snapshot's size by a seeded sample when it holds more
 * values; one holding fewer is taken whole (its statistic is then a little noisier: the
 * conservative side), and one holding under half the snapshot's size is no chunk (a partial period
 * at either end) but stays in the rest of the others. With more usable periods than `count`,
 * a seeded sample of `count` of them is taken. The rest is bounded as for random chunks
 * (`restSizeOf`). Fewer than `MIN_CHUNKS` usable periods give no pairs and say why in `unusable`:
 * the calibration then falls back to random chunks.
 */
export function timeChunks(baseline: BaselinePeriods): ChunkStrategy {
  return {
    name: 'time',
    periodMs: baseline.periodMs,
    draw(reference, kind, size, count, random) {
      const columns = baseline.periods.map((period) => period.columns.find((c) => c.name === reference.name));
      const minValues = Math.max(MIN_SIDE, Math.ceil(size / 2));
      const numeric = kind === 'numeric' || kind === 'datetime';
      const sizes = columns.map((column) =>
        column === undefined ? 0 : numeric ? keptOf(column, kind).size : categoryTotal(column),
      );
      const usable = sizes.flatMap((n, p) => (n >= minValues ? [p] : []));
      if (usable.length < MIN_CHUNKS) {
        return {
          pairs: [],
          withReplacement: false,
          unusable:
            `only ${usable.length} of the baseline's ${baseline.periods.length} periods of ${periodText(baseline.periodMs)} ` +
            `(by ${baseline.column}) hold at least ${minValues} values; time chunks need ${MIN_CHUNKS}`,
        };
      }
      const chosen = usable.length <= count ? usable : sampleInOrder(usable, count, random);
      return numeric
        ? numberPairs(reference, kind, columns, chosen, size, random)
        : categoryPairs(reference, kind, columns, chosen, size, random);
    },
  };
}

function keptOf(column: ColumnProfile, kind: FeatureKind): NumericSummary {
  return kind === 'datetime' ? column.datetimes : column.numbers;
}

function categoryTotal(column: ColumnProfile): number {
  let total = column.categories.other;
  for (const count of column.categories.counts.values()) total += count;
  return total;
}

/** `count` of `items` chosen at random, kept in their order. */
function sampleInOrder(items: readonly number[], count: number, random: SeededRandom): number[] {
  const draws = new PositionDraws(items.length);
  draws.drawParts([count], random);
  const chosen: number[] = [];
  draws.forEachPosition(0, (i) => chosen.push(items[i]));
  return chosen;
}

function numberPairs(
  reference: ColumnProfile,
  kind: FeatureKind,
  columns: readonly (ColumnProfile | undefined)[],
  chosen: readonly number[],
  size: number,
  random: SeededRandom,
): ChunkDraw {
  const periods = columns.map((column) =>
    column === undefined ? new Float64Array(0) : sortedValues(keptOf(column, kind)),
  );
  const offsets = new Float64Array(periods.length + 1);
  for (let p = 0; p < periods.length; p++) offsets[p + 1] = offsets[p] + periods[p].length;
  const total = offsets[periods.length];
  const all = new Float64Array(total);
  for (let p = 0; p < periods.length; p++) all.set(periods[p], offsets[p]);
  const summary = keptOf(reference, kind);
  const countDistinct = summary.distinct !== null && summary.distinct.size <= MAX_DISTINCT_COUNTED_BY_VALUE;
  const chunkBuffer = new Float64Array(size);
  const restBuffer = new Float64Array(total);
  const marks = new Uint8Array(total);
  function* pairs(): Generator<ChunkPair> {
    for (const p of chosen) {
      const values = periods[p];
      let chunk = values;
      if (values.length > size) {
        const draws = new PositionDraws(values.length);
        draws.drawParts([size], random);
        draws.gatherSorted(values, [chunkBuffer]);
        chunk = chunkBuffer;
      }
      const available = total - values.length;
      const restSize = restSizeOf(chunk.length, available);
      if (2 * restSize > available) {
        // Most of the others: all of them (a sample would cost as much as it saves).
        const whole = restBuffer.subarray(0, available);
        whole.set(all.subarray(0, offsets[p]));
        whole.set(all.subarray(offsets[p + 1]), offsets[p]);
        radixSortInPlace(whole);
        yield {
          chunk: numericColumnOf(reference, kind, chunk, countDistinct),
          rest: numericColumnOf(reference, kind, whole, countDistinct),
        };
        continue;
      }
      const rest = restBuffer.subarray(0, restSize);
      const drawn = distinctPositions(available, restSize, random, marks);
      const skip = offsets[p];
      for (let i = 0; i < restSize; i++) {
        const at = drawn[i];
        rest[i] = all[at < skip ? at : at + values.length];
      }
      radixSortInPlace(rest);
      yield {
        chunk: numericColumnOf(reference, kind, chunk, countDistinct),
        rest: numericColumnOf(reference, kind, rest, countDistinct),
      };
    }
  }
  return { pairs: pairs(), withReplacement: false };
}

function categoryPairs(
  reference: ColumnProfile,
  kind: FeatureKind,
  columns: readonly (ColumnProfile | undefined)[],
  chosen: readonly number[],
  size: number,
  random: SeededRandom,
): ChunkDraw {
  // Each period's table caps its own categories; the union of their labels aligns them, and what
  // a period pooled into its overflow stays in the shared overflow entry (the last).
  const index = new Map<string, number>();
  for (const column of columns)
    for (const label of column?.categories.counts.keys() ?? [])
      if (!index.has(label)) index.set(label, index.size);
  const labels = [...index.keys()];
  const counts = columns.map((column) => {
    const vector = new Float64Array(labels.length + 1);
    if (column === undefined) return vector;
    for (const [label, count] of column.categories.counts) vector[index.get(label)!] = count;
    vector[labels.length] = column.categories.other;
    return vector;
  });
  const all = new Float64Array(labels.length + 1);
  for (const vector of counts) for (let c = 0; c < vector.length; c++) all[c] += vector[c];
  function* pairs(): Generator<ChunkPair> {
    for (const p of chosen) {
      const period = counts[p];
      const n = total(period);
      const chunk = n > size ? categoryDraws(period, n)(size, random) : period;
      yield {
        // The rest is every other period: a table of counts costs nothing to take whole.
        chunk: categoryColumnOf(reference, kind, labels, chunk),
        rest: categoryColumnOf(
          reference,
          kind,
          labels,
          all.map((value, c) => value - period[c]),
        ),
      };
    }
  }
  return { pairs: pairs(), withReplacement: false };
}

function total(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
