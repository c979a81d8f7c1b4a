#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/debian-packages.txt that are missing; does nothing (and never
# calls apt) when all are present. Called by scripts/setup.sh only, never by a peer, and never from a shell
# that holds a proxy variable meant for a daemon.
set -euo pipefail
list="$(dirname "${BASH_SOURCE[0]}")/debian-packages.txt"
missing=()
while read -r p; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list")
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-apt: installing ${missing[*]} (a first run: about a minute and ~700 MB)" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# A proxy variable that leaked into this shell would send apt to it: apt gets the environment it was born with.
unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy ALL_PROXY all_proxy
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
if ! $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "ensure-apt: apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
