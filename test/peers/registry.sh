#!/usr/bin/env bash
# Real OCI registries (CNCF distribution 2.8) on loopback for the registry tests.
#   test/peers/registry.sh start   start all instances, write .build/peers/registry.env
#   test/peers/registry.sh stop    stop what start started, remove its folder
#
# Instances, on a block of 7 ports: CC_REGISTRY_PORT_BASE, or else the first free block of 5100, 5107, …,
# 5128 (two checkouts on one machine each get their own, picked under a lock until theirs answer):
#   +0 anonymous (http)        +1 htpasswd Basic (http)     +2 Bearer (http) with token server on +3
#   +4 anonymous over TLS with a self-signed CA              5148 seeding only (short-lived)   5149 never listens
#   +5 nginx in front of +0 with a rate limit (1 request a minute, then 429 with Retry-After)
#   +6 nginx in front of 5149 (a proxy whose registry is down: 502 Bad Gateway)
# Images are built offline from busybox-static with umoci and pushed with skopeo once; the seeded
# registry storage is cached under .build/cache/ and copied for each start, so start takes about a second.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/test/peers"
# Seeding (under the lock) and the "down" port (nothing ever listens there) are fixed at the end of the range.
P_SEED=5148 P_DOWN=${CC_REGISTRY_DOWN_PORT:-5149}
run="$root/.build/peers/registry"
envfile="$root/.build/peers/registry.env"
# The cache key changes whenever this script (which defines the seeded content) changes.
key=$(cat "$here/registry.sh" | sha256sum | cut -c1-12)
cache="$root/.build/cache/registry-seed-$key"

SERVICE=cc-test-registry
ISSUER=cc-test-token-server
DENIED_REPO=restricted/app
EMPTY_REPO=empty/gone
# repo → tags pushed from the OCI layout (all OCI format); library/busybox also gets a Docker v2s2 tag.
declare -A REPO_TAGS=(
  [library/busybox]="1.0 1.1 1.2 1.10 latest"
  [team/alpha]="1.0" [team/beta]="1.0" [team/gamma]="1.1" [team/delta]="1.2"
  [tools/one]="1.1" [tools/two]="1.0 1.1"
  [restricted/app]="1.0"
  [empty/gone]="1.0 1.1"
)
V2S2_REPO=library/busybox V2S2_TAG=docker-1.2 V2S2_FROM=1.2
# Variant tag → config creation date. 1.10 is deliberately older than 1.2 so date order differs from version order.
declare -A CREATED=([1.0]=2024-01-10T08:00:00Z [1.1]=2024-06-10T08:00:00Z [1.2]=2025-02-01T08:00:00Z [1.10]=2023-05-01T08:00:00Z)

log() { printf 'registry peer: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # url [curl args…]
  local url=$1; shift
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.05
  done
  return 1
}

# start_bg name command… : runs in its own process group, remembers the pid.
start_bg() {
  local name=$1; shift
  # Not holding the port lock (fd 9): the daemon outlives this script.
  setsid "$@" >"$run/$name.log" 2>&1 < /dev/null 9>&- &
  echo $! >"$run/$name.pid"
}

stop_all() {
  [ -d "$run" ] || { rm -f "$envfile"; return 0; }
  local pid f
  for f in "$run"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  rm -rf "$run" "$envfile"
}

registry_config() { # file port storage [auth/tls yaml]
  cat >"$1" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $3
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$2
  secret: cc-test-$(openssl rand -hex 8)
${4:-}
EOF
}

build_oci_layout() { # dir
  local work=$1 tag
  mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/root"
  cp /bin/busybox "$work/rootfs/bin/busybox"
  for tag in sh ls cat echo env sleep true false; do ln -s busybox "$work/rootfs/bin/$tag"; done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$work/rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$work/rootfs/etc/group"
  umoci init --layout "$work/oci"
  umoci new --image "$work/oci:base"
  local rootless=(); [ "$(id -u)" -eq 0 ] || rootless=(--rootless)  # unprivileged CI users
  umoci unpack "${rootless[@]}" --image "$work/oci:base" "$work/bundle" >/dev/null
  cp -a "$work/rootfs/." "$work/bundle/rootfs/"
  umoci repack --image "$work/oci:base" "$work/bundle"
  for tag in "${!CREATED[@]}"; do
    umoci config --image "$work/oci:base" --tag "$tag" --created "${CREATED[$tag]}" \
      --history.created "${CREATED[$tag]}" --config.cmd /bin/sh \
      --config.label "org.opencontainers.image.version=$tag" --config.label "org.opencontainers.image.created=${CREATED[$tag]}"
  done
  umoci tag --image "$work/oci:1.2" latest
  rm -rf "$work/bundle" "$work/rootfs"
}

