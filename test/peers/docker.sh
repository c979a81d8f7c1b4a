#!/usr/bin/env bash
# Real Docker Engine for the tests: a private dockerd (its own data root, exec root and containerd) on a
# unix socket under .build/peers/docker/, a busybox image, a network, a volume and containers, one running.
#   test/peers/docker.sh start|stop
# Nothing leaves the machine: no registry mirrors, no pulls (the image is imported from a local rootfs),
# --iptables=false and --bridge=none, so no NAT and no default bridge; containers sit on a private
# bridge (ccdockN, 10.249.(220+N).0/24) that neither NATs nor routes.
# It also listens on tcp://127.0.0.1:(5240+N) with --tlsverify: a CA, a server certificate for 127.0.0.1 and
# a client certificate it generates under .build/peers/docker/tls/ (DOCKER_CERT_PATH layout: ca.pem,
# cert.pem, key.pem), plus a client certificate from another CA that the daemon must refuse.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/.build/peers/docker
ENVFILE=$ROOT/.build/peers/docker.env
NET=cc-test-net VOL=cc-test-data IMG=cc-busybox:latest
# Given to dockerd alone, so a pull it were asked for could never leave the machine; never exported here.
DAEMON_PROXY=(HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost,::1)

log() { echo "docker-peer: $*" >&2; }
dk() { /usr/bin/docker -H "unix://$BASE/docker.sock" "$@"; }

