"""Golden values for multivariate drift (lambdas/core/multivariate), from scikit-learn.

Run with the Debian interpreter (python3-sklearn 1.2.1, numpy 1.24.2):

    /usr/bin/python3 test/golden/gen_pca.py

Writes test/golden/pca.json with two kinds of case:

- "pca": a data matrix (one of "datasets", by name) and n_components as a variance share; sklearn PCA's components_,
  explained_variance_ and explained_variance_ratio_. Each component is stored signed so its
  largest entry by magnitude is positive (LAPACK's sign is not portable across CPUs; the TypeScript
  uses the same convention, and the test compares up to sign anyway).
- "reconstruction": NannyML's data reconstruction pipeline on a reference and an analysis table
  with numeric and categorical columns and missing cells: SimpleImputer (mean for numbers,
  most_frequent for categories), frequency encoding (category_encoders' CountEncoder with
  normalize=True, which Debian does not package: written here with pandas, unseen categories 0),
  StandardScaler, PCA(n_components=share), and each row's Euclidean reconstruction error.
"""

import json

import numpy as np
import pandas as pd
import sklearn
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler

from golden_path import golden_path

rng = np.random.default_rng(20261206)


def canonical_sign(components):
    out = []
    for row in components:
        k = int(np.argmax(np.abs(row)))
        out.append([float(v) for v in (row if row[k] >= 0 else -row)])
    return out


def pca_case(name, datasets, dataset, share):
    pca = PCA(n_components=share, svd_solver="full").fit(datasets[dataset])
    return {
        "name": name,
        "share": share,
        "dataset": dataset,
        "components": canonical_sign(pca.components_),
        "explained_variance": [float(v) for v in pca.explained_variance_],
        "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
    }


def correlated(n, d, decay):
    """n rows of d columns whose covariance has eigenvalues decay**i (distinct, so components are well defined)."""
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    scales = np.sqrt(decay ** np.arange(d))
    # Rounded: the file stays small, and what is fitted is exactly what is stored.
    return np.round(rng.normal(size=(n, d)) * scales @ q.T + rng.normal(0, 3, d), 4)


def pca_cases():
    x = np.round(rng.normal(size=(200, 3)), 4)
    datasets = {
        "six": correlated(300, 6, 0.5),
        "twenty": correlated(400, 20, 0.8),
        "repeated": np.column_stack([x, x[:, 0]]),
    }
    cases = [pca_case(f"6 correlated columns, share {share}", datasets, "six", share) for share in (0.3, 0.65, 0.9, 0.99)]
    cases.append(pca_case("20 columns, share 0.65", datasets, "twenty", 0.65))
    cases.append(pca_case("a column repeated (rank 3 of 4)", datasets, "repeated", 0.65))
    rows = {name: [[float(v) for v in row] for row in data] for name, data in datasets.items()}
    return rows, cases


def frequency_encode(reference, analysis, column):
    shares = reference[column].value_counts(normalize=True)
    return analysis[column].map(shares).fillna(0.0).astype(float)


def reconstruction_errors(reference, analysis, numeric, categorical, share):
    ref = reference.copy()
    ana = analysis.copy()
    if categorical:
        imputer = SimpleImputer(strategy="most_frequent").fit(ref[categorical])
        ref[categorical] = imputer.transform(ref[categorical])
        ana[categorical] = imputer.transform(ana[categorical])
    if numeric:
        imputer = SimpleImputer(strategy="mean").fit(ref[numeric])
        ref[numeric] = imputer.transform(ref[numeric])
        ana[numeric] = imputer.transform(ana[numeric])
    columns = numeric + categorical
    enc_ref = ref[columns].copy()
    enc_ana = ana[columns].copy()
    for c in categorical:
        enc_ana[c] = frequency_encode(ref, ana, c)
        enc_ref[c] = frequency_encode(ref, ref, c)
    scaler = StandardScaler().fit(enc_ref.astype(float))
    scaled_ref = scaler.transform(enc_ref.astype(float))
    scaled_ana = scaler.transform(enc_ana.astype(float))
    pca = PCA(n_components=share, svd_solver="full").fit(scaled_ref)
    rebuilt = pca.inverse_transform(pca.transform(scaled_ana))
    errors = np.linalg.norm(scaled_ana - rebuilt, axis=1)
    return pca, errors


def table(n, shift):
    a = np.round(rng.normal(0, 1, n), 4)
    b = np.round(2 * a + rng.normal(0, 0.5, n) + shift, 4)
    c = np.round(rng.exponential(1, n), 4)
    colour = rng.choice(["red", "green", "blue", "grey"], n, p=[0.4, 0.3, 0.2, 0.1])
    size = np.where(a > 0.5, "large", np.where(a < -0.5, "small", "medium"))
    frame = pd.DataFrame({"a": a, "b": b, "c": c, "colour": colour, "size": size}).astype(object)
    for column in frame.columns:
        # NaN, as pandas reads an empty cell: SimpleImputer takes None for a category of its own.
        frame.loc[rng.choice(n, n // 20, replace=False), column] = np.nan
    return frame


def cell(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value if isinstance(value, str) else float(value)


def reconstruction_case(name, reference, analysis, share):
    numeric = ["a", "b", "c"]
    categorical = ["colour", "size"]
    ref = reference.copy()
    ana = analysis.copy()
    ref[numeric] = ref[numeric].astype(float)
    ana[numeric] = ana[numeric].astype(float)
    pca, errors = reconstruction_errors(ref, ana, numeric, categorical, share)
    return {
        "name": name,
        "share": share,
        "numeric": numeric,
        "categorical": categorical,
        "reference": {c: [cell(v) for v in reference[c]] for c in reference.columns},
        "analysis": {c: [cell(v) for v in analysis[c]] for c in analysis.columns},
        "components": int(pca.n_components_),
        "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
        "errors": [float(v) for v in errors],
        "mean_error": float(errors.mean()),
    }


def reconstruction_cases():
    reference = table(400, 0.0)
    analysis = table(200, 0.0)
    analysis.loc[0, "colour"] = "purple"  # unseen in the reference: frequency 0
    shifted = table(200, 1.5)
    return [
        reconstruction_case("same source, an unseen category", reference, analysis, 0.65),
        reconstruction_case("b shifted off its line with a", reference, shifted, 0.65),
        reconstruction_case("reference against itself, share 0.9", reference, reference, 0.9),
    ]


def main():
    datasets, cases = pca_cases()
    golden = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "datasets": datasets,
        "pca": cases,
        "reconstruction": reconstruction_cases(),
    }
    with open(golden_path("pca.json"), "w") as f:
        json.dump(golden, f, allow_nan=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