seed_cache() {
  local tmp="$cache.tmp" repo tag
  rm -rf "$tmp"; mkdir -p "$tmp"
  log "building the seed images (once; cached in ${cache#"$root"/})"
  build_oci_layout "$tmp"
  port_busy "$P_SEED" && die "port $P_SEED (seeding) is in use"
  registry_config "$tmp/seed.yml" "$P_SEED" "$tmp/storage"
  docker-registry serve "$tmp/seed.yml" >"$tmp/seed.log" 2>&1 9>&- &
  seed_pid=$!
  trap 'kill "$seed_pid" 2>/dev/null || true' EXIT
  wait_http "http://127.0.0.1:$P_SEED/v2/" || die "seeding registry did not start: $(cat "$tmp/seed.log")"
  local sk=(skopeo --insecure-policy copy --quiet --dest-tls-verify=false)
  for repo in "${!REPO_TAGS[@]}"; do
    for tag in ${REPO_TAGS[$repo]}; do
      "${sk[@]}" "oci:$tmp/oci:$tag" "docker://127.0.0.1:$P_SEED/$repo:$tag"
    done
  done
  "${sk[@]}" --format v2s2 "oci:$tmp/oci:$V2S2_FROM" "docker://127.0.0.1:$P_SEED/$V2S2_REPO:$V2S2_TAG"
  # Digests as skopeo reports them (sha256 of the raw manifest the registry serves).
  : >"$tmp/digests"
  for repo in "${!REPO_TAGS[@]}"; do
    [ "$repo" = "$EMPTY_REPO" ] && continue
    for tag in ${REPO_TAGS[$repo]}; do
      echo "$repo:$tag sha256:$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$P_SEED/$repo:$tag" | sha256sum | cut -d' ' -f1)" >>"$tmp/digests"
    done
  done
  local d
  d=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$P_SEED/$V2S2_REPO:$V2S2_TAG")
  echo "$V2S2_REPO:$V2S2_TAG $d" >>"$tmp/digests"
  # Delete every tag of the empty repo: its tags/list then answers "tags": null.
  for tag in ${REPO_TAGS[$EMPTY_REPO]}; do
    skopeo --insecure-policy delete --tls-verify=false "docker://127.0.0.1:$P_SEED/$EMPTY_REPO:$tag" 2>/dev/null || true
  done
  local tags
  tags=$(curl -sf "http://127.0.0.1:$P_SEED/v2/$EMPTY_REPO/tags/list")
  case "$tags" in *'"tags":null'*) ;; *) die "expected tags:null for $EMPTY_REPO, got $tags" ;; esac
  kill "$seed_pid"; wait "$seed_pid" 2>/dev/null || true
  trap - EXIT
  rm -rf "$tmp/seed.yml" "$tmp/seed.log"
  rm -rf "$cache"; mv "$tmp" "$cache"
  # Seeds made by earlier versions of this script are of no further use.
  local old
  for old in "$root/.build/cache"/registry-seed-*; do [ "$old" = "$cache" ] || rm -rf "$old"; done
}

make_tls() { # dir
  local d=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Container Catalog test CA" \
    -keyout "$d/ca.key" -out "$d/ca.crt" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
    -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
}

