"""Where the generators write their JSON: this folder, or GOLDEN_DIR when set.

`npm run golden` regenerates in place; `npm run golden:check` sets GOLDEN_DIR to a temporary folder and
compares what it gets with the committed files within a tolerance (scripts/golden-check.ts), so a check
never rewrites the committed reference values.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def golden_path(name):
    return os.path.join(os.environ.get("GOLDEN_DIR") or HERE, name)
