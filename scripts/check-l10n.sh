#!/usr/bin/env bash
# Fails when l10n/bundle.l10n.json is not what `npm run l10n` would write from the vscode.l10n.t calls in src/:
# a string added or changed in the code must reach the bundle translators work from.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
node_modules/.bin/vscode-l10n-dev export --outDir "$tmp" ./src >/dev/null 2>&1
if ! cmp -s "$tmp/bundle.l10n.json" l10n/bundle.l10n.json; then
  diff "$tmp/bundle.l10n.json" l10n/bundle.l10n.json | head -20 >&2 || true
  echo "l10n: l10n/bundle.l10n.json is out of date; run 'npm run l10n' and commit it" >&2
  exit 1
fi
