#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently and quickly when nothing changed:
#   1. npm dependencies (only when node_modules is missing or older than package-lock.json),
#   2. Debian packages: all of scripts/debian-packages.txt (via ensure-apt.sh, which never calls apt when all are present),
#   3. code-server 4.100.3 (the real VS Code host for the integration tests) into $CC_TOOLS_DIR
#      (default .tools/), with the workarounds an offline, root-only machine needs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CODE_SERVER_VERSION=4.100.3
tools="${CC_TOOLS_DIR:-$root/.tools}"
mkdir -p "$tools"
tools="$(cd "$tools" && pwd)"

log() { printf 'setup: %s\n' "$*" >&2; }

# --- 1. npm dependencies -------------------------------------------------------------------------
# `npm ci` only when needed: the stamp npm writes (node_modules/.package-lock.json) must be newer
# than package-lock.json.
# A symlinked node_modules (the shared install helper worktrees use) is never touched: `npm ci`
# would empty the link's target for everyone.
if [ -L node_modules ]; then
  log "node_modules is a symlink; leaving it alone"
elif [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
else
  log "npm dependencies up to date"
fi

# --- 2. Debian packages --------------------------------------------------------------------------
# Every package of the build, the host tests and the peers, from the one list scripts/debian-packages.txt,
# installed here before any peer starts (peers only check, with scripts/require-packages.sh).
bash scripts/ensure-apt.sh

# --- 3. code-server ------------------------------------------------------------------------------
cs_dir="$tools/code-server-$CODE_SERVER_VERSION"
server_main="$cs_dir/node_modules/code-server/lib/vscode/out/server-main.js"
stamp="$cs_dir/.installed"
if [ -f "$stamp" ] && [ -f "$server_main" ]; then
  log "code-server $CODE_SERVER_VERSION present in $cs_dir"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $cs_dir (about a minute)"
rm -rf "$cs_dir"
mkdir -p "$cs_dir"
work="$cs_dir/.tmp"
mkdir -p "$work"
# A private package.json so this install never touches the project's tree or lockfile.
cat > "$cs_dir/package.json" <<JSON
{ "name": "cc-tools-code-server", "private": true, "dependencies": { "code-server": "$CODE_SERVER_VERSION" } }
JSON

# @vscode/ripgrep downloads rg from GitHub unless it finds this tarball in its cache folder under
# TMPDIR; Debian's /usr/bin/rg under that name satisfies it.
rg_cache="$work/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache" "$work/rg"
cp /usr/bin/rg "$work/rg/rg"
tar -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$work/rg" rg

(
  export TMPDIR="$work"
  # code-server's postinstall refuses to run as root without unsafe_perm.
  export npm_config_unsafe_perm=true
  # The machine's npmrc has yes=false, which cancels the `npx node-gyp` fallback of argon2/kerberos.
  export npm_config_yes=true
  # npm 11 blocks install scripts unless allowed; code-server needs its postinstall and native
  # builds (argon2, kerberos, node-pty, …). Allowed for this isolated tool install only.
  export npm_config_dangerously_allow_all_scripts=true
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  cd "$cs_dir"
  npm install --no-package-lock --loglevel=error
) >"$cs_dir/install.log" 2>&1 || {
  tail -n 60 "$cs_dir/install.log" >&2
  log "code-server install FAILED (full log: $cs_dir/install.log)"
  exit 1
}

if [ ! -f "$server_main" ]; then
  tail -n 60 "$cs_dir/install.log" >&2
  log "code-server install incomplete: $server_main missing"
  exit 1
fi
rm -rf "$work"
date -u +%FT%TZ > "$stamp"
log "code-server $CODE_SERVER_VERSION installed"
