#!/usr/bin/python3
"""Regenerates every reference-value file in test/golden with Debian's scipy.

Run with /usr/bin/python3 (Debian python3-scipy 1.10.1, numpy, pandas, python3-sklearn 1.2.1 for the
model metrics): `npm run golden`.
Each generator records the scipy/numpy versions it used inside the JSON it writes; the
tests compare our TypeScript against these files with the tolerances they state.
"""
import pathlib
import subprocess
import sys

import numpy
import scipy

HERE = pathlib.Path(__file__).resolve().parent
GENERATORS = sorted(HERE.glob("gen_*.py")) + [HERE / "make_compat_golden.py"]


def main() -> int:
    print(f"scipy {scipy.__version__}, numpy {numpy.__version__}, python {sys.version.split()[0]}")
    for script in GENERATORS:
        print(f"-> {script.name}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, cwd=HERE.parent.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
