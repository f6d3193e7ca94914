#!/usr/bin/env bash
# Debian packages the test suite uses: scipy/numpy/pandas and scikit-learn regenerate and cross-check
# the reference values (test/golden); chromium opens the HTML report headless (playwright-core drives it).
# Installed only when missing; needs root (apt-get).
set -euo pipefail
packages=()
if ! /usr/bin/python3 -c 'import scipy, numpy, pandas' 2>/dev/null; then
  packages+=(python3-scipy python3-numpy python3-pandas)
fi
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  packages+=(python3-sklearn)
fi
if [ ! -x /usr/bin/chromium ]; then
  packages+=(chromium)
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: run as root, or: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${packages[@]}" >/dev/null
