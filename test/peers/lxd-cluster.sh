#!/usr/bin/env bash
# A real three-member LXD 5.0 cluster on one machine, for the cluster tests: three daemons, each with its own
# LXD_DIR, listening on 127.0.0.2, 127.0.0.3 and 127.0.0.4 (the whole 127/8 is loopback on Linux, so no
# address needs adding). m1 bootstraps the cluster; m2 and m3 join with a token through a preseed. A `dir`
# pool, no network (a bridge is cluster-wide and the members share one network namespace), the busybox
# image the LXD peer builds (no download), one stopped container per member and a trusted client cert.
#   test/peers/lxd-cluster.sh start|stop
# Env (optional): CC_LXD_CLUSTER_PORT (default: first port of 5240-5249 free on all three addresses).
# Traffic stays on this machine: each daemon runs behind a dead loopback proxy (given to the daemons alone),
# and members talk to each other on 127.0.0.2-4 only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/.build/peers/lxd-cluster
ENVFILE=$ROOT/.build/peers/lxd-cluster.env
MEMBERS=(m1 m2 m3)
ADDRS=(127.0.0.2 127.0.0.3 127.0.0.4)
# Unprivileged containers need every folder above their rootfs traversable (see lxd.sh).
traversable() { local d=$1; while [ "$d" != / ]; do [ -e "$d" ] && { [ "$(( $(stat -c %a "$d") & 1 ))" = 1 ] || return 1; }; d=$(dirname "$d"); done; }
if traversable "$ROOT"; then HOME_DIR=$BASE; else HOME_DIR=/tmp/cc-lxdc-$(printf %s "$ROOT" | md5sum | cut -c1-10); fi
export LXD_CONF=$BASE/client
DAEMON_PROXY=(HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.0/8,localhost,::1
  https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 no_proxy=127.0.0.0/8,localhost,::1)

log() { echo "lxd-cluster-peer: $*" >&2; }
dir_of() { echo "$HOME_DIR/${MEMBERS[$1]}"; }
# lxc against one member's own unix socket.
lxc_on() { local i=$1; shift; LXD_DIR=$(dir_of "$i") lxc "$@"; }

# The member's daemon by its command line (its own log file), not by a pid file: a start that found the old
# daemon still shutting down exits at once ("LXD is already running"), and its pid would name no daemon.
member_pid() {
  local f c
  for f in /proc/[0-9]*/cmdline; do
    c=$( { tr '\0' ' ' <"$f"; } 2>/dev/null || true)
    case "$c" in "lxd --group root --logfile $BASE/${MEMBERS[$1]}.log "*) f=${f#/proc/}; echo "${f%/cmdline}"; return ;; esac
  done
}

stop_member() {
  local i=$1 d pid
  d=$(dir_of "$i")
  pid=$(member_pid "$i")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # A cluster member waits for its peers on shutdown; the others may be gone already, so bound it.
    LXD_DIR=$d timeout 15 lxd shutdown --timeout 10 >/dev/null 2>&1 || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { kill "$pid" 2>/dev/null || true; sleep 0.5; kill -9 "$pid" 2>/dev/null || true; }
  fi
  rm -f "$BASE/${MEMBERS[$i]}.pid"
}

