import { PredictionIdIndex } from './label-join.ts';
import type { ModelRows } from './model-rows.ts';
import type { LabelCoverage } from './performance-section.ts';

/**
 * Predictions with the labels of a labels table joined by id (`PredictionIdIndex`): each
 * prediction row takes the target of the first label row with its id; rows no label reached keep
 * a missing target. The labels replace any target column the predictions had. Every label row is
 * counted as matched, unmatched, duplicate or missing its id (`coverage`).
 */
export function joinLabels(
  predictions: ModelRows,
  labels: ModelRows,
): { readonly rows: ModelRows; readonly coverage: LabelCoverage } {
  if (predictions.ids === null) throw new RangeError('joinLabels: the predictions have no id column');
  if (labels.ids === null || labels.target === null)
    throw new RangeError('joinLabels: the labels need an id and a target column');
  const index = new PredictionIdIndex(predictions.rows);
  index.addColumn(predictions.ids);
  const join = index.joinColumn(labels.ids);
  const n = predictions.rows;
  let target: Int32Array | Float64Array;
  let classes = predictions.classes;
  if (predictions.task === 'classification') {
    // The labels' classes in the predictions' dictionary, new ones appended.
    const merged = [...predictions.classes];
    const codeOf = new Map(merged.map((label, code) => [label, code]));
    const remap = labels.classes.map((label) => {
      let code = codeOf.get(label);
      if (code === undefined) {
        code = merged.push(label) - 1;
        codeOf.set(label, code);
      }
      return code;
    });
    const codes = new Int32Array(n).fill(-1);
    const from = labels.target as Int32Array;
    for (let j = 0; j < join.predictionRow.length; j++) {
      const row = join.predictionRow[j];
      if (row >= 0 && from[j] >= 0) codes[row] = remap[from[j]];
    }
    target = codes;
    classes = merged;
  } else {
    const values = new Float64Array(n).fill(Number.NaN);
    const from = labels.target as Float64Array;
    for (let j = 0; j < join.predictionRow.length; j++) {
      const row = join.predictionRow[j];
      if (row >= 0) values[row] = from[j];
    }
    target = values;
  }
  return {
    rows: { ...predictions, classes, target },
    coverage: {
      predictions: n,
      labelled: index.labelled,
      share: n === 0 ? 0 : index.labelled / n,
      labelRows: labels.rows,
      matched: join.matched,
      unmatched: join.unmatched,
      duplicate: join.duplicate,
      missingId: join.missingId,
      duplicatePredictionIds: index.duplicatePredictionIds,
      missingPredictionIds: index.missingPredictionIds,
    },
  };
}
