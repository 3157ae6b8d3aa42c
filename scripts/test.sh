#!/usr/bin/env bash
# The test command (README and .ci/run): installs what the tests need (etcd; age for the
# interoperability tests; podman, runc and the docker CLI for the container target, iptables and
# nsenter for cutting links between its members; sshd and iproute2 for the ssh target; chromium, in
# which Mermaid renders the job summary's diagrams), builds, type-checks, lints (eslint, prettier
# --check), and runs the unit tests and then the integration tests against real etcd clusters, one
# file at a time.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for tool in etcd:etcd-server etcdctl:etcd-client age:age podman:podman runc:runc sshd:openssh-server ip:iproute2 iptables:iptables nsenter:util-linux ssh-keygen:openssh-client chromium:chromium; do
  command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
done
command -v docker >/dev/null || missing+=(docker.io)
step() { printf '== %s\n' "$*"; }
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing Debian packages system-wide: ${missing[*]}$([[ " ${missing[*]} " != *" chromium "* ]] || echo " (chromium: a headless browser in which Mermaid renders the job summary's diagrams)")"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The container target is driven through the docker CLI. Where no Docker engine answers, podman
# serves its Docker-compatible API for the length of this script (ended by PID on exit).
engine_pid=""
cleanup() {
  if [ -n "$engine_pid" ]; then kill "$engine_pid" 2>/dev/null || true; wait "$engine_pid" 2>/dev/null || true; fi
  [ -z "${engine_dir:-}" ] || rm -rf "$engine_dir"
  rm -rf "$run_registry"
}
# The CLI records the clusters it starts for `etcd-ha ps`; the tests keep that record to themselves.
run_registry="$(mktemp -d)"
export ETCD_HA_STATE_HOME="$run_registry"
trap cleanup EXIT
if ! docker version >/dev/null 2>&1; then
  if [ ! -e /etc/containers/containers.conf ]; then
    step "writing /etc/containers/containers.conf (cgroupfs, runc, ulimits): podman needs it without systemd"
    # cgroupfs and runc work without systemd; the ulimits stay under this machine's hard limits.
    $sudo mkdir -p /etc/containers
    printf '%s\n' '[containers]' 'default_ulimits = ["nofile=10000:10000", "nproc=10000:10000"]' \
      '[engine]' 'cgroup_manager = "cgroupfs"' 'events_logger = "file"' 'runtime = "runc"' | $sudo tee /etc/containers/containers.conf >/dev/null
  fi
  engine_dir="$(mktemp -d)"
  step "serving podman's Docker API on $engine_dir/podman.sock for this run"
  podman system service --time=0 "unix://$engine_dir/podman.sock" >"$engine_dir/podman.log" 2>&1 &
  engine_pid=$!
  export DOCKER_HOST="unix://$engine_dir/podman.sock"
  # podman 4 reports API 1.41 but takes the per-network MAC address the container target sets (1.44).
  export DOCKER_API_VERSION=1.44
  for _ in $(seq 1 100); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
  docker version >/dev/null || { cat "$engine_dir/podman.log" >&2; exit 1; }
fi

step "installing npm dependencies (npm ci)"
bash scripts/install-deps.sh
step "building dist/ (esbuild: every entry and their shared chunks, a few seconds)"
npm run build --silent
step "type-checking"
npx --no-install tsc --noEmit
step "linting (eslint, prettier --check)"
npm run lint --silent
export NODE_OPTIONS=--experimental-vm-modules
step "unit tests"
npx --no-install jest --selectProjects unit
step "integration tests against real etcd (the container tests build and keep the image localhost/etcd-ha-test/etcd:debian; 'podman rmi' it to reclaim the space)"
npx --no-install jest --selectProjects integration --runInBand
