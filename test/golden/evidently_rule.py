"""Independent re-implementation of Evidently 0.4.x per-column data drift with DataDriftPreset defaults.

Evidently is not installable here, so this follows its source line by line (evidentlyai/evidently,
src/evidently/calculations/...). Each function names the Evidently function it mirrors. It imports nothing
from driftwatch: it is the reference the `--compat evidently` mode is tested against.

Besides Evidently's drift_score (the p-value for tests, the distance for distances) it also reports the test
statistic Evidently computes internally but does not return (KS D, z, chi-square), because driftwatch's report
carries both.

Usage (Debian python: scipy 1.10.1, numpy, pandas):
    /usr/bin/python3 test/golden/evidently_rule.py <reference.csv> <current.csv> <columns.json>
columns.json maps column -> "num" | "cat" | "skip". Prints one JSON object.
"""
import json
import math
import sys
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance
from scipy.stats import chisquare, ks_2samp, norm

# Evidently DataDriftOptions defaults (options/data_drift.py): stattest thresholds come from each StatTest's
# default_threshold (registry.py StatTest: 0.05; jensenshannon.py / wasserstein_distance_norm.py: 0.1),
# drift_share 0.5 (data_drift.py get_dataset_drift).
P_VALUE_THRESHOLD = 0.05
DISTANCE_THRESHOLD = 0.1
DRIFT_SHARE = 0.5


def clean_column(column: pd.Series) -> pd.Series:
    # data_drift.py get_one_column_drift: column.replace([-np.inf, np.inf], np.nan).dropna(), then an empty
    # result is a ValueError ("An empty column ... was provided for drift calculation").
    return column.replace([-np.inf, np.inf], np.nan).dropna()


def default_method(reference: pd.Series, current: pd.Series, kind: str) -> str:
    """stattests/registry.py _get_default_stattest, on the cleaned columns.

    n is reference_data.shape[0] after dropna (not the file's row count); n_values is the nunique of the
    concatenated cleaned columns (pandas nunique: NaN excluded, 1 and 1.0 and True are one value).
    """
    n_values = pd.concat([reference, current]).nunique()
    if reference.shape[0] <= 1000:
        if kind == "num":
            if n_values <= 5:
                return "chi_square" if n_values > 2 else "z"
            return "ks"
        if kind == "cat":
            return "chi_square" if n_values > 2 else "z"
    else:
        if kind == "num":
            return "jensen_shannon" if n_values <= 5 else "wasserstein"
        if kind == "cat":
            return "jensen_shannon"
    raise ValueError(f"Unexpected feature_type {kind}")


def unique_not_nan_keys(current: pd.Series, reference: pd.Series) -> list:
    # stattests/utils.py get_unique_not_nan_values_list_from_series (set order: only summation order depends on it)
    return list(set(reference.dropna().unique()) | set(current.dropna().unique()))


def get_binned_data(reference: pd.Series, current: pd.Series, kind: str, n: int, feel_zeroes: bool = True):
    """stattests/utils.py get_binned_data. `n` is unused there too (the Sturges rule picks the bin count)."""
    n_vals = reference.nunique()
    if kind == "num" and n_vals > 20:
        bins = np.histogram_bin_edges(pd.concat([reference, current], axis=0).values, bins="sturges")
        reference_percents = np.histogram(reference, bins)[0] / len(reference)
        current_percents = np.histogram(current, bins)[0] / len(current)
    else:
        keys = unique_not_nan_keys(current=current, reference=reference)
        ref_feature_dict = {**dict.fromkeys(keys, 0), **dict(reference.value_counts())}
        current_feature_dict = {**dict.fromkeys(keys, 0), **dict(current.value_counts())}
        reference_percents = np.array([ref_feature_dict[key] / len(reference) for key in keys])
        current_percents = np.array([current_feature_dict[key] / len(current) for key in keys])

    if feel_zeroes:
        np.place(
            reference_percents,
            reference_percents == 0,
            min(reference_percents[reference_percents != 0]) / 10**6
            if min(reference_percents[reference_percents != 0]) <= 0.0001
            else 0.0001,
        )
        np.place(
            current_percents,
            current_percents == 0,
            min(current_percents[current_percents != 0]) / 10**6
            if min(current_percents[current_percents != 0]) <= 0.0001
            else 0.0001,
        )
    return reference_percents, current_percents


