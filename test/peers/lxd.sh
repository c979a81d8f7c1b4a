#!/usr/bin/env bash
# Real LXD 5.0 for the tests: a private daemon (LXD_DIR under .build/peers/lxd/), a dir pool, a test bridge,
# profiles, a volume, a busybox image, containers (with snapshots, one running) and two client certs.
#   test/peers/lxd.sh start|stop
# Env (optional): CC_LXD_BRIDGE (default: first free of cctestbr0..9), CC_LXD_PORT (default: first free of 5200-5209).
# Traffic stays on this machine: the daemon runs behind a dead loopback proxy, the bridge neither NATs nor routes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/.build/peers/lxd
ENVFILE=$ROOT/.build/peers/lxd.env
# Unprivileged containers start as a mapped uid that must traverse every folder above their rootfs. A checkout
# under a private folder (mktemp -d makes 0700 ones) would fail at `lxd forkstart`, so the daemon's folder then
# lives under /tmp instead, named after this checkout so that start and stop agree.
traversable() { local d=$1; while [ "$d" != / ]; do [ -e "$d" ] && { [ "$(( $(stat -c %a "$d") & 1 ))" = 1 ] || return 1; }; d=$(dirname "$d"); done; }
if traversable "$ROOT"; then LXD_HOME=$BASE; else LXD_HOME=/tmp/cc-lxd-$(printf %s "$ROOT" | md5sum | cut -c1-10); fi
export LXD_DIR=$LXD_HOME/d LXD_CONF=$BASE/client
# Given to the daemon alone (LXD fetches instance types from the internet at start): a dead loopback proxy
# makes that fail at once. Never exported here, so nothing else this script runs goes through it.
DAEMON_PROXY=(HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost,::1
  https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 no_proxy=127.0.0.1,localhost,::1)

log() { echo "lxd-peer: $*" >&2; }

