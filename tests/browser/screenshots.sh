#!/usr/bin/env bash
# Regenerates the README's screenshots of an affiliate page of the example
# site: docs/screenshots/affiliate-phone.png and affiliate-desktop.png.
#
#   tests/browser/screenshots.sh [PAGE_PATH]      (default /jane-doe/)
#
# Needs node/npm and /usr/bin/chromium, as run.sh does.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
  || npm ci --no-audit --no-fund --loglevel=error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --manifest-path "$repo/Cargo.toml"
"$repo/target/debug/tailor" build --root "$repo" --out "$work/site"
node screenshots.mjs "$work/site" "${1:-/jane-doe/}" "$repo/docs/screenshots"
