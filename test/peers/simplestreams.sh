#!/usr/bin/env bash
# Simplestreams image server peer: nginx-light on 127.0.0.1 (a free port in 5150-5199) serving real
# LXD/Incus image catalogs built locally from busybox-static (see simplestreams-build.mjs).
#   test/peers/simplestreams.sh start     build the tree (cached), start nginx, write .build/peers/simplestreams.env
#   test/peers/simplestreams.sh stop      stop nginx and remove its runtime files
#   test/peers/simplestreams.sh switch a|b  point /ss/streams at catalog "a" (start state) or "b" (changed)
# Paths served (base $CC_SIMPLESTREAMS_URL):
#   /ss/            the main server; its catalog can be switched (ETag changes: other size and mtime)
#   /ss2/           a second server with one product that /ss/ also offers
#   /ss-slow/       /ss/ throttled with limit_rate (for deterministic cancel tests)
#   /ss-noetag/     /ss/ served without ETag headers (readers fall back to content hashes)
#   /ss-malformed/  truncated images.json      /ss-missing/  an item without sha256
#   /ss-badversion/ a version key that is not YYYYMMDD...  /ss-evil/  `..`, absolute paths, non-hex digest
#   /ss-500/        answers 500                 /ss-404/      answers 404
#   /uri/           unified tarballs + SHA256SUMS (one wrong line) + a single .sha256; /slow/ = /uri/ throttled
#   /builtin/catalog.json  a builtin catalog list
# The same tree is also served over HTTPS (TLS 1.2/1.3, as LXD wants) on a second port, with a self-signed
# certificate for 127.0.0.1: CC_SIMPLESTREAMS_HTTPS_URL and CC_SIMPLESTREAMS_CERT (PEM).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
dir="$root/.build/peers/simplestreams"
envfile="$root/.build/peers/simplestreams.env"

stop() {
  if [ -f "$dir/nginx.pid" ]; then
    pid=$(cat "$dir/nginx.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir/run" "$dir/nginx.pid" "$dir/nginx.conf" "$envfile"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

switch() {
  case "${1:-}" in a|b) ;; *) echo "usage: $0 switch a|b" >&2; exit 2 ;; esac
  ln -sfn "$1" "$dir/www/catalogs/current.tmp"
  mv -T "$dir/www/catalogs/current.tmp" "$dir/www/catalogs/current"
}

start() {
  bash scripts/require-packages.sh simplestreams-peer nginx-light busybox-static xz-utils squashfs-tools curl
  stop
  # A port is free-looking until nginx binds it: peers started at once (several checkouts on one machine)
  # pick under one lock, held until ours answers.
  exec 9>"${TMPDIR:-/tmp}/cc-simplestreams-peer.lock"
  flock -w 300 9 || { echo "simplestreams: timed out waiting for the port lock" >&2; exit 1; }
  port=""
  for p in $(seq 5150 5199); do if port_free "$p"; then port=$p; break; fi; done
  [ -n "$port" ] || { echo "simplestreams: no free port in 5150-5199" >&2; exit 1; }
  tls_port=""
  for p in $(seq $((port + 1)) 5199); do if port_free "$p"; then tls_port=$p; break; fi; done
  [ -n "$tls_port" ] || { echo "simplestreams: no second free port in 5150-5199 for https" >&2; exit 1; }
  mkdir -p "$dir/run" "$dir/logs" "$dir/tls"
  [ -s "$dir/tls/server.crt" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$dir/tls/server.key" -out "$dir/tls/server.crt" 2>/dev/null
  node test/peers/simplestreams-build.mjs "$dir/www" "$port"
  user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat > "$dir/nginx.conf" <<EOF
daemon off;
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log $dir/logs/access.log;
  client_body_temp_path $dir/run/client_body;
  proxy_temp_path $dir/run/proxy;
  fastcgi_temp_path $dir/run/fastcgi;
  uwsgi_temp_path $dir/run/uwsgi;
  scgi_temp_path $dir/run/scgi;
  types { application/json json; application/x-xz xz; text/plain sha256; }
  default_type application/octet-stream;
  sendfile on;
  etag on;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location /ss-slow/ { alias $dir/www/ss/; limit_rate 64k; }
    location /slow/ { alias $dir/www/uri/; limit_rate 64k; }
    location /ss-noetag/ { alias $dir/www/ss/; etag off; }
    location /ss-500/ { return 500 "simulated failure\n"; }
    location /ss-404/ { return 404; }
    location /files/ { return 404; }
    location / { try_files \$uri =404; }
  }
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $dir/tls/server.crt;
    ssl_certificate_key $dir/tls/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $dir/www;
    location /ss-slow/ { alias $dir/www/ss/; limit_rate 64k; }
    location / { try_files \$uri =404; }
  }
}
EOF
  # A token only this copy serves: the server answering on the port must be ours, not another peer's.
  token="$$-$(date +%s%N)"
  echo "$token" >"$dir/www/.peer-token"
  setsid nginx -e "$dir/logs/error.log" -p "$dir/run" -c "$dir/nginx.conf" >>"$dir/logs/stdout.log" 2>&1 < /dev/null 9>&- &
  for _ in $(seq 100); do
    if [ "$(curl -fsS "http://127.0.0.1:$port/.peer-token" 2>/dev/null)" = "$token" ]; then break; fi
    sleep 0.05
  done
  [ "$(curl -fsS "http://127.0.0.1:$port/.peer-token" 2>/dev/null)" = "$token" ] \
    || { echo "simplestreams: our nginx did not answer on 127.0.0.1:$port; see $dir/logs/error.log" >&2; cat "$dir/logs/error.log" >&2; exit 1; }
  curl -fsS -o /dev/null "http://127.0.0.1:$port/ss/streams/v1/index.json" \
    || { echo "simplestreams: nginx does not serve the catalog; see $dir/logs/error.log" >&2; exit 1; }
  curl -fsS -o /dev/null --cacert "$dir/tls/server.crt" "https://127.0.0.1:$tls_port/ss/streams/v1/index.json" \
    || { echo "simplestreams: nginx does not serve the catalog over https; see $dir/logs/error.log" >&2; exit 1; }
  exec 9>&-
  cat > "$envfile.tmp" <<EOF
export CC_SIMPLESTREAMS_URL=http://127.0.0.1:$port
export CC_SIMPLESTREAMS_HTTPS_URL=https://127.0.0.1:$tls_port
export CC_SIMPLESTREAMS_CERT=$dir/tls/server.crt
export CC_SIMPLESTREAMS_ROOT=$dir/www
export CC_SIMPLESTREAMS_ACCESS_LOG=$dir/logs/access.log
export CC_SIMPLESTREAMS_SWITCH="$root/test/peers/simplestreams.sh switch"
EOF
  mv "$envfile.tmp" "$envfile"
  echo "simplestreams: nginx on http://127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  switch) switch "${2:-}" ;;
  *) echo "usage: $0 start|stop|switch a|b" >&2; exit 2 ;;
esac
