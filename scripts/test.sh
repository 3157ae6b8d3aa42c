#!/usr/bin/env bash
# The test command (README and .ci/run), as root on Debian with Node.js: installs what the tests need
# (etcd; age for the interoperability tests; docker.io (Docker Engine and its CLI), podman and runc
# for the container target, iptables and nsenter for cutting links between its members; sshd and
# iproute2 for the ssh target; debootstrap for the ssh target's systemd hosts; chromium, in which
# Mermaid renders the job summary's diagrams), starts its own Docker Engine and podman API for the
# length of the run (scripts/test-engines.sh), fetches etcd 3.5 from Debian's newer suites into a
# cache outside the checkout (scripts/etcd-releases.sh) and builds the systemd hosts' image
# (scripts/systemd-host-image.sh) in the background, builds, type-checks, lints (eslint, prettier
# --check), and runs the unit tests and then the integration tests against real etcd clusters, one
# file at a time. Each phase prints its time.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/test-engines.sh
source scripts/test-engines.sh
# shellcheck source=scripts/etcd-releases.sh
source scripts/etcd-releases.sh

# The etcd releases the suite runs beside this machine's own (Debian bookworm's 3.4.23): version:suite.
ETCD_35_RELEASES=(3.5.16:trixie 3.5.30:sid)

run_started=$SECONDS
phase_name=""
phase_started=$SECONDS
# Ends the phase under way (printing its time) and starts the next, if named.
phase() {
  [ -z "$phase_name" ] || printf '== %s (%ss)\n' "$phase_name" "$((SECONDS - phase_started))"
  phase_name="$*"
  phase_started=$SECONDS
  [ -z "$phase_name" ] || printf '== %s\n' "$phase_name"
}

[ "$(id -u)" -eq 0 ] || {
  echo "the test command runs as root: it starts dockerd and podman, and the ssh target's hosts live in network namespaces" >&2
  exit 1
}
missing=()
for tool in etcd:etcd-server etcdctl:etcd-client age:age dockerd:docker.io docker:docker.io podman:podman runc:runc \
  sshd:openssh-server ip:iproute2 iptables:iptables nsenter:util-linux ssh-keygen:openssh-client \
  debootstrap:debootstrap chromium:chromium; do
  command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
done
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
if [ "${#missing[@]}" -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  phase "installing Debian packages system-wide: ${missing[*]}$([[ " ${missing[*]} " != *" chromium "* ]] || echo " (chromium: a headless browser in which Mermaid renders the job summary's diagrams)")"
  env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

declare -A background_pids=()
cleanup() {
  # Background jobs run in sessions of their own: one still running ends with what it started
  # (debootstrap, apt), by its session's process group.
  local name
  for name in "${!background_pids[@]}"; do kill -- "-${background_pids[$name]}" 2>/dev/null || true; done
  for name in "${!background_pids[@]}"; do wait "${background_pids[$name]}" 2>/dev/null || true; done
  stop_test_engines
  rm -rf "$run_registry" "$logs"
}
# The CLI records the clusters it starts for `etcd-ha ps`; the tests keep that record to themselves.
run_registry="$(mktemp -d)"
export ETCD_HA_STATE_HOME="$run_registry"
logs="$(mktemp -d)"
trap cleanup EXIT
# What the tests fetch or build once and reuse across runs: etcd releases, the systemd hosts' root.
export ETCD_HA_TEST_CACHE="${ETCD_HA_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etcd-ha-test}"
mkdir -p "$ETCD_HA_TEST_CACHE"

phase "starting Docker Engine (dockerd) and podman's Docker API for this run, on private sockets"
start_test_engines "$(mktemp -d)"

# Runs "$@" in the background, in a session of its own, its output and its time in $logs/<name>.*.
background() {
  local name="$1"
  shift
  setsid bash -c 'started=$SECONDS; "$@"; status=$?; echo "$((SECONDS - started))" >"'"$logs/$name"'.seconds"; exit $status' \
    "$name" "$@" >"$logs/$name.log" 2>&1 &
  background_pids[$name]=$!
}
# Waits for a background job; fails the run with its log if it failed.
await() {
  local name="$1" status=0
  wait "${background_pids[$name]}" || status=$?
  unset "background_pids[$name]"
  if [ "$status" -ne 0 ]; then
    echo "$name failed (exit $status); its log:" >&2
    cat "$logs/$name.log" >&2
    exit 1
  fi
  printf '== %s, in the background (%ss)\n' "$name" "$(cat "$logs/$name.seconds")"
  sed 's/^/   /' "$logs/$name.log"
}
phase "in the background: etcd ${ETCD_35_RELEASES[*]} from Debian into $ETCD_HA_TEST_CACHE/etcd; the systemd hosts' image"
background etcd-releases bash -c 'set -euo pipefail; source scripts/etcd-releases.sh; fetch_etcd_releases "$@"' \
  fetch "$ETCD_HA_TEST_CACHE" "${ETCD_35_RELEASES[@]}"
background systemd-host-image bash scripts/systemd-host-image.sh

phase "installing npm dependencies (npm ci)"
bash scripts/install-deps.sh
phase "building dist/ (esbuild: every entry and their shared chunks, a few seconds)"
npm run build --silent
phase "type-checking"
npx --no-install tsc --noEmit
phase "linting (eslint, prettier --check)"
npm run lint --silent
export NODE_OPTIONS=--experimental-vm-modules
phase "unit tests"
npx --no-install jest --selectProjects unit
phase "waiting for the background jobs"
await etcd-releases
await systemd-host-image
phase "integration tests against real etcd (Docker Engine's images go with its data root; podman keeps localhost/etcd-ha-test/etcd:*: 'podman rmi' them to reclaim the space)"
npx --no-install jest --selectProjects integration --runInBand
phase ""
printf '== all tests passed (%ss in all)\n' "$((SECONDS - run_started))"
