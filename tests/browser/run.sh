#!/usr/bin/env bash
# The browser checks (README: "Browser checks"): builds the example site at
# the repository root and checks it with the Nu Html Checker, axe-core,
# Lighthouse and a click test in Debian's Chromium.
#
#   tests/browser/run.sh                 all checks
#   tests/browser/run.sh --skip-lighthouse
#   LIGHTHOUSE_REPORT=FILE tests/browser/run.sh   also writes the scores as a Markdown table
#
# Needs java, node/npm and /usr/bin/chromium (.ci/run installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund --loglevel=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml"
tailor="$repo/target/debug/tailor"
"$tailor" build --root "$repo" --out "$work/site"
"$tailor" links --root "$repo" --format json > "$work/links.json"
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node check.mjs "$work/site" "$work/links.json" "$@"
