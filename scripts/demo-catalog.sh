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
add registries add http://127.0.0.1:5100 --name "Local registry (test peer)" --insecure
add images add-simplestreams https://127.0.0.1:5150/
add engines add podman "$root/.build/peers/podman/podman.sock" --name "Local Podman (test peer)"
echo "demo catalog: $catalog ready ($added demo entries on top of the store's own seeds)" >&2
