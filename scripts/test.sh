#!/usr/bin/env bash
# `npm test`: everything from a fresh clone to one counted line.
#   setup → build → typecheck → transpile tests → start peers → unit tests → integration tests
# (inside code-server's real VS Code extension host) → package the VSIX and test the installed copy
# → stop peers → `tests: N passed, N failed[, N skipped]`.
# Exits non-zero on any failure, including a failed step or a suite that never reported.
# Env: CC_TOOLS_DIR (where code-server lives, default .tools/), CC_TEST_GREP (mocha grep for both suites),
#      CC_SKIP_PEERS=1 (don't start test/peers/*.sh; tests that need them then fail, by design).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

results="$root/test-results"
mkdir -p "$results"
rm -f "$results/unit.json" "$results/integration.json" "$results/restore.json" "$results/vsix.json"

passed=0 failed=0 skipped=0 broken_steps=0 hostile_tried=0 hostile_held=0
peers_started=()

started=$SECONDS
say() { printf '\n=== %s (at %ds)\n' "$*" "$((SECONDS - started))"; }

stop_peers() {
  local p
  for p in "${peers_started[@]}"; do
    bash "$p" stop >&2 || echo "test: '$p stop' failed" >&2
  done
  peers_started=()
}

# The counted line must be the very last line: everything else (peer shutdown) happens before it.
finish() {
  trap - EXIT INT TERM
  stop_peers
  if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$broken_steps" -eq 0 ]; then
    echo "test: no test ran at all" >&2
    broken_steps=1
  fi
  echo "test: finished in $((SECONDS - started))s" >&2
  failed=$((failed + broken_steps))
  local line="tests: $passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
  echo
  # The attacks of the "hostile input" groups (test/unit/hostile/), counted among the tests above.
  [ "$hostile_tried" -gt 0 ] && echo "hostile input: $hostile_tried attacks tried, $hostile_held held"
  echo "$line"
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}
trap 'echo "test: interrupted" >&2; broken_steps=$((broken_steps + 1)); finish' INT TERM
trap 'finish' EXIT

# A step that must succeed for anything after it to mean something.
required() {
  local name="$1"; shift
  say "$name"
  if ! "$@"; then
    echo "test: step '$name' FAILED" >&2
    broken_steps=$((broken_steps + 1))
    exit 1 # → finish
  fi
}

# Adds a suite's counts file (written by test/support/runMocha.ts) to the totals; a missing or
# unreadable file counts as one failure, as does a non-zero exit with no failed test in the file.
add_counts() {
  local suite="$1" file="$2" rc="$3" counts
  if ! counts="$(node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const k of ["passed", "failed", "skipped"]) if (!Number.isInteger(c[k]) || c[k] < 0) throw new Error(k);
    console.log(c.passed, c.failed, c.skipped, c.hostile ? c.hostile.tried : 0, c.hostile ? c.hostile.held : 0);' "$file" 2>/dev/null)"; then
    echo "test: the $suite suite did not report its results ($file missing or malformed)" >&2
    broken_steps=$((broken_steps + 1))
    return
  fi
  local p f s ht hh
  read -r p f s ht hh <<<"$counts"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  hostile_tried=$((hostile_tried + ht)); hostile_held=$((hostile_held + hh))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "test: the $suite suite exited $rc without a failed test" >&2
    broken_steps=$((broken_steps + 1))
  fi
}

required "setup" bash scripts/setup.sh
required "build" node esbuild.mjs
required "typecheck" npm run --silent typecheck
required "lint" npm run --silent lint
required "transpile tests" node esbuild.mjs --tests

if [ "${CC_SKIP_PEERS:-0}" != 1 ]; then
  shopt -s nullglob
  for p in test/peers/*.sh; do
    say "peer $p start"
    peers_started+=("$p")
    # A peer that cannot start (a missing package, a port taken) would fail every suite that needs it in
    # its `before all`: stop here, with the peer's own message above as the reason.
    if ! bash "$p" start; then
      echo "test: peer '$p' failed to start; stopping (its message above says why)" >&2
      broken_steps=$((broken_steps + 1))
      exit 1 # → finish
    fi
  done
  for env in .build/peers/*.env; do
    echo "test: sourcing $env"
    set -a
    # shellcheck disable=SC1090
    . "$env"
    set +a
  done
  shopt -u nullglob
fi

say "unit tests"
node out/test/support/runUnit.js "$results/unit.json"
add_counts unit "$results/unit.json" $?

say "integration tests (code-server extension host)"
node out/test/integration/driver/runHost.js
add_counts integration "$results/integration.json" $?

say "restore tests (panels after a window reload)"
node out/test/integration/driver/runHost.js --restore
add_counts restore "$results/restore.json" $?

say "package the VSIX and test the installed copy"
version="$(node -p 'require("./package.json").version')"
rm -f "container-catalog-$version.vsix"
if npm run --silent package >"$results/package.log" 2>&1 && [ -f "container-catalog-$version.vsix" ]; then
  tail -n 2 "$results/package.log"
  node out/test/integration/driver/runHost.js --vsix "container-catalog-$version.vsix"
  add_counts vsix "$results/vsix.json" $?
else
  cat "$results/package.log" >&2
  echo "test: npm run package failed" >&2
  broken_steps=$((broken_steps + 1))
fi

finish
