#!/usr/bin/env bash
# A private OpenSSH server for the remote-engine tests: its own sshd_config, host key and authorized keys
# under .build/peers/sshd/, listening on 127.0.0.1 only, run as `sshd -D -f <conf>` (no system service).
# The tests reach the Podman peer's socket through it (direct-streamlocal@openssh.com), so the engine
# itself needs nothing: the socket path travels in the channel request.
#   test/peers/sshd.sh start|stop
# Several copies (other worktrees) can run at once: each takes the first free port 5230..5239 under a lock.
# Env file: the port, the user, a client key without and one with a passphrase, a known_hosts holding the
# server's real host key and one holding a different key for the same address (the "changed key" case).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/.build/peers/sshd
ENVFILE=$ROOT/.build/peers/sshd.env
PASSPHRASE=cc-test-passphrase

log() { echo "sshd-peer: $*" >&2; }

stop() {
  [ -d "$BASE" ] || { rm -f "$ENVFILE"; return 0; }
  local pid=""
  [ -f "$BASE/sshd.pid" ] && pid=$(cat "$BASE/sshd.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$BASE" "$ENVFILE"
}

pick_port() {
  local p
  for p in $(seq 5230 5239); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    echo "$p"; return
  done
  log "no free port 5230-5239"; exit 1
}

start() {
  stop
  bash "$ROOT/scripts/require-packages.sh" sshd-peer openssh-server openssh-client
  mkdir -p "$BASE"
  chmod 700 "$BASE"
  # sshd refuses to start without its privilege separation directory (the package's service would make it).
  mkdir -p /run/sshd && chmod 755 /run/sshd
  ssh-keygen -q -t ed25519 -N '' -C cc-test-host -f "$BASE/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C cc-test-other-host -f "$BASE/other_host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C cc-test-client -f "$BASE/client_ed25519"
  ssh-keygen -q -t ed25519 -N "$PASSPHRASE" -C cc-test-client-pass -f "$BASE/client_pass_ed25519"
  cat "$BASE/client_ed25519.pub" "$BASE/client_pass_ed25519.pub" >"$BASE/authorized_keys"
  chmod 600 "$BASE/authorized_keys"
  exec 9>"${TMPDIR:-/tmp}/cc-sshd-peer.lock"
  flock -w 300 9 || { log "timed out waiting for the port lock"; exit 1; }
  local port
  port=$(pick_port)
  cat >"$BASE/sshd_config" <<CONF
# Loopback only; keys only; nothing read from /etc/ssh.
ListenAddress 127.0.0.1:$port
HostKey $BASE/host_ed25519
AuthorizedKeysFile $BASE/authorized_keys
PidFile $BASE/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# .build may be group-writable in a checkout; the keys here are test keys.
StrictModes no
# The channel the extension opens to the engine's unix socket. sshd checks streamlocal channels against the
# same "local forwarding" permission as TCP ones (channels.c), so 'AllowTcpForwarding no' or any PermitOpen
# would deny them too; only our test key can log in, and it never asks for a TCP channel.
AllowStreamLocalForwarding local
AllowTcpForwarding local
AllowAgentForwarding no
X11Forwarding no
PermitTunnel no
LogLevel VERBOSE
CONF
  setsid /usr/sbin/sshd -D -f "$BASE/sshd_config" -E "$BASE/sshd.log" </dev/null >/dev/null 2>&1 9>&- &
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { cat "$BASE/sshd.log" >&2; exit 1; }
  exec 9>&-
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$BASE/host_ed25519.pub")" >"$BASE/known_hosts"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$BASE/other_host_ed25519.pub")" >"$BASE/known_hosts.wrong"
  cat >"$ENVFILE" <<ENV
export CC_SSHD_PORT=$port
export CC_SSHD_USER=$(id -un)
export CC_SSHD_KEY=$BASE/client_ed25519
export CC_SSHD_PASS_KEY=$BASE/client_pass_ed25519
export CC_SSHD_PASSPHRASE=$PASSPHRASE
export CC_SSHD_HOST_KEY_PUB=$BASE/host_ed25519.pub
export CC_SSHD_KNOWN_HOSTS=$BASE/known_hosts
export CC_SSHD_KNOWN_HOSTS_WRONG=$BASE/known_hosts.wrong
ENV
  log "ready: 127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
