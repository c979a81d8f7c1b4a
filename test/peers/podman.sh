#!/usr/bin/env bash
# Real Podman 4.3 for the tests: rootful, with private containers/storage/registries config under
# .build/peers/podman/, serving the Docker-compatible and libpod API on a unix socket. Seeds an image
# imported from a busybox rootfs, a labelled network and volume, and containers (one running).
#   test/peers/podman.sh start|stop
# Several copies (other worktrees) can run at once: each takes the first free index 0..9, which names
# its bridge (ccpod<i>), subnet (10.248.<210+i>.0/24) and published port (5210+i). No container uses
# Podman's default network, so the shared cni-podman0 bridge is never ours to create.
# Env (optional): CC_PODMAN_PORT (host port published on 127.0.0.1 by the running container).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/.build/peers/podman
ENVFILE=$ROOT/.build/peers/podman.env
export CONTAINERS_CONF=$BASE/containers.conf CONTAINERS_STORAGE_CONF=$BASE/storage.conf
export CONTAINERS_REGISTRIES_CONF=$BASE/registries.conf
NET=cc-test-net VOL=cc-test-data IMG=localhost/cc-busybox:latest

log() { echo "podman-peer: $*" >&2; }

stop() {
  [ -d "$BASE" ] || { rm -f "$ENVFILE"; return 0; }
  local pid="" bridge=""
  [ -f "$BASE/bridge" ] && bridge=$(cat "$BASE/bridge")
  if [ -f "$BASE/containers.conf" ]; then
    timeout 60 podman stop -a -t 2 >/dev/null 2>&1 || true
    timeout 60 podman rm -af >/dev/null 2>&1 || true
    for n in $(timeout 20 podman network ls -q 2>/dev/null || true); do
      [ "$n" = podman ] || timeout 20 podman network rm -f "$n" >/dev/null 2>&1 || true
    done
    timeout 60 podman system reset -f >/dev/null 2>&1 || true
  fi
  [ -f "$BASE/service.pid" ] && pid=$(cat "$BASE/service.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  [ -n "$bridge" ] && ip link show "$bridge" >/dev/null 2>&1 && { ip link delete "$bridge" 2>/dev/null || true; }
  # cni-podman0 (the default network's bridge) only when no other Podman service could be using it.
  if ip link show cni-podman0 >/dev/null 2>&1 && ! pgrep -f "podman system service" >/dev/null 2>&1; then
    ip link delete cni-podman0 2>/dev/null || true
  fi
  { grep -F " $BASE/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$BASE" "$ENVFILE"
}

pick_index() {
  local i
  for i in $(seq 0 9); do
    ip link show "ccpod$i" >/dev/null 2>&1 && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$((5210 + i))") 2>/dev/null && continue
    echo "$i"; return
  done
  log "no free index 0..9 (bridges ccpod0..9 / ports 5210-5219 all taken)"; exit 1
}

start() {
  stop
  bash "$ROOT/scripts/require-packages.sh" podman-peer podman runc uidmap conmon containernetworking-plugins iptables busybox-static
  bash "$ROOT/test/peers/lxd/busybox-rootfs.sh" "$ROOT/.build/peers/cache"
  local idx port
  idx=$(pick_index); port=${CC_PODMAN_PORT:-$((5210 + idx))}
  mkdir -p "$BASE"/{storage,run,tmp,volumes,networks}
  echo "ccpod$idx" >"$BASE/bridge"
  cat >"$CONTAINERS_CONF" <<CONF
[containers]
# No CAP_SYS_RESOURCE here; soft == hard because the 4.3 compat API swaps them.
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
# crun 1.8 fails on this host's hybrid cgroups.
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$BASE/events.log"
tmp_dir = "$BASE/tmp"
volume_path = "$BASE/volumes"
[network]
network_backend = "cni"
network_config_dir = "$BASE/networks"
CONF
  cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "vfs"
graphroot = "$BASE/storage"
runroot = "$BASE/run"
CONF
  {
    echo 'unqualified-search-registries = []'
    for p in $(seq 5100 5149); do printf '[[registry]]\nlocation = "127.0.0.1:%s"\ninsecure = true\n' "$p"; done
  } >"$CONTAINERS_REGISTRIES_CONF"
  setsid podman system service --time=0 "unix://$BASE/podman.sock" >"$BASE/service.log" 2>&1 </dev/null &
  echo $! >"$BASE/service.pid"
  for _ in $(seq 100); do
    curl -sf --unix-socket "$BASE/podman.sock" http://d/_ping >/dev/null 2>&1 && break; sleep 0.1
  done
  curl -sf --unix-socket "$BASE/podman.sock" http://d/_ping >/dev/null || { cat "$BASE/service.log" >&2; exit 1; }
  podman import --change 'CMD=["/bin/sh"]' "$ROOT/.build/peers/cache/busybox-rootfs.tar" "$IMG" >/dev/null
  # Through libpod's API: the 4.3 CLI cannot name the bridge, and the name must not clash.
  curl -sf --unix-socket "$BASE/podman.sock" -X POST -H 'Content-Type: application/json' http://d/v4.0.0/libpod/networks/create \
    -d "{\"name\":\"$NET\",\"driver\":\"bridge\",\"network_interface\":\"ccpod$idx\",\"subnets\":[{\"subnet\":\"10.248.$((210 + idx)).0/24\"}],\"labels\":{\"cc.test\":\"1\",\"purpose\":\"tests\"}}" >/dev/null
  podman volume create --label cc.test=1 --label purpose=data "$VOL" >/dev/null
  # sh as PID 1 with a TERM trap, so `stop` takes at most a second.
  local loop='trap "exit 0" TERM; while sleep 1; do :; done'
  podman create --name pd-web --label app=web --label tier=front -e GREETING=hello -e MODE=test \
    --network "$NET" -v "$VOL:/data" -p "127.0.0.1:$port:8080/tcp" "$IMG" /bin/sh -c "$loop" >/dev/null
  podman create --name pd-db --label app=db -e ROLE=primary --network "$NET" -v "$VOL:/var/lib/db:ro" \
    "$IMG" /bin/sh -c "$loop" >/dev/null
  podman create --name pd-plain --network none "$IMG" /bin/sh -c "$loop" >/dev/null
  podman start pd-web >/dev/null
  cat >"$ENVFILE" <<ENV
export CC_PODMAN_SOCKET=$BASE/podman.sock
export CC_PODMAN_CONTAINERS_CONF=$CONTAINERS_CONF
export CC_PODMAN_STORAGE_CONF=$CONTAINERS_STORAGE_CONF
export CC_PODMAN_REGISTRIES_CONF=$CONTAINERS_REGISTRIES_CONF
export CC_PODMAN_IMAGE=$IMG
export CC_PODMAN_NETWORK=$NET
export CC_PODMAN_VOLUME=$VOL
export CC_PODMAN_PORT=$port
export CC_PODMAN_CONTAINERS="pd-db pd-plain pd-web"
export CC_PODMAN_RUNNING=pd-web
ENV
  log "ready: $BASE/podman.sock"
}

# For the "engine down" tests: stop and restart only the API service (containers keep running).
service_stop() {
  local pid
  pid=$(cat "$BASE/service.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$BASE/podman.sock"
}
service_start() {
  setsid podman system service --time=0 "unix://$BASE/podman.sock" >>"$BASE/service.log" 2>&1 </dev/null &
  echo $! >"$BASE/service.pid"
  for _ in $(seq 100); do
    curl -sf --unix-socket "$BASE/podman.sock" http://d/_ping >/dev/null 2>&1 && return 0; sleep 0.1
  done
  echo "podman-peer: service did not come back" >&2; return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  service-stop) service_stop ;;
  service-start) service_start ;;
  *) echo "usage: $0 start|stop|service-stop|service-start" >&2; exit 2 ;;
esac
