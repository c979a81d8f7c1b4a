#!/usr/bin/env bash
# Checks (never installs) that the named Debian packages are present; a peer calls it before it starts
# anything. Installing is scripts/setup.sh's job, done once before any peer runs and before any proxy
# variable is set, so a missing package here means setup was skipped or failed: say which, and how to fix it.
#   scripts/require-packages.sh WHO PACKAGE...
set -euo pipefail
who="$1"; shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "$who: missing Debian package(s): ${missing[*]}" >&2
echo "$who: install them with 'bash scripts/setup.sh' (or: sudo apt-get install --no-install-recommends ${missing[*]})" >&2
exit 1
