# Sourced by scripts/test.sh: the two container engines the container target is tested on, each private
# to the test run and ended by PID when it ends.
#
#   start_test_engines <dir>   starts Docker Engine (dockerd) and podman's Docker-compatible API with
#                              their sockets, state and logs under <dir>; exports DOCKER_HOST (Docker
#                              Engine, what most tests use), ETCD_HA_TEST_PODMAN_HOST and
#                              ETCD_HA_TEST_PODMAN_API_VERSION (what the podman tests set as
#                              DOCKER_HOST and DOCKER_API_VERSION)
#   stop_test_engines          ends both and removes <dir>; safe to call after a failed start
#
# dockerd always runs on its own --data-root, --exec-root, socket and pidfile, beside any engine the
# machine already has: the tests never touch the machine's own containers or images. (It keeps the
# default bridge docker0: `--bridge none` would delete the interface that a machine's own engine uses.)

test_engines_dir=""
test_engines_dockerd_pid=""
test_engines_podman_pid=""

# Ends <pid> with SIGTERM, SIGKILL after <seconds>; returns when it has exited.
test_engines_end() {
  local pid="$1" seconds="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "engine process $pid did not end within ${seconds}s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Waits (at most <seconds>) until the docker CLI gets an answer from <host>, served by <pid>; gives up
# at once if that process ended.
test_engines_wait() {
  local host="$1" seconds="$2" pid="$3" api="${4:-}"
  for _ in $(seq 1 $((seconds * 10))); do
    DOCKER_HOST="$host" DOCKER_API_VERSION="$api" docker version >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

start_test_engines() {
  test_engines_dir="$1"
  mkdir -p "$test_engines_dir"
  local dir="$test_engines_dir"
  # The socket paths must stay under the 108 bytes of a unix socket address.
  dockerd --data-root "$dir/docker-data" --exec-root "$dir/docker-exec" \
    -H "unix://$dir/docker.sock" --pidfile "$dir/docker.pid" \
    >"$dir/dockerd.log" 2>&1 &
  test_engines_dockerd_pid=$!

  if [ ! -e /etc/containers/containers.conf ]; then
    echo "writing /etc/containers/containers.conf (cgroupfs, runc, ulimits): podman needs it without systemd"
    # cgroupfs and runc work without systemd; the ulimits stay under this machine's hard limits.
    ${sudo:-} mkdir -p /etc/containers
    printf '%s\n' '[containers]' 'default_ulimits = ["nofile=10000:10000", "nproc=10000:10000"]' \
      '[engine]' 'cgroup_manager = "cgroupfs"' 'events_logger = "file"' 'runtime = "runc"' |
      ${sudo:-} tee /etc/containers/containers.conf >/dev/null
  fi
  podman system service --time=0 "unix://$dir/podman.sock" >"$dir/podman.log" 2>&1 &
  test_engines_podman_pid=$!

  if ! test_engines_wait "unix://$dir/docker.sock" 60 "$test_engines_dockerd_pid"; then
    echo "dockerd did not answer on unix://$dir/docker.sock (it ended, or 60 s passed); its log:" >&2
    tail -n 60 "$dir/dockerd.log" >&2
    return 1
  fi
  # podman 4 reports API 1.41 but takes the per-network MAC address the container target sets (1.44).
  if ! test_engines_wait "unix://$dir/podman.sock" 30 "$test_engines_podman_pid" 1.44; then
    echo "podman did not answer on unix://$dir/podman.sock (it ended, or 30 s passed); its log:" >&2
    tail -n 60 "$dir/podman.log" >&2
    return 1
  fi
  export DOCKER_HOST="unix://$dir/docker.sock"
  export ETCD_HA_TEST_PODMAN_HOST="unix://$dir/podman.sock" ETCD_HA_TEST_PODMAN_API_VERSION=1.44
  echo "Docker Engine $(docker version --format '{{.Server.Version}}') on $DOCKER_HOST (docker CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null), $(command -v docker)); podman $(podman --version | awk '{ print $3 }') on $ETCD_HA_TEST_PODMAN_HOST"
}

stop_test_engines() {
  local dir="$test_engines_dir"
  [ -n "$dir" ] || return 0
  # dockerd stops its containers (SIGTERM, then SIGKILL after their stop timeout) and its containerd.
  test_engines_end "$test_engines_dockerd_pid" 30
  test_engines_end "$test_engines_podman_pid" 10
  test_engines_dockerd_pid=""
  test_engines_podman_pid=""
  # Whatever dockerd left mounted (a daemon that had to be killed) is unmounted before the folder goes.
  local mount
  for mount in $(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$dir"
  test_engines_dir=""
}
