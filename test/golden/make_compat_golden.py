"""Writes test/golden/compat.json: Evidently 0.4.x DataDriftPreset results for the compat fixture pairs.

Run from the repo root after `npx tsx test/fixtures/compat/make_compat.ts`:
    /usr/bin/python3 test/golden/make_compat_golden.py
The expected values come from test/golden/evidently_rule.py (an independent port of Evidently's source) over
the truth CSVs; every writer's copy of a pair (checked equal to the truth by make_compat.ts) shares them.
"""
import json
import os
import platform
import sys

# Evidently iterates a set of values (string hashes are salted per process), which moves the last bit of a
# Jensen-Shannon sum between runs; a fixed hash seed keeps the committed file byte-stable.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evidently_rule  # noqa: E402
from golden_path import golden_path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path("test/fixtures/compat")
PAIRS = ("small", "large")
# writer -> file name of each side inside test/fixtures/compat/<pair>/<writer>/
WRITERS = {
    "duckdb": "{side}.parquet",
    "hyparquet": "{side}.parquet",
    "pandas": "{side}.csv.gz",
    "truth": "{side}.csv.gz",
}


def check_float_parsing(path: Path) -> None:
    """pandas' default float parser is not always correctly rounded; the fixtures' 6-decimal doubles must parse
    to the same numbers as the round-trip parser, or golden values would describe different data."""
    default = pd.read_csv(path)
    exact = pd.read_csv(path, float_precision="round_trip")
    for column in default.columns:
        if pd.api.types.is_float_dtype(default[column]):
            same = (default[column] == exact[column]) | (default[column].isna() & exact[column].isna())
            if not same.all():
                raise SystemExit(f"{path}:{column}: pandas default float parsing differs from round_trip")


def main() -> None:
    kinds = json.loads((ROOT / FIXTURES / "columns.json").read_text())
    pairs = {}
    for pair in PAIRS:
        truth = {side: ROOT / FIXTURES / pair / "truth" / f"{side}.csv.gz" for side in ("baseline", "current")}
        for path in truth.values():
            check_float_parsing(path)
        result = evidently_rule.run(str(truth["baseline"]), str(truth["current"]), kinds)
        for feature in result["features"]:
            margin = abs(feature["driftScore"] - feature["threshold"]) / feature["threshold"]
            if margin < 1e-6:
                raise SystemExit(f"{pair}/{feature['name']}: drift score too close to its threshold to test")
        pairs[pair] = {
            "inputs": {
                writer: {
                    side: str(FIXTURES / pair / writer / pattern.format(side=side))
                    for side in ("baseline", "current")
                }
                for writer, pattern in WRITERS.items()
            },
            "skipped": [name for name, kind in kinds.items() if kind == "skip"],
            "exitCode": 1 if result["dataset"]["drifted"] else 0,
            **result,
        }
    golden = {
        "description": "Evidently 0.4.x DataDriftPreset defaults on test/fixtures/compat pairs",
        "generator": "test/golden/make_compat_golden.py (rule: test/golden/evidently_rule.py)",
        "versions": {
            "python": platform.python_version(),
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
        },
        "columns": kinds,
        "pairs": pairs,
    }
    out = Path(golden_path("compat.json"))
    out.write_text(json.dumps(evidently_rule.json_safe(golden), indent=2, allow_nan=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
