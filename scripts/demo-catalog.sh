#!/usr/bin/env bash
# Creates the small demo catalog `npm start` shows, with the headless CLI (dist/cli.js), at the
# given path. Leaves an existing catalog alone (the user's changes survive restarts). Everything it
# adds points at 127.0.0.1 (the ports test/peers/*.sh use), so nothing reaches the internet.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
catalog="$1"
if [ -f "$catalog" ]; then
  echo "demo catalog: keeping $catalog" >&2
  exit 0
fi
mkdir -p "$(dirname "$catalog")"
cli() { node "$root/dist/cli.js" --catalog "$catalog" "$@"; }

# The store's CLI creates the file on `migrate`; until the store lands there is no catalog to seed.
if ! cli migrate >/dev/null 2>&1 || [ ! -f "$catalog" ]; then
  echo "demo catalog: dist/cli.js cannot create a catalog yet (the store's CLI has not landed); starting empty" >&2
  exit 0
fi
added=0
add() {
  local err
  if err="$(cli "$@" 2>&1 >/dev/null)"; then
    echo "demo catalog: $*" >&2; added=$((added + 1))
  else
    echo "demo catalog: not added: $* ($(printf '%s' "$err" | head -n 1))" >&2
  fi
}
# Endpoints of the test peers that are running (bash test/peers/<peer>.sh start, or CC_START_PEERS=… npm start).
shopt -s nullglob
for env in "$root"/.build/peers/*.env; do set -a; . "$env"; set +a; done
shopt -u nullglob
add registries add "http://${CC_REGISTRY_ANON:-127.0.0.1:5100}" --name "Local registry (test peer)" --insecure
if [ -n "${CC_SIMPLESTREAMS_URL:-}" ]; then
  add images add-simplestreams "$CC_SIMPLESTREAMS_URL/ss"
  add images refresh
fi
engines=0
if [ -n "${CC_LXD_SOCKET:-}" ]; then add engines add lxd "$CC_LXD_SOCKET" --name "Local LXD (test peer)" && engines=1; fi
if [ -n "${CC_PODMAN_SOCKET:-}" ]; then add engines add podman "$CC_PODMAN_SOCKET" --name "Local Podman (test peer)" && engines=1; fi
if [ -n "${CC_DOCKER_SOCKET:-}" ]; then add engines add docker "$CC_DOCKER_SOCKET" --name "Local Docker (test peer)" && engines=1; fi
if [ "$engines" = 1 ]; then add engines sync; fi
echo "demo catalog: $catalog ready ($added demo entries on top of the store's own seeds)" >&2
