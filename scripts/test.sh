#!/usr/bin/env bash
# The test command (README and .ci/run): installs what the tests need (etcd, and age for the
# interoperability tests), builds, type-checks, and runs
# the unit tests and then the integration tests against real etcd clusters, one file at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v etcd >/dev/null || ! command -v etcdctl >/dev/null || ! command -v age >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client age >/dev/null
fi
bash scripts/install-deps.sh
npm run build --silent
npx --no-install tsc --noEmit
export NODE_OPTIONS=--experimental-vm-modules
npx --no-install jest --selectProjects unit
npx --no-install jest --selectProjects integration --runInBand
