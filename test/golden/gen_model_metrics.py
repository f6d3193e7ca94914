"""Golden values for the model-quality metrics (lambdas/core/performance), from scikit-learn.

Run with the Debian interpreter (python3-sklearn 1.2.1, numpy 1.24.2):

    /usr/bin/python3 test/golden/gen_model_metrics.py

Writes test/golden/model_metrics.json. Each case holds its rows (labels as text, null where
missing; scores null where missing) and, per metric, what sklearn gives on the rows the metric
uses: {"value": number | "nan" | "inf" | "-inf" | null, "warning": text | null, "error": text | null}
(value null when sklearn raised). Rows are filtered here as the TypeScript documents: label
metrics keep rows with target and prediction, score metrics rows with target and score.
"""

import json
import math
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm

from golden_path import golden_path

rng = np.random.default_rng(20261206)


def number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def sk(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = call()
        except ValueError as e:
            return {"value": None, "warning": None, "error": str(e)}
    return {
        "value": number(value),
        "warning": str(caught[0].message) if caught else None,
        "error": None,
    }


def classification_case(name, target, prediction, score, positive):
    t_all = np.array(target, dtype=object)
    p_all = np.array(prediction, dtype=object)
    s_all = np.array([np.nan if s is None else s for s in score], dtype=np.float64) if score is not None else None
    labelled = np.array([t is not None and p is not None for t, p in zip(target, prediction)], dtype=bool)
    t = t_all[labelled].astype(str)
    p = p_all[labelled].astype(str)
    out = {}
    out["accuracy"] = sk(lambda: skm.accuracy_score(t, p))
    out["balanced_accuracy"] = sk(lambda: skm.balanced_accuracy_score(t, p))
    for avg in ("macro", "weighted"):
        out[f"precision_{avg}"] = sk(lambda: skm.precision_score(t, p, average=avg))
        out[f"recall_{avg}"] = sk(lambda: skm.recall_score(t, p, average=avg))
        out[f"f1_{avg}"] = sk(lambda: skm.f1_score(t, p, average=avg))
    if positive is not None:
        # The positive class against all others (sklearn's average="binary" on the binarised labels).
        tb, pb = t == positive, p == positive
        out["precision"] = sk(lambda: skm.precision_score(tb, pb))
        out["recall"] = sk(lambda: skm.recall_score(tb, pb))
        out["f1"] = sk(lambda: skm.f1_score(tb, pb))
    if s_all is not None:
        scored = np.array([tt is not None for tt in target], dtype=bool) & np.isfinite(s_all)
        ys = t_all[scored].astype(str) == positive
        s = s_all[scored]
        out["roc_auc"] = sk(lambda: skm.roc_auc_score(ys, s))
        out["average_precision"] = sk(lambda: skm.average_precision_score(ys, s))
        out["log_loss"] = sk(lambda: skm.log_loss(ys, s, labels=[False, True]))
        out["brier"] = sk(lambda: skm.brier_score_loss(ys.astype(int), s, pos_label=1))
    return {
        "name": name,
        "positive": positive,
        "target": list(target),
        "prediction": list(prediction),
        "score": None if score is None else [None if v is None else float(v) for v in score],
        "sklearn": out,
    }


def noisy_classifier(n, classes, accuracy):
    target = rng.choice(classes, size=n)
    wrong = rng.random(n) > accuracy
    prediction = np.where(wrong, rng.choice(classes, size=n), target)
    return [str(x) for x in target], [str(x) for x in prediction]


def binary_scores(target, positive, spread):
    y = np.array([t == positive for t in target], dtype=float)
    return np.clip(y * 0.3 + 0.35 + rng.normal(0, spread, len(y)), 0, 1)


def classification_cases():
    cases = []
    # sklearn's own documentation example for average_precision_score.
    cases.append(classification_case("sklearn doc example", ["0", "0", "1", "1"], ["0", "1", "0", "1"], [0.1, 0.4, 0.35, 0.8], "1"))

    t, p = noisy_classifier(1000, ["no", "yes"], 0.8)
    s = binary_scores(t, "yes", 0.2)
    cases.append(classification_case("binary", t, p, list(s), "yes"))

    # Scores on a coarse grid: many ties, and exact 0 and 1 (log loss clips them).
    s_tied = np.round(s * 10) / 10
    cases.append(classification_case("binary with tied scores", t, p, list(s_tied), "yes"))

    t, p = noisy_classifier(1500, ["cat", "dog", "bird", "fish"], 0.6)
    s = binary_scores(t, "dog", 0.25)
    cases.append(classification_case("multiclass", t, p, list(s), "dog"))

    # A class never predicted (precision undefined for it) and one never true (recall undefined).
    t, p = noisy_classifier(600, ["a", "b", "c"], 0.7)
    p = ["a" if x == "c" else x for x in p]
    t = ["b" if x == "d" else x for x in t]
    p[0] = "d"
    cases.append(classification_case("multiclass with a class never predicted and one never true", t, p, None, "a"))

    # Every label one class: ROC AUC is undefined (sklearn raises).
    n = 200
    p = ["yes" if v else "no" for v in rng.random(n) < 0.7]
    cases.append(classification_case("single class: every label positive", ["yes"] * n, p, list(rng.random(n)), "yes"))
    cases.append(classification_case("single class: every label negative", ["no"] * n, p, list(rng.random(n)), "yes"))

    # Constant predictions: the positive class is never predicted, the score never moves.
    t, _ = noisy_classifier(500, ["no", "yes"], 1.0)
    cases.append(classification_case("constant predictions", t, ["no"] * 500, [0.3] * 500, "yes"))

    # Missing labels, predictions and scores.
    t, p = noisy_classifier(800, ["no", "yes"], 0.75)
    s = list(binary_scores(t, "yes", 0.2))
    for i in rng.choice(800, 120, replace=False):
        t[i] = None
    for i in rng.choice(800, 40, replace=False):
        p[i] = None
    for i in rng.choice(800, 60, replace=False):
        s[i] = None
    cases.append(classification_case("missing labels, predictions and scores", t, p, s, "yes"))
    return cases


def regression_case(name, target, prediction):
    y_all = np.array([np.nan if v is None else v for v in target], dtype=np.float64)
    p_all = np.array([np.nan if v is None else v for v in prediction], dtype=np.float64)
    keep = np.isfinite(y_all) & np.isfinite(p_all)
    y, p = y_all[keep], p_all[keep]
    out = {
        "mae": sk(lambda: skm.mean_absolute_error(y, p)),
        "rmse": sk(lambda: skm.mean_squared_error(y, p, squared=False)),
        "mape": sk(lambda: skm.mean_absolute_percentage_error(y, p)),
        "r2": sk(lambda: skm.r2_score(y, p)),
        "r2_without_force_finite": sk(lambda: skm.r2_score(y, p, force_finite=False)),
        "median_ae": sk(lambda: skm.median_absolute_error(y, p)),
    }
    return {
        "name": name,
        "target": [None if v is None else float(v) for v in target],
        "prediction": [None if v is None else float(v) for v in prediction],
        "sklearn": out,
    }


def regression_cases():
    cases = []
    y = rng.normal(50, 10, 1000)
    cases.append(regression_case("random", list(y), list(y + rng.normal(0, 3, 1000))))
    y = rng.lognormal(0, 1, 1001)
    cases.append(regression_case("skewed, odd count", list(y), list(y * rng.uniform(0.8, 1.3, 1001))))
    y = np.round(rng.normal(0, 2, 400))
    cases.append(regression_case("integers with zeros in the target, tied errors", list(y), list(y + np.round(rng.normal(0, 1, 400)))))
    cases.append(regression_case("constant target, imperfect predictions", [3.0] * 50, list(3 + rng.normal(0, 1, 50))))
    cases.append(regression_case("constant target, perfect predictions", [3.0] * 50, [3.0] * 50))
    cases.append(regression_case("constant predictions", list(rng.normal(10, 2, 300)), [10.0] * 300))
    cases.append(regression_case("one row", [2.0], [2.5]))
    y = list(rng.normal(0, 1, 500))
    p = [v + 0.5 for v in y]
    for i in rng.choice(500, 50, replace=False):
        y[i] = None
    for i in rng.choice(500, 30, replace=False):
        p[i] = None
    cases.append(regression_case("missing labels and predictions", y, p))
    return cases


def main():
    golden = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "classification": classification_cases(),
        "regression": regression_cases(),
    }
    with open(golden_path("model_metrics.json"), "w") as f:
        json.dump(golden, f, allow_nan=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
