"""The peer of bench/label-join.ts: the same label join and metrics in pandas + scikit-learn.

    /usr/bin/python3 bench/label-join-peer.py <folder with predictions.csv, labels-*.csv> [runs]

Reading the CSV files is not timed; the join (first label of an id kept, as driftwatch's) and the
metrics are, median of `runs`. Prints JSON: {"wall": ms, "cpu": ms, "metrics": {...}}.
"""
import glob
import json
import os
import statistics
import sys
import time

import pandas as pd
from sklearn import metrics as skm

folder = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
predictions = pd.read_csv(os.path.join(folder, "predictions.csv"))
label_batches = [pd.read_csv(f) for f in sorted(glob.glob(os.path.join(folder, "labels-*.csv")))]


def once():
    labels = pd.concat(label_batches, ignore_index=True).drop_duplicates("id", keep="first")
    joined = predictions.merge(labels, on="id", how="inner")
    y, p, s = joined["target"].to_numpy(), joined["prediction"].to_numpy(), joined["score"].to_numpy()
    return {
        "accuracy": skm.accuracy_score(y, p),
        "balanced_accuracy": skm.balanced_accuracy_score(y, p),
        "precision": skm.precision_score(y, p),
        "recall": skm.recall_score(y, p),
        "f1": skm.f1_score(y, p),
        "f1_macro": skm.f1_score(y, p, average="macro"),
        "roc_auc": skm.roc_auc_score(y, s),
        "average_precision": skm.average_precision_score(y, s),
        "log_loss": skm.log_loss(y, s, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, s),
    }


walls, cpus = [], []
for _ in range(runs):
    wall, cpu = time.perf_counter(), time.process_time()
    values = once()
    walls.append((time.perf_counter() - wall) * 1000)
    cpus.append((time.process_time() - cpu) * 1000)
print(json.dumps({"wall": statistics.median(walls), "cpu": statistics.median(cpus), "metrics": {k: float(v) for k, v in values.items()}}))