stop() {
  [ -d "$BASE" ] || { rm -f "$ENVFILE"; return 0; }
  local i f c
  # Instances first, through any member still up (the cluster database knows them all).
  for i in 0 1 2; do
    [ -f "$BASE/${MEMBERS[$i]}.pid" ] && kill -0 "$(cat "$BASE/${MEMBERS[$i]}.pid")" 2>/dev/null || continue
    for c in $(timeout 20 env LXD_DIR="$(dir_of "$i")" lxc list --format csv -c n 2>/dev/null || true); do
      timeout 30 env LXD_DIR="$(dir_of "$i")" lxc delete -f "$c" >/dev/null 2>&1 || log "could not delete $c"
    done
    break
  done
  for i in 2 1 0; do stop_member "$i"; done
  # Leftovers of THESE daemons only: processes whose command line names our folder.
  for f in /proc/[0-9]*/cmdline; do
    c=$( { tr '\0' ' ' <"$f"; } 2>/dev/null || true)
    case "$c" in *"$HOME_DIR/m"[123]*) f=${f#/proc/}; kill -9 "${f%/cmdline}" 2>/dev/null || true ;; esac
  done
  { grep -F -e " $BASE/" -e " $HOME_DIR/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$BASE" "$ENVFILE"
  [ "$HOME_DIR" = "$BASE" ] || rm -rf "$HOME_DIR"
}

pick_port() {
  if [ -n "${CC_LXD_CLUSTER_PORT:-}" ]; then echo "$CC_LXD_CLUSTER_PORT"; return; fi
  local p a taken
  for p in $(seq 5240 5249); do
    taken=0
    for a in "${ADDRS[@]}"; do (exec 3<>"/dev/tcp/$a/$p") 2>/dev/null && taken=1; done
    [ "$taken" = 0 ] && { echo "$p"; return; }
  done
  log "no port of 5240-5249 free on ${ADDRS[*]}"; exit 1
}

spawn() {
  local i=$1 d
  d=$(dir_of "$i")
  [ -n "$(member_pid "$i")" ] && { log "${MEMBERS[$i]} is already running"; return 0; }
  mkdir -p "$d"; chmod 711 "$d"
  LXD_DIR=$d setsid env "${DAEMON_PROXY[@]}" lxd --group root --logfile "$BASE/${MEMBERS[$i]}.log" \
    >"$BASE/${MEMBERS[$i]}.out" 2>&1 </dev/null 9>&- &
  echo $! >"$BASE/${MEMBERS[$i]}.pid"
  LXD_DIR=$d lxd waitready --timeout=60 || { cat "$BASE/${MEMBERS[$i]}.log" >&2; exit 1; }
}

# Until the cluster sees the member's heartbeat again (a few seconds after its daemon is ready).
wait_online() {
  local i=$1 s
  for _ in $(seq 60); do
    s=$(LXD_DIR=$(dir_of "$i") lxc query "/1.0/cluster/members/${MEMBERS[$i]}" 2>/dev/null | sed -n 's/.*"status": "\(.*\)".*/\1/p')
    [ "$s" = Online ] && return 0
    sleep 0.5
  done
  log "${MEMBERS[$i]} did not come back online"; exit 1
}

start() {
  stop
  bash "$ROOT/scripts/require-packages.sh" lxd-cluster-peer lxd lxd-client busybox-static squashfs-tools xz-utils openssl
  bash "$ROOT/test/peers/lxd/busybox-rootfs.sh" "$ROOT/.build/peers/cache"
  mkdir -p "$BASE" "$LXD_CONF" "$HOME_DIR"; chmod 711 "$BASE" "$HOME_DIR"
  exec 9>"${TMPDIR:-/tmp}/cc-lxd-cluster-peer.lock"
  flock -w 300 9 || { log "timed out waiting for the port lock"; exit 1; }
  local port i token
  port=$(pick_port)
  spawn 0
  LXD_DIR=$(dir_of 0) lxd init --preseed <<YAML
config:
  core.https_address: ${ADDRS[0]}:$port
  images.auto_update_interval: "0"
$(cat "$ROOT/test/peers/lxd/root-disk-preseed.yaml")
cluster:
  server_name: ${MEMBERS[0]}
  enabled: true
YAML
  # A stopped member shows offline after this many seconds without heartbeats (default 20; LXD takes more than 10).
  # Only a cluster knows the key: set on a lone daemon it breaks the request.
  lxc_on 0 config set cluster.offline_threshold 11
  for i in 1 2; do
    token=$(lxc_on 0 cluster add "${MEMBERS[$i]}" --quiet)
    spawn "$i"
    # The token is a secret of the join: it goes to lxd on stdin, never to a file or a log.
    LXD_DIR=$(dir_of "$i") lxd init --preseed <<YAML
cluster:
  enabled: true
  server_name: ${MEMBERS[$i]}
  server_address: ${ADDRS[$i]}:$port
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: default
    key: source
    value: ""
YAML
  done
  exec 9>&-
  lxc_on 0 image import "$ROOT/.build/peers/cache/busybox-lxd.tar.xz" --alias busybox >/dev/null
  for i in 0 1 2; do
    lxc_on 0 init busybox "c-${MEMBERS[$i]}" --target "${MEMBERS[$i]}" -p default >/dev/null 2>&1
  done
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 30 \
    -subj "/CN=cc-test-cluster" -keyout "$BASE/trusted.key" -out "$BASE/trusted.crt" >/dev/null 2>&1
  lxc_on 0 config trust add "$BASE/trusted.crt" --name cc-test-cluster >/dev/null
  cat >"$ENVFILE" <<ENV
export CC_LXDC_SOCKET=$(dir_of 0)/unix.socket
export CC_LXDC_SOCKET_M2=$(dir_of 1)/unix.socket
export CC_LXDC_SOCKET_M3=$(dir_of 2)/unix.socket
export CC_LXDC_URL=https://${ADDRS[0]}:$port
export CC_LXDC_URL_M2=https://${ADDRS[1]}:$port
export CC_LXDC_SERVER_CERT=$(dir_of 0)/cluster.crt
export CC_LXDC_CLIENT_CERT=$BASE/trusted.crt
export CC_LXDC_CLIENT_KEY=$BASE/trusted.key
export CC_LXDC_MEMBERS="${MEMBERS[*]}"
export CC_LXDC_IMAGE_ALIAS=busybox
export CC_LXDC_CONTAINERS="c-m1 c-m2 c-m3"
export CC_LXDC_PEER=$ROOT/test/peers/lxd-cluster.sh
ENV
  log "ready: ${MEMBERS[*]} on ${ADDRS[*]}:$port"
}

# The member tests stop and start one member (the others keep the cluster's quorum of 2 of 3).
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-member) for i in 0 1 2; do [ "${MEMBERS[$i]}" = "${2:-}" ] && { stop_member "$i"; exit 0; }; done; log "no member ${2:-}"; exit 2 ;;
  start-member) for i in 0 1 2; do [ "${MEMBERS[$i]}" = "${2:-}" ] && { spawn "$i"; wait_online "$i"; exit 0; }; done; log "no member ${2:-}"; exit 2 ;;
  *) echo "usage: $0 start|stop|stop-member <m>|start-member <m>" >&2; exit 2 ;;
esac
