import { radixSortInPlace } from '../profile/radix-sort.ts';
import { CompensatedSum } from './compensated-sum.ts';
import { type ClassificationMetric, defined, type MetricValue, undefinedMetric } from './metric-names.ts';

/** numpy's float64 machine epsilon: sklearn 1.2 `log_loss(eps="auto")` clips to [eps, 1 − eps]. */
const FLOAT64_EPSILON = 2 ** -52;

/** The score metrics of one set of rows, computed on first use. */
export interface ScoreMetrics {
  readonly missingScore: number;
  metric(name: ClassificationMetric): MetricValue;
}

/**
 * The metrics of the predicted probability `score` of the positive class, against `target ==
 * positive` (one class against the rest, so they are defined for any number of classes; with two
 * it is sklearn's binary case). Rows with a missing target (-1) or a non-finite score are left out;
 * the count of the latter is `missingScore`.
 *
 * - `roc_auc`: sklearn `roc_auc_score` — the trapezoidal area under the ROC curve, which with tied
 *   scores equals the Mann–Whitney count with ties as ½: Σ over positives of (negatives scored
 *   below + ½ · negatives tied) / (P·N). sklearn raises when one class is absent; we return null.
 * - `average_precision`: sklearn `average_precision_score`, Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct
 *   scores from the highest down (ties form one threshold). With no positive row sklearn warns and
 *   sets recall to 1 everywhere; we return null.
 * - `log_loss`: sklearn `log_loss(y, score, labels=[0, 1])`: scores clipped to [ε, 1 − ε], each row's
 *   pair (1 − p, p) renormalised, mean of −ln of the true class's share. Defined with one class
 *   present (the labels are given, as the positive class is).
 * - `brier`: sklearn `brier_score_loss`, mean (y − p)².
 *
 * A score outside [0, 1] is no probability: `brier` (which sklearn refuses) and `log_loss` (which
 * sklearn would silently clip) are null then; the ranking metrics need only an order and stay defined.
 *
 * Time: two radix sorts (linear) of the positives' and negatives' scores and one merge; memory:
 * one float64 per scored row.
 */
export function scoreMetrics(target: Int32Array, score: Float64Array, positive: number): ScoreMetrics {
  let positives = 0;
  let negatives = 0;
  let missingScore = 0;
  let outsideUnitInterval = 0;
  for (let i = 0; i < target.length; i++) {
    const s = score[i];
    if (!Number.isFinite(s)) {
      missingScore++;
      continue;
    }
    if (target[i] < 0) continue;
    if (target[i] === positive) positives++;
    else negatives++;
    if (s < 0 || s > 1) outsideUnitInterval++;
  }
  const rows = positives + negatives;
  let sorted: { positive: Float64Array; negative: Float64Array } | null = null;
  const sortedScores = () => {
    sorted ??= sortByClass(target, score, positive, positives, negatives);
    return sorted;
  };
  return {
    missingScore,
    metric(name) {
      if (rows === 0) return undefinedMetric(name, 0, 'no row has both a label and a score');
      switch (name) {
        case 'roc_auc': {
          if (positives === 0 || negatives === 0) {
            return undefinedMetric(
              name,
              rows,
              `every scored row is ${positives === 0 ? 'negative' : 'positive'}: ROC AUC needs both classes`,
            );
          }
          const s = sortedScores();
          return defined(name, rocAuc(s.positive, s.negative), rows);
        }
        case 'average_precision': {
          if (positives === 0) {
            return undefinedMetric(name, rows, 'no scored row is positive: average precision is undefined');
          }
          const s = sortedScores();
          return defined(name, averagePrecision(s.positive, s.negative), rows);
        }
        case 'log_loss':
        case 'brier': {
          if (outsideUnitInterval > 0) {
            return undefinedMetric(
              name,
              rows,
              `${outsideUnitInterval} score(s) lie outside [0, 1]: the score must be a probability`,
            );
          }
          const value =
            name === 'log_loss'
              ? logLoss(target, score, positive, rows)
              : brier(target, score, positive, rows);
          return defined(name, value, rows);
        }
        default:
          throw new RangeError(`${name} is not a score metric`);
      }
    },
  };
}

function sortByClass(
  target: Int32Array,
  score: Float64Array,
  positiveClass: number,
  positives: number,
  negatives: number,
): { positive: Float64Array; negative: Float64Array } {
  const positive = new Float64Array(positives);
  const negative = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < target.length; i++) {
    const s = score[i];
    if (target[i] < 0 || !Number.isFinite(s)) continue;
    // +0 for -0: the sort orders -0 before +0, but as scores they are one value.
    if (target[i] === positiveClass) positive[p++] = s + 0;
    else negative[q++] = s + 0;
  }
  radixSortInPlace(positive);
  radixSortInPlace(negative);
  return { positive, negative };
}

/** Both sorted ascending. */
function rocAuc(positive: Float64Array, negative: Float64Array): number {
  let below = 0;
  let wins = 0;
  let j = 0;
  for (let i = 0; i < positive.length; ) {
    const v = positive[i];
    let tiedPositives = 0;
    while (i < positive.length && positive[i] === v) {
      tiedPositives++;
      i++;
    }
    while (j < negative.length && negative[j] < v) {
      below++;
      j++;
    }
    let tiedNegatives = 0;
    while (j + tiedNegatives < negative.length && negative[j + tiedNegatives] === v) tiedNegatives++;
    // Integers (and halves) below 2^53: exact.
    wins += tiedPositives * (below + tiedNegatives / 2);
  }
  return wins / (positive.length * negative.length);
}

/** Both sorted ascending; walked from the highest score down. */
function averagePrecision(positive: Float64Array, negative: Float64Array): number {
  const total = positive.length;
  let i = positive.length - 1;
  let j = negative.length - 1;
  let truePositives = 0;
  let falsePositives = 0;
  const sum = new CompensatedSum();
  while (i >= 0 || j >= 0) {
    const v = Math.max(i >= 0 ? positive[i] : -Infinity, j >= 0 ? negative[j] : -Infinity);
    let gained = 0;
    while (i >= 0 && positive[i] === v) {
      gained++;
      i--;
    }
    while (j >= 0 && negative[j] === v) {
      falsePositives++;
      j--;
    }
    truePositives += gained;
    if (gained > 0) sum.add((gained / total) * (truePositives / (truePositives + falsePositives)));
  }
  return sum.value;
}

function logLoss(target: Int32Array, score: Float64Array, positive: number, rows: number): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < target.length; i++) {
    const s = score[i];
    if (target[i] < 0 || !Number.isFinite(s)) continue;
    const p = Math.min(Math.max(s, FLOAT64_EPSILON), 1 - FLOAT64_EPSILON);
    const q = 1 - p;
    const total = q + p;
    sum.add(-Math.log((target[i] === positive ? p : q) / total));
  }
  return sum.value / rows;
}

function brier(target: Int32Array, score: Float64Array, positive: number, rows: number): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < target.length; i++) {
    const s = score[i];
    if (target[i] < 0 || !Number.isFinite(s)) continue;
    const d = (target[i] === positive ? 1 : 0) - s;
    sum.add(d * d);
  }
  return sum.value / rows;
}
