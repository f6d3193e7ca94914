#!/usr/bin/env bash
# Runs a command with Node.js 24, the Lambda runtime (NODEJS_24_X), first on PATH: `npm run test:node24`
# runs the Lambda-side tests with it. The binary comes from the npm registry's node-linux-<arch>
# package, pinned to one version and its published integrity, and is kept in .cache/ (gitignored), so
# only the first run downloads it (~30 MB compressed).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=24.22.3
case "$(uname -m)" in
  x86_64) arch=x64; integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
  aarch64 | arm64) arch=arm64; integrity='sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==' ;;
  *) echo "node24: no Node 24 package for $(uname -m)" >&2; exit 1 ;;
esac

dir=".cache/node-$VERSION-linux-$arch"
node24="$dir/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$node24" ]; then
  npm install --prefix "$dir" --no-audit --no-fund --prefer-offline --ignore-scripts --save-exact \
    "node-linux-$arch@$VERSION" >&2
  if ! grep -qF "\"integrity\": \"$integrity\"" "$dir/package-lock.json"; then
    rm -rf "$dir"
    echo "node24: node-linux-$arch@$VERSION does not have the pinned integrity" >&2
    exit 1
  fi
fi
if [ "$("$node24" --version)" != "v$VERSION" ]; then
  echo "node24: $node24 is not v$VERSION" >&2
  exit 1
fi

# Child processes that run `node` (and process.execPath in tests) get the same binary.
PATH="$(cd "$(dirname "$node24")" && pwd):$PATH" exec "$@"