stop() {
  [ -d "$BASE" ] || { rm -f "$ENVFILE"; return 0; }
  local pid="" bridge=""
  [ -f "$BASE/lxd.pid" ] && pid=$(cat "$BASE/lxd.pid")
  [ -f "$BASE/bridge" ] && bridge=$(cat "$BASE/bridge")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    for c in $(timeout 20 lxc list --format csv -c n 2>/dev/null || true); do
      timeout 30 lxc delete -f "$c" >/dev/null 2>&1 || log "could not delete $c"
    done
    timeout 30 lxd shutdown >/dev/null 2>&1 || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { kill "$pid" 2>/dev/null || true; sleep 0.5; kill -9 "$pid" 2>/dev/null || true; }
  fi
  # Leftover monitors/dnsmasq of THIS daemon only: processes whose command line names our LXD_DIR.
  local f c
  for f in /proc/[0-9]*/cmdline; do
    c=$( { tr '\0' ' ' <"$f"; } 2>/dev/null || true)
    case "$c" in *"$LXD_DIR"*) f=${f#/proc/}; kill -9 "${f%/cmdline}" 2>/dev/null || true ;; esac
  done
  { grep -F -e " $BASE/" -e " $LXD_HOME/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  [ -n "$bridge" ] && ip link show "$bridge" >/dev/null 2>&1 && ip link delete "$bridge" 2>/dev/null || true
  rm -rf "$BASE" "$ENVFILE"
  [ "$LXD_HOME" = "$BASE" ] || rm -rf "$LXD_HOME"
}

pick_bridge() {
  if [ -n "${CC_LXD_BRIDGE:-}" ]; then echo "$CC_LXD_BRIDGE"; return; fi
  # Free means no such link AND nothing listening on its gateway address (a daemon left by a failed start).
  for i in $(seq 0 9); do
    ip link show "cctestbr$i" >/dev/null 2>&1 && continue
    [ -n "$(ss -Htuln "src 10.247.$((200 + i)).1" 2>/dev/null)" ] && continue
    echo "cctestbr$i"; return
  done
  log "no free cctestbr0..9"; exit 1
}
pick_port() {
  if [ -n "${CC_LXD_PORT:-}" ]; then echo "$CC_LXD_PORT"; return; fi
  for p in $(seq 5200 5209); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  log "no free port in 5200-5209"; exit 1
}

start() {
  stop
  bash "$ROOT/scripts/require-packages.sh" lxd-peer lxd lxd-client dnsmasq-base busybox-static squashfs-tools xz-utils openssl
  bash "$ROOT/test/peers/lxd/busybox-rootfs.sh" "$ROOT/.build/peers/cache"
  local bridge port idx
  # Bridge and port are free-looking until `lxd init` takes them: peers started at once (several
  # checkouts on one machine) pick under one lock, held until ours exist.
  exec 9>"${TMPDIR:-/tmp}/cc-lxd-peer.lock"
  flock -w 300 9 || { log "timed out waiting for ${TMPDIR:-/tmp}/cc-lxd-peer.lock"; exit 1; }
  bridge=$(pick_bridge); port=$(pick_port); idx=${bridge##*[!0-9]}; idx=${idx:-0}
  mkdir -p "$LXD_DIR" "$LXD_CONF"; chmod 711 "$BASE" "$LXD_HOME" "$LXD_DIR"
  setsid env "${DAEMON_PROXY[@]}" lxd --group root --logfile "$BASE/lxd.log" >"$BASE/lxd.out" 2>&1 </dev/null 9>&- &
  echo $! >"$BASE/lxd.pid"
  lxd waitready --timeout=60 || { cat "$BASE/lxd.log" >&2; exit 1; }
  lxd init --preseed <<YAML
config:
  core.https_address: 127.0.0.1:$port
  images.auto_update_interval: "0"
networks:
- name: $bridge
  type: bridge
  config:
    ipv4.address: 10.247.$((200 + idx)).1/24
    ipv4.nat: "false"
    ipv4.routing: "false"
    ipv4.firewall: "false"
    ipv6.address: none
$(cat "$ROOT/test/peers/lxd/root-disk-preseed.yaml")
YAML
  # Only now is the bridge ours: stop() deletes the one named here, never one another peer made.
  echo "$bridge" >"$BASE/bridge"
  exec 9>&-
  lxc profile create web >/dev/null
  lxc profile edit web <<YAML
description: Web tier on the test bridge
config:
  user.tier: web
  limits.memory: 256MB
devices:
  eth0: {name: eth0, network: $bridge, type: nic}
YAML
  lxc profile create limits >/dev/null
  lxc profile edit limits <<YAML
description: Small limits
config:
  limits.cpu: "1"
  limits.memory: 128MB
devices: {}
YAML
  lxc storage volume create default data >/dev/null
  lxc image import "$ROOT/.build/peers/cache/busybox-lxd.tar.xz" --alias busybox --alias busybox/static >/dev/null
  # ct-web: through profile web (on the bridge), running.  ct-direct: a direct nic on the bridge.
  # ct-layered: default, limits, web in that order (web's limits.memory wins) + the data volume.
  # ct-plain: default only, no network.
  lxc init busybox ct-web -p default -p web -c user.role=frontend >/dev/null
  lxc init busybox ct-direct -p default -c user.note=direct >/dev/null 2>&1
  lxc config device add ct-direct eth0 nic nictype=bridged parent="$bridge" name=eth0 >/dev/null
  lxc init busybox ct-layered -p default -p limits -p web -c user.owner=tests -c limits.cpu=2 >/dev/null
  lxc config device add ct-layered data disk pool=default source=data path=/data >/dev/null
  lxc init busybox ct-plain -p default >/dev/null 2>&1
  # ct-override: profile web's eth0 replaced by a local p2p nic, so it does NOT use the bridge.
  lxc init busybox ct-override -p default -p web >/dev/null
  lxc config device add ct-override eth0 nic nictype=p2p name=eth0 >/dev/null
  lxc snapshot ct-direct snap0
  lxc snapshot ct-layered snap0
  lxc snapshot ct-layered snap1
  lxc start ct-web
  # Client certificates for the HTTPS tests: one trusted, one not.
  for n in trusted untrusted; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -days 30 \
      -subj "/CN=cc-test-$n" -keyout "$BASE/$n.key" -out "$BASE/$n.crt" >/dev/null 2>&1
  done
  lxc config trust add "$BASE/trusted.crt" --name cc-test-trusted >/dev/null 2>&1 \
    || lxc config trust add "$BASE/trusted.crt" >/dev/null
  cat >"$ENVFILE" <<ENV
export CC_LXD_DIR=$LXD_DIR
export CC_LXD_CONF=$LXD_CONF
export CC_LXD_SOCKET=$LXD_DIR/unix.socket
export CC_LXD_URL=https://127.0.0.1:$port
export CC_LXD_SERVER_CERT=$LXD_DIR/server.crt
export CC_LXD_CLIENT_CERT=$BASE/trusted.crt
export CC_LXD_CLIENT_KEY=$BASE/trusted.key
export CC_LXD_UNTRUSTED_CERT=$BASE/untrusted.crt
export CC_LXD_UNTRUSTED_KEY=$BASE/untrusted.key
export CC_LXD_BRIDGE=$bridge
export CC_LXD_POOL=default
export CC_LXD_VOLUME=data
export CC_LXD_IMAGE_ALIAS=busybox
export CC_LXD_IMAGE_TARBALL=$ROOT/.build/peers/cache/busybox-lxd.tar.xz
export CC_LXD_PROFILES="default web limits"
export CC_LXD_CONTAINERS="ct-direct ct-layered ct-override ct-plain ct-web"
export CC_LXD_RUNNING=ct-web
ENV
  log "ready: $LXD_DIR/unix.socket, https://127.0.0.1:$port, bridge $bridge"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