def ks_test(reference: pd.Series, current: pd.Series) -> Tuple[float, float, bool]:
    # stattests/ks_stattest.py _ks_stat_test: ks_2samp default (two-sided, method 'auto'); drift if p <= threshold
    # (note: <=, unlike the other p-value tests).
    result = ks_2samp(reference, current)
    p_value = float(result[1])
    return float(result[0]), p_value, p_value <= P_VALUE_THRESHOLD


def proportions_diff_z_stat_ind(ref: pd.Series, curr: pd.Series) -> float:
    # stattests/z_stattest.py proportions_diff_z_stat_ind
    n1 = len(ref)
    n2 = len(curr)
    p1 = float(sum(ref)) / n1
    p2 = float(sum(curr)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    return (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))


def z_test(reference: pd.Series, current: pd.Series) -> Tuple[float, float, bool]:
    """stattests/z_stattest.py _z_stat_test; drift if p < threshold.

    The value coded 0 is the smallest of the sorted union of values (False before True, 0 before 1, strings by
    code point); every other value is 1. So z = (share_ref(not smallest) - share_cur(not smallest)) / se.
    When both sides hold the same single value Evidently returns p = 1 without computing z; we report z = 0.
    """
    if (
        reference.nunique() == 1
        and current.nunique() == 1
        and reference.unique()[0] == current.unique()[0]
    ):
        return 0.0, 1.0, False
    keys = set(list(reference.unique()) + list(current.unique())) - {np.nan}
    ordered_keys = sorted(list(keys))
    z = proportions_diff_z_stat_ind(
        reference.apply(lambda x, key=ordered_keys[0]: 0 if x == key else 1),
        current.apply(lambda x, key=ordered_keys[0]: 0 if x == key else 1),
    )
    # proportions_diff_z_test two-sided: 2 * (1 - norm.cdf(|z|)) (not norm.sf: it rounds to 0 past |z| ~ 8.3)
    p_value = float(2 * (1 - norm.cdf(np.abs(z))))
    return float(z), p_value, p_value < P_VALUE_THRESHOLD


def chi_square_test(reference: pd.Series, current: pd.Series) -> Tuple[float, float, bool]:
    """stattests/chisquare_stattest.py _chi_stat_test: goodness of fit of current counts against reference
    proportions scaled to the current size; drift if p < threshold.

    A value the reference never has gets f_exp = 0, so the statistic is +inf and p = 0 (scipy warns).
    """
    keys = unique_not_nan_keys(current=current, reference=reference)
    ref_feature_dict = {**dict.fromkeys(keys, 0), **dict(reference.value_counts())}
    current_feature_dict = {**dict.fromkeys(keys, 0), **dict(current.value_counts())}
    k_norm = current.shape[0] / reference.shape[0]
    f_exp = [ref_feature_dict[key] * k_norm for key in keys]
    f_obs = [current_feature_dict[key] for key in keys]
    with np.errstate(divide="ignore", invalid="ignore"):
        result = chisquare(f_obs, f_exp)
    p_value = float(result[1])
    return float(result[0]), p_value, p_value < P_VALUE_THRESHOLD


def wasserstein_test(reference: pd.Series, current: pd.Series) -> Tuple[float, None, bool]:
    # stattests/wasserstein_distance_norm.py _wasserstein_distance_norm: np.std on a Series is Series.std(ddof=0)
    norm_ = max(np.std(reference), 0.001)
    value = float(stats.wasserstein_distance(reference, current) / norm_)
    return value, None, value >= DISTANCE_THRESHOLD


