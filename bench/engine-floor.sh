#!/usr/bin/env bash
# The engine floor of a 3-member container run with the default checks: the engine operations such a
# run cannot avoid, as plain docker CLI calls against the engine at DOCKER_HOST, and nothing else.
# A network; 3 containers of <image> running etcd, created and started together (up); a kill and a
# start (failover); 2 kills in a row and 2 starts together (quorum-loss); the containers removed
# together and the network (teardown). bench/engine-floor.mjs times it beside the whole runs.
#
# Usage: bash bench/engine-floor.sh <image> [subnet prefix, default 172.30.240]
set -euo pipefail
image="$1"
prefix="${2:-172.30.240}"
tag="etcd-ha-floor-$$"
names=("$tag-1" "$tag-2" "$tag-3")
cleanup() {
  docker rm --force "${names[@]}" >/dev/null 2>&1 || true
  docker network rm "$tag" >/dev/null 2>&1 || true
}
trap cleanup EXIT

docker network create --driver bridge --subnet "$prefix.0/24" "$tag" >/dev/null
pids=()
for i in 1 2 3; do
  docker run --detach --name "${names[i - 1]}" --network "$tag" --ip "$prefix.1$i" \
    --entrypoint /usr/local/bin/etcd "$image" --name "m$i" --data-dir /var/lib/etcd/data >/dev/null &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
docker kill "${names[0]}" >/dev/null
docker start "${names[0]}" >/dev/null
docker kill "${names[1]}" >/dev/null
docker kill "${names[2]}" >/dev/null
docker start "${names[1]}" >/dev/null &
docker start "${names[2]}" >/dev/null
wait
docker rm --force "${names[@]}" >/dev/null
docker network rm "$tag" >/dev/null
trap - EXIT