# Real nginx, as registries are often deployed behind: one rate-limits (limit_req answers 429, with the
# Retry-After that registries send), one proxies to a port where nothing listens (502 Bad Gateway).
start_proxies() {
  local d="$run/proxy" user_line=""
  mkdir -p "$d"
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat >"$d/nginx.conf" <<EOF
daemon off;
$user_line
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 64; }
http {
  access_log $d/access.log;
  client_body_temp_path $d/client_body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  limit_req_zone \$server_port zone=cc_registry_rate:1m rate=1r/m;
  server {
    listen 127.0.0.1:$P_LIMITED;
    location = /.peer-alive { return 200 "ok\n"; }
    location / {
      limit_req zone=cc_registry_rate;
      limit_req_status 429;
      add_header Retry-After 60 always;
      proxy_pass http://127.0.0.1:$P_ANON;
    }
  }
  server {
    listen 127.0.0.1:$P_BADGW;
    location = /.peer-alive { return 200 "ok\n"; }
    location / { proxy_pass http://127.0.0.1:$P_DOWN; }
  }
}
EOF
  start_bg proxy nginx -e "$d/error.log" -p "$d" -c "$d/nginx.conf"
}

# Sets base and the P_* ports. Called with the lock held, which start_all keeps until its instances answer.
pick_ports() {
  local b o busy candidates=(5100 5107 5114 5121 5128)
  [ -n "${CC_REGISTRY_PORT_BASE:-}" ] && candidates=("$CC_REGISTRY_PORT_BASE")
  base=""
  for b in "${candidates[@]}"; do
    busy=""
    for o in 0 1 2 3 4 5 6; do port_busy $((b + o)) && { busy=$((b + o)); break; }; done
    [ -z "$busy" ] && { base=$b; break; }
    log "port 127.0.0.1:$busy is in use (another registry peer?): skipping ports $b-$((b + 6))"
  done
  [ -n "$base" ] || die "no free block of 7 ports among ${candidates[*]} (stop other registry peers, or set CC_REGISTRY_PORT_BASE)"
  P_ANON=$base P_BASIC=$((base + 1)) P_BEARER=$((base + 2)) P_TOKEN=$((base + 3)) P_TLS=$((base + 4))
  P_LIMITED=$((base + 5)) P_BADGW=$((base + 6))
}

