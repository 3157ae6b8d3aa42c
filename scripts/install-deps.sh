#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json. npm 11.16 and later can refuse, in `npm ci`, a
# lock file npm itself wrote when optional platform packages are involved (npm/cli#9846); then the
# same lock file is installed with `npm install`, which keeps its versions.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund --loglevel=error 2>"$log"; then
  echo "npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' "$log" || echo 'see npm ci'));" \
    "installing it with npm install" >&2
  npm install --no-audit --no-fund --loglevel=error
fi
