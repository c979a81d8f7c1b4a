#!/usr/bin/env bash
# `npm start`: build, package the VSIX, install it into code-server and serve a VS Code on
# 127.0.0.1 with a small demo catalog. Prints the URL; Ctrl-C stops everything it started.
# Env: CC_PORT (default: first free in 5380-5399), CC_TOOLS_DIR (code-server install, default .tools/),
#      CC_START_FRESH=1 (forget the previous session's settings and catalog under .build/start/),
#      CC_START_PEERS=all|registry,simplestreams,lxd,podman,docker (start those test peers first, put them in the
#      demo catalog, stop them on exit; combine with CC_START_FRESH=1 so the catalog gets their endpoints).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh
echo "start: packaging the extension" >&2
npm run --silent package >/dev/null
version="$(node -p 'require("./package.json").version')"
vsix="$root/container-catalog-$version.vsix"

tools="${CC_TOOLS_DIR:-$root/.tools}"
cs="$(cd "$tools" && pwd)/code-server-4.100.3/node_modules/code-server/out/node/entry.js"
state="$root/.build/start"
[ "${CC_START_FRESH:-0}" = 1 ] && rm -rf "$state"
user_data="$state/user-data"
extensions="$state/extensions"
workspace="$state/workspace"
mkdir -p "$user_data/User" "$extensions" "$workspace" "$state/tmp" "$state/xdg/config" "$state/xdg/data" "$state/xdg/cache" "$state/xdg/state"
# Keep code-server and everything it starts out of $HOME.
export XDG_CONFIG_HOME="$state/xdg/config" XDG_DATA_HOME="$state/xdg/data" XDG_CACHE_HOME="$state/xdg/cache" \
  XDG_STATE_HOME="$state/xdg/state" TMPDIR="$state/tmp"
# code-server's extension gallery (open-vsx.org) is a closed loopback port: nothing here leaves the machine.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/vscode/gallery","itemUrl":"http://127.0.0.1:9/vscode/item","resourceUrlTemplate":"http://127.0.0.1:9/vscode/asset/{publisher}/{name}/{version}/{path}","controlUrl":"","recommendationsUrl":""}'
if [ ! -f "$user_data/User/settings.json" ]; then
  cat > "$user_data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "git.openRepositoryInParentFolders": "never"
}
JSON
fi

echo "start: installing $vsix" >&2
node "$cs" --user-data-dir "$user_data" --extensions-dir "$extensions" --force --install-extension "$vsix" >&2

peers=()
stop_peers() { local p; for p in "${peers[@]}"; do bash "test/peers/$p.sh" stop >&2 || true; done; peers=(); }
if [ -n "${CC_START_PEERS:-}" ]; then
  if [ "$CC_START_PEERS" = all ] || [ "$CC_START_PEERS" = 1 ]; then list="registry simplestreams lxd podman docker"; else list="${CC_START_PEERS//,/ }"; fi
  trap 'stop_peers' EXIT
  for p in $list; do
    [ -f "test/peers/$p.sh" ] || { echo "start: no peer named $p" >&2; exit 1; }
    echo "start: starting peer $p" >&2
    peers+=("$p")
    bash "test/peers/$p.sh" start >&2
  done
fi

# The demo catalog lives where the extension looks for it: <user-data>/User/globalStorage/<id>/catalog.db.
catalog="$user_data/User/globalStorage/container-catalog.container-catalog/catalog.db"
bash scripts/demo-catalog.sh "$catalog"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${CC_PORT:-}"
if [ -z "$port" ]; then
  for p in $(seq 5380 5399); do port_free "$p" && { port="$p"; break; }; done
  [ -n "$port" ] || { echo "start: no free port in 5380-5399 (set CC_PORT)" >&2; exit 1; }
fi

# Its own session/process group, so Ctrl-C here stops the server, its extension host and watchers.
setsid node "$cs" \
  --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --user-data-dir "$user_data" --extensions-dir "$extensions" \
  "$workspace" >"$state/code-server.log" 2>&1 &
pid=$!
stop() {
  trap - INT TERM EXIT
  echo; echo "start: stopping code-server" >&2
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  stop_peers
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

for _ in $(seq 300); do
  node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' \
    "http://127.0.0.1:$port/healthz" && break
  kill -0 "$pid" 2>/dev/null || { cat "$state/code-server.log" >&2; echo "start: code-server exited" >&2; exit 1; }
  sleep 0.2
done
echo
echo "Container Catalog is running in code-server: http://127.0.0.1:$port/?folder=$workspace"
echo "(log: $state/code-server.log; Ctrl-C to stop)"
wait "$pid"