start_all() {
  stop_all
  bash "$root/scripts/require-packages.sh" registry-peer docker-registry apache2-utils skopeo umoci busybox-static openssl curl nginx-light
  exec 9>"${TMPDIR:-/tmp}/cc-registry-peer.lock"
  flock -w 600 9 || die "timed out waiting for ${TMPDIR:-/tmp}/cc-registry-peer.lock"
  pick_ports
  [ -f "$cache/digests" ] || seed_cache
  mkdir -p "$run"
  local inst
  for inst in anon basic bearer tls; do cp -a "$cache/storage" "$run/$inst-storage"; done

  # Credentials are new on every start; the password holds ':' like real-world secrets do.
  local user=alice pass="cc:$(openssl rand -hex 12):pw" luser=bob lpass="cc:$(openssl rand -hex 12):pw"

  registry_config "$run/anon.yml" "$P_ANON" "$run/anon-storage"
  start_bg anon docker-registry serve "$run/anon.yml"

  htpasswd -Bbn "$user" "$pass" >"$run/htpasswd"
  htpasswd -Bbn "$luser" "$lpass" >>"$run/htpasswd"
  registry_config "$run/basic.yml" "$P_BASIC" "$run/basic-storage" "auth:
  htpasswd:
    realm: Container Catalog test
    path: $run/htpasswd"
  start_bg basic docker-registry serve "$run/basic.yml"

  mkdir -p "$run/token"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$ISSUER" \
    -keyout "$run/token/key.pem" -out "$run/token/cert.pem" 2>/dev/null
  node -e '
    const [file, port, issuer, service, dir, user, pass, luser, lpass, denied] = process.argv.slice(1);
    require("fs").writeFileSync(file, JSON.stringify({
      port: Number(port), issuer, service, key: dir + "/key.pem", cert: dir + "/cert.pem", ttl: 300,
      users: { [user]: pass, [luser]: lpass },
      policy: {
        [user]: { catalog: true, actions: ["*"], deny: [] },
        [luser]: { catalog: false, actions: ["pull"], deny: [denied] },
        anonymous: { catalog: false, actions: ["pull"], deny: [denied] },
      },
    }, null, 2));
  ' "$run/token/config.json" "$P_TOKEN" "$ISSUER" "$SERVICE" "$run/token" "$user" "$pass" "$luser" "$lpass" "$DENIED_REPO"
  start_bg token node "$here/registry-token-server.mjs" "$run/token/config.json"
  registry_config "$run/bearer.yml" "$P_BEARER" "$run/bearer-storage" "auth:
  token:
    realm: http://127.0.0.1:$P_TOKEN/token
    service: $SERVICE
    issuer: $ISSUER
    rootcertbundle: $run/token/cert.pem"
  start_bg bearer docker-registry serve "$run/bearer.yml"

  mkdir -p "$run/tls"
  make_tls "$run/tls"
  registry_config "$run/tls.yml" "$P_TLS" "$run/tls-storage" "  tls:
    certificate: $run/tls/server.crt
    key: $run/tls/server.key"
  start_bg tls docker-registry serve "$run/tls.yml"

  start_proxies
  wait_http "http://127.0.0.1:$P_ANON/v2/" -f || die "anonymous registry did not start: $(cat "$run/anon.log")"
  wait_http "http://127.0.0.1:$P_BASIC/v2/" || die "basic registry did not start: $(cat "$run/basic.log")"
  wait_http "http://127.0.0.1:$P_TOKEN/stats" -f || die "token server did not start: $(cat "$run/token.log")"
  wait_http "http://127.0.0.1:$P_BEARER/v2/" || die "bearer registry did not start: $(cat "$run/bearer.log")"
  wait_http "https://127.0.0.1:$P_TLS/v2/" -f --cacert "$run/tls/ca.crt" || die "TLS registry did not start: $(cat "$run/tls.log")"
  wait_http "http://127.0.0.1:$P_LIMITED/.peer-alive" -f || die "rate-limiting proxy did not start: $(cat "$run/proxy/error.log")"
  wait_http "http://127.0.0.1:$P_BADGW/.peer-alive" -f || die "bad-gateway proxy did not start: $(cat "$run/proxy/error.log")"

  local repos digests
  repos=$(printf '%s\n' "${!REPO_TAGS[@]}" | sort | tr '\n' ' ')
  digests=$(node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
    process.stdout.write(JSON.stringify(Object.fromEntries(lines.map((l) => l.split(" ")))));
  ' "$cache/digests")
  cat >"$envfile.tmp" <<EOF
export CC_REGISTRY_ANON=127.0.0.1:$P_ANON
export CC_REGISTRY_BASIC=127.0.0.1:$P_BASIC
export CC_REGISTRY_BEARER=127.0.0.1:$P_BEARER
export CC_REGISTRY_TOKEN_SERVER=http://127.0.0.1:$P_TOKEN
export CC_REGISTRY_TLS=127.0.0.1:$P_TLS
export CC_REGISTRY_TLS_CA=$run/tls/ca.crt
export CC_REGISTRY_DOWN=127.0.0.1:$P_DOWN
export CC_REGISTRY_RATE_LIMITED=127.0.0.1:$P_LIMITED
export CC_REGISTRY_RATE_LIMITED_LOG=$run/proxy/access.log
export CC_REGISTRY_BAD_GATEWAY=127.0.0.1:$P_BADGW
export CC_REGISTRY_USER=$user
export CC_REGISTRY_PASSWORD='$pass'
export CC_REGISTRY_LIMITED_USER=$luser
export CC_REGISTRY_LIMITED_PASSWORD='$lpass'
export CC_REGISTRY_DENIED_REPO=$DENIED_REPO
export CC_REGISTRY_EMPTY_REPO=$EMPTY_REPO
export CC_REGISTRY_REPOS='${repos% }'
export CC_REGISTRY_TAGS_REPO=library/busybox
export CC_REGISTRY_TAGS='${REPO_TAGS[library/busybox]} $V2S2_TAG'
export CC_REGISTRY_V2S2_REF=$V2S2_REPO:$V2S2_TAG
export CC_REGISTRY_DIGESTS='$digests'
EOF
  mv "$envfile.tmp" "$envfile"
  exec 9>&-
  log "ready: anonymous :$P_ANON, basic :$P_BASIC, bearer :$P_BEARER (token :$P_TOKEN), tls :$P_TLS, rate-limited :$P_LIMITED, bad gateway :$P_BADGW; env in ${envfile#"$root"/}"
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