stop() {
  [ -d "$BASE" ] || { rm -f "$ENVFILE"; return 0; }
  local pid="" bridge="" exec_root=""
  [ -f "$BASE/bridge" ] && bridge=$(cat "$BASE/bridge")
  [ -f "$BASE/exec-root" ] && exec_root=$(cat "$BASE/exec-root")
  if [ -S "$BASE/docker.sock" ]; then
    timeout 60 /usr/bin/docker -H "unix://$BASE/docker.sock" rm -f $(timeout 20 /usr/bin/docker -H "unix://$BASE/docker.sock" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  fi
  [ -f "$BASE/dockerd.pid" ] && pid=$(cat "$BASE/dockerd.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Leftover shims and containerd of THIS daemon only: processes whose command line names our roots.
  local f c
  for f in /proc/[0-9]*/cmdline; do
    c=$( { tr '\0' ' ' <"$f"; } 2>/dev/null || true)
    case "$c" in *"$BASE/"*|*"${exec_root:-/nonexistent}"*) f=${f#/proc/}; kill -9 "${f%/cmdline}" 2>/dev/null || true ;; esac
  done
  [ -n "$bridge" ] && ip link show "$bridge" >/dev/null 2>&1 && { ip link delete "$bridge" 2>/dev/null || true; }
  for root in "$BASE" ${exec_root:+"$exec_root"}; do
    { grep -F " $root/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  done
  [ -n "$exec_root" ] && rm -rf "$exec_root"
  rm -rf "$BASE" "$ENVFILE"
}

pick_index() {
  local i
  for i in $(seq 0 9); do
    ip link show "ccdock$i" >/dev/null 2>&1 && continue
    [ -e "/tmp/ccdk$i" ] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$((5220 + i))") 2>/dev/null && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$((5240 + i))") 2>/dev/null && continue
    echo "$i"; return
  done
  log "no free index 0..9 (bridges ccdock0..9, /tmp/ccdk0..9, ports 5220-5229 or 5240-5249 all taken)"; exit 1
}

# make_tls DIR: a CA, a server certificate for 127.0.0.1, a client certificate (DIR/client: ca.pem,
# cert.pem, key.pem) and one from an unrelated CA (DIR/badclient), as `docker --tlsverify` expects them.
make_tls() {
  local d=$1 sub
  mkdir -p "$d/client" "$d/badclient"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=cc-test-docker-ca \
    -keyout "$d/ca-key.pem" -out "$d/ca.pem" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=cc-test-other-ca \
    -keyout "$d/other-ca-key.pem" -out "$d/other-ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
    -keyout "$d/server-key.pem" -out "$d/server.csr" 2>/dev/null
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial -days 30 \
    -extfile <(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') -out "$d/server-cert.pem" 2>/dev/null
  for sub in client badclient; do
    local ca=ca
    [ "$sub" = badclient ] && ca=other-ca
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=cc-test-$sub" \
      -keyout "$d/$sub/key.pem" -out "$d/$sub.csr" 2>/dev/null
    openssl x509 -req -in "$d/$sub.csr" -CA "$d/$ca.pem" -CAkey "$d/$ca-key.pem" -CAcreateserial -days 30 \
      -extfile <(printf 'extendedKeyUsage=clientAuth\n') -out "$d/$sub/cert.pem" 2>/dev/null
    # Each client trusts the daemon's real CA: the bad one is refused by the daemon, not by the client.
    cp "$d/ca.pem" "$d/$sub/ca.pem"
  done
  chmod 600 "$d"/*key.pem "$d"/*/key.pem
}

start() {
  stop
  bash "$ROOT/scripts/require-packages.sh" docker-peer docker.io busybox-static
  bash "$ROOT/test/peers/lxd/busybox-rootfs.sh" "$ROOT/.build/peers/cache"
  exec 9>"${TMPDIR:-/tmp}/cc-docker-peer.lock"
  flock -w 300 9 || { log "timed out waiting for the index lock"; exit 1; }
  local idx port tls_port exec_root
  idx=$(pick_index); port=$((5220 + idx)); tls_port=$((5240 + idx))
  make_tls "$BASE/tls"
  # containerd's sockets live under the exec root: keep its path short (unix socket paths are limited).
  exec_root=/tmp/ccdk$idx
  mkdir -p "$BASE/data" "$exec_root"
  echo "$exec_root" >"$BASE/exec-root"
  cat >"$BASE/daemon.json" <<JSON
{ "registry-mirrors": [], "insecure-registries": ["127.0.0.1/8"], "features": { "buildkit": false } }
JSON
  setsid env "${DAEMON_PROXY[@]}" /usr/sbin/dockerd --config-file "$BASE/daemon.json" --host "unix://$BASE/docker.sock" \
    --host "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$BASE/tls/ca.pem" \
    --tlscert "$BASE/tls/server-cert.pem" --tlskey "$BASE/tls/server-key.pem" \
    --data-root "$BASE/data" --exec-root "$exec_root" --pidfile "$BASE/dockerd.pid" \
    --iptables=false --ip6tables=false --ip-masq=false --bridge=none --userland-proxy=false \
    --storage-driver=vfs --log-level=warn >"$BASE/dockerd.log" 2>&1 </dev/null 9>&- &
  for _ in $(seq 150); do
    curl -sf --unix-socket "$BASE/docker.sock" http://d/_ping >/dev/null 2>&1 && break; sleep 0.2
  done
  curl -sf --unix-socket "$BASE/docker.sock" http://d/_ping >/dev/null || { cat "$BASE/dockerd.log" >&2; exit 1; }
  curl -sf --cacert "$BASE/tls/ca.pem" --cert "$BASE/tls/client/cert.pem" --key "$BASE/tls/client/key.pem" \
    "https://127.0.0.1:$tls_port/_ping" >/dev/null || { log "the TLS listener on 127.0.0.1:$tls_port does not answer"; cat "$BASE/dockerd.log" >&2; exit 1; }
  dk import --change 'CMD ["/bin/sh"]' "$ROOT/.build/peers/cache/busybox-rootfs.tar" "$IMG" >/dev/null
  dk network create --driver bridge -o "com.docker.network.bridge.name=ccdock$idx" \
    --subnet "10.249.$((220 + idx)).0/24" --label cc.test=1 --label purpose=tests "$NET" >/dev/null
  echo "ccdock$idx" >"$BASE/bridge"
  exec 9>&-
  dk volume create --label cc.test=1 --label purpose=data "$VOL" >/dev/null
  # sh as PID 1 with a TERM trap, so `stop` takes at most a second.
  local loop='trap "exit 0" TERM; while sleep 1; do :; done'
  dk create --name dk-web --label app=web --label tier=front -e GREETING=hello -e MODE=test \
    --network "$NET" -v "$VOL:/data" -p "127.0.0.1:$port:8080/tcp" "$IMG" /bin/sh -c "$loop" >/dev/null
  dk create --name dk-db --label app=db -e ROLE=primary --network "$NET" -v "$VOL:/var/lib/db:ro" \
    "$IMG" /bin/sh -c "$loop" >/dev/null
  dk create --name dk-plain --network none "$IMG" /bin/sh -c "$loop" >/dev/null
  dk start dk-web >/dev/null
  cat >"$ENVFILE" <<ENV
export CC_DOCKER_SOCKET=$BASE/docker.sock
export CC_DOCKER_IMAGE=$IMG
export CC_DOCKER_NETWORK=$NET
export CC_DOCKER_VOLUME=$VOL
export CC_DOCKER_PORT=$port
export CC_DOCKER_CONTAINERS="dk-db dk-plain dk-web"
export CC_DOCKER_RUNNING=dk-web
export CC_DOCKER_TLS_HOST=tcp://127.0.0.1:$tls_port
export CC_DOCKER_CERT_PATH=$BASE/tls/client
export CC_DOCKER_BAD_CERT_PATH=$BASE/tls/badclient
ENV
  log "ready: $BASE/docker.sock ($(dk version -f '{{.Server.Version}}'))"
}

# For the "engine down" tests: the API socket goes away and comes back; the daemon keeps listening on
# the moved inode, so containers keep running.
service_stop() { mv "$BASE/docker.sock" "$BASE/docker.sock.away"; }
service_start() { mv "$BASE/docker.sock.away" "$BASE/docker.sock"; curl -sf --unix-socket "$BASE/docker.sock" http://d/_ping >/dev/null; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  service-stop) service_stop ;;
  service-start) service_start ;;
  *) echo "usage: $0 start|stop|service-stop|service-start" >&2; exit 2 ;;
esac