def jensen_shannon_test(reference: pd.Series, current: pd.Series, kind: str) -> Tuple[float, None, bool]:
    # stattests/jensenshannon.py _jensenshannon: n_bins=30, base=None (natural log), feel_zeroes=False
    reference_percents, current_percents = get_binned_data(reference, current, kind, 30, False)
    value = float(distance.jensenshannon(reference_percents, current_percents, None))
    return value, None, value >= DISTANCE_THRESHOLD


EVIDENTLY_NAMES = {
    "ks": "ks",
    "z": "z",
    "chi_square": "chisquare",
    "wasserstein": "wasserstein",
    "jensen_shannon": "jensenshannon",
}


def column_drift(name: str, reference_raw: pd.Series, current_raw: pd.Series, kind: str) -> Dict[str, Any]:
    reference = clean_column(reference_raw)
    current = clean_column(current_raw)
    if reference.empty:
        raise ValueError(f"An empty column '{name}' was provided for drift calculation in the reference dataset.")
    if current.empty:
        raise ValueError(f"An empty column '{name}' was provided for drift calculation in the current dataset.")
    if kind == "num" and not (
        pd.api.types.is_numeric_dtype(reference) and pd.api.types.is_numeric_dtype(current)
    ):
        raise ValueError(f"Column '{name}' should contain numerical values only.")
    method = default_method(reference, current, kind)
    if method == "ks":
        statistic, p_value, drifted = ks_test(reference, current)
    elif method == "z":
        statistic, p_value, drifted = z_test(reference, current)
    elif method == "chi_square":
        statistic, p_value, drifted = chi_square_test(reference, current)
    elif method == "wasserstein":
        statistic, p_value, drifted = wasserstein_test(reference, current)
    else:
        statistic, p_value, drifted = jensen_shannon_test(reference, current, kind)
    return {
        "name": name,
        "kind": kind,
        "method": method,
        "evidentlyStattest": EVIDENTLY_NAMES[method],
        "statistic": statistic,
        "pValue": p_value,
        "driftScore": p_value if p_value is not None else statistic,
        "threshold": P_VALUE_THRESHOLD if p_value is not None else DISTANCE_THRESHOLD,
        "drifted": bool(drifted),
        "nReference": int(reference.shape[0]),
        "nCurrent": int(current.shape[0]),
        "nUniqueUnion": int(pd.concat([reference, current]).nunique()),
    }


def dataset_drift(reference: pd.DataFrame, current: pd.DataFrame, kinds: Dict[str, str]) -> Dict[str, Any]:
    features: List[Dict[str, Any]] = []
    for name, kind in kinds.items():
        if kind == "skip":
            continue
        if name not in current:
            raise ValueError(f"Cannot find column '{name}' in current dataset")
        if name not in reference:
            raise ValueError(f"Cannot find column '{name}' in reference dataset")
        features.append(column_drift(name, reference[name], current[name], kind))
    # data_drift.py get_dataset_drift: share = drifted / all drift columns, dataset drift if share >= drift_share
    drifted_count = sum(1 for f in features if f["drifted"])
    share = drifted_count / len(features)
    return {
        "dataset": {
            "drifted": bool(share >= DRIFT_SHARE),
            "driftedShare": share,
            "driftedCount": drifted_count,
            "featureCount": len(features),
        },
        "features": features,
    }


def json_safe(value: Any) -> Any:
    """JSON has no Infinity/NaN: write them as the strings "Infinity", "-Infinity", "NaN"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def run(reference_csv: str, current_csv: str, kinds: Dict[str, str]) -> Dict[str, Any]:
    reference = pd.read_csv(reference_csv)
    current = pd.read_csv(current_csv)
    return dataset_drift(reference, current, kinds)


def main(argv: List[str]) -> None:
    if len(argv) != 4:
        sys.exit("usage: evidently_rule.py <reference.csv> <current.csv> <columns.json>")
    with open(argv[3]) as handle:
        kinds: Dict[str, str] = json.load(handle)
    print(json.dumps(json_safe(run(argv[1], argv[2], kinds)), indent=2, allow_nan=False))


if __name__ == "__main__":
    main(sys.argv)
