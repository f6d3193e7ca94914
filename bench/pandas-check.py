"""The pandas + scipy equivalent of `driftwatch check` on the benchmark pair, for the benchmark.

Reads both CSV files with pandas (Debian python3-pandas: no pyarrow, so no Parquet), then per
numeric column the two-sample KS test and the Wasserstein distance normed by the reference std,
per categorical column value counts and the Jensen-Shannon distance, as Evidently computes them.

    /usr/bin/python3 bench/pandas-check.py reference.csv current.csv
"""
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

reference_path, current_path = sys.argv[1:3]
reference = pd.read_csv(reference_path)
current = pd.read_csv(current_path)
results = {}
for column in reference.columns:
    ref = reference[column].dropna()
    cur = current[column].dropna()
    if pd.api.types.is_numeric_dtype(ref):
        ref = ref.to_numpy()
        cur = cur.to_numpy()
        ks = stats.ks_2samp(ref, cur)
        norm = max(np.std(ref), 0.001)
        results[column] = (ks.statistic, ks.pvalue, stats.wasserstein_distance(ref, cur) / norm)
    else:
        counts = pd.concat([ref.value_counts(), cur.value_counts()], axis=1).fillna(0)
        p = counts.iloc[:, 0].to_numpy() / counts.iloc[:, 0].sum()
        q = counts.iloc[:, 1].to_numpy() / counts.iloc[:, 1].sum()
        results[column] = (distance.jensenshannon(p, q),)
print(len(results), "columns compared")
