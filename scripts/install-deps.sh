#!/usr/bin/env bash
# Installs the npm dependencies from package-lock.json. npm 11.16 and later can refuse, in `npm ci`, a
# lock file npm itself wrote when optional platform packages are involved (npm/cli#9846); then the
# same lock file is installed with `npm install`, which keeps its versions.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/etcd-ha-npm-ci.log; then
  echo "npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' /tmp/etcd-ha-npm-ci.log || echo 'see above')); installing it with npm install" >&2
  npm install --no-audit --no-fund --loglevel=error
fi
