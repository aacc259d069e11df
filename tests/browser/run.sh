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
source "$(dirname "$0")/lib.sh"
"$tailor" links --root "$repo" --format json > "$work/links.json"
node check.mjs "$work/site" "$work/links.json" "$@"
