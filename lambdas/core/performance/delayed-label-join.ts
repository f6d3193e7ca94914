import { PredictionIdIndex } from './label-join.ts';
import type { ModelRows } from './model-rows.ts';
import type { LabelCoverage } from './performance-section.ts';

/** One snapshot's predictions: its id and its model columns (ids, prediction, score) row by row. */
export interface SnapshotPredictions {
  readonly id: string;
  readonly rows: ModelRows;
}

/** How one label batch met the predictions: every label row is one of these (or missing its id). */
export interface BatchJoinCounts {
  readonly labelRows: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly duplicate: number;
  readonly missingId: number;
}

/**
 * Delayed labels joined to the predictions of several snapshots at once (README "Delayed labels"):
 * one id index over every snapshot's ids, in snapshot order, so a label finds its prediction in
 * whichever snapshot holds it, and a label batch is read once whatever the number of snapshots.
 *
 * Rules, as `PredictionIdIndex` keeps them: an id predicted in two snapshots (or twice in one) is
 * labelled in the first row that has it, and the later rows count as duplicate prediction ids; the
 * first label of an id wins, later ones are duplicates; a label whose id no snapshot in the window
 * predicted is unmatched. Batches are applied in the order given (the caller gives them in key
 * order), so every run over the same batches gives the same join. Memory: the index (about 61 bytes
 * per distinct 36-character id) plus one target per prediction row.
 */
export class DelayedLabelJoin {
  private readonly index: PredictionIdIndex;
  /** First global row of each snapshot, and the total at the end. */
  private readonly starts: number[] = [];
  private readonly targets: (Int32Array | Float64Array)[];
  private readonly classes: string[][];
  private readonly codeOf: Map<string, number>[];
  private readonly matchedBySnapshot: number[];
  private readonly duplicateIds: number[] = [];
  private readonly missingIds: number[] = [];
  private readonly totals = { labelRows: 0, matched: 0, unmatched: 0, duplicate: 0, missingId: 0 };

  constructor(private readonly snapshots: readonly SnapshotPredictions[]) {
    const total = snapshots.reduce((sum, s) => sum + s.rows.rows, 0);
    this.index = new PredictionIdIndex(total);
    for (const { rows } of snapshots) {
      this.starts.push(this.index.rows);
      const duplicates = this.index.duplicatePredictionIds;
      const missing = this.index.missingPredictionIds;
      if (rows.ids === null) for (let i = 0; i < rows.rows; i++) this.index.add(null);
      else this.index.addColumn(rows.ids);
      this.duplicateIds.push(this.index.duplicatePredictionIds - duplicates);
      this.missingIds.push(this.index.missingPredictionIds - missing);
    }
    this.starts.push(this.index.rows);
    this.targets = snapshots.map(({ rows }) =>
      rows.task === 'classification'
        ? new Int32Array(rows.rows).fill(-1)
        : new Float64Array(rows.rows).fill(Number.NaN),
    );
    this.classes = snapshots.map(({ rows }) => [...rows.classes]);
    this.codeOf = this.classes.map((list) => new Map(list.map((label, code) => [label, code])));
    this.matchedBySnapshot = snapshots.map(() => 0);
  }

  /** Joins one label batch (its `ids` and `target`); returns how its rows met the predictions. */
  apply(labels: ModelRows): BatchJoinCounts {
    if (labels.ids === null || labels.target === null) {
      throw new RangeError('DelayedLabelJoin: a label batch needs an id and a target column');
    }
    const join = this.index.joinColumn(labels.ids);
    const rows = join.predictionRow;
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] < 0) continue;
      const s = this.snapshotOf(rows[j]);
      const local = rows[j] - this.starts[s];
      this.matchedBySnapshot[s]++;
      const target = this.targets[s];
      if (target instanceof Int32Array) {
        const code = (labels.target as Int32Array)[j];
        target[local] = code < 0 ? -1 : this.classCode(s, labels.classes[code]);
      } else {
        target[local] = (labels.target as Float64Array)[j];
      }
    }
    const counts = {
      labelRows: labels.rows,
      matched: join.matched,
      unmatched: join.unmatched,
      duplicate: join.duplicate,
      missingId: join.missingId,
    };
    for (const key of Object.keys(counts) as (keyof BatchJoinCounts)[]) this.totals[key] += counts[key];
    return counts;
  }

  /** Snapshot `s`'s predictions with the labels joined so far as their target. */
  rowsOf(s: number): ModelRows {
    return { ...this.snapshots[s].rows, classes: this.classes[s], target: this.targets[s] };
  }

  /**
   * Snapshot `s`'s label coverage: `labelled` counts its rows whose joined label holds a value (a
   * label row with an empty target is matched but labels nothing). Unmatched, duplicate and
   * id-less label rows belong to no snapshot: they are the whole join's counts.
   */
  coverageOf(s: number): LabelCoverage {
    const target = this.targets[s];
    let labelled = 0;
    for (let i = 0; i < target.length; i++) {
      if (target instanceof Int32Array ? target[i] >= 0 : !Number.isNaN(target[i])) labelled++;
    }
    const predictions = target.length;
    return {
      predictions,
      labelled,
      share: predictions === 0 ? 0 : labelled / predictions,
      labelRows: this.totals.labelRows,
      matched: this.matchedBySnapshot[s],
      unmatched: this.totals.unmatched,
      duplicate: this.totals.duplicate,
      missingId: this.totals.missingId,
      duplicatePredictionIds: this.duplicateIds[s],
      missingPredictionIds: this.missingIds[s],
    };
  }

  private classCode(s: number, label: string): number {
    let code = this.codeOf[s].get(label);
    if (code === undefined) {
      code = this.classes[s].push(label) - 1;
      this.codeOf[s].set(label, code);
    }
    return code;
  }

  /** The snapshot holding global row `row` (binary search over the snapshots' first rows). */
  private snapshotOf(row: number): number {
    let low = 0;
    let high = this.snapshots.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.starts[mid] <= row) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
