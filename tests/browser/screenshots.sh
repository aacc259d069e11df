#!/usr/bin/env bash
# Regenerates the README's screenshots of an affiliate page of the example
# site: docs/screenshots/affiliate-phone.png and affiliate-desktop.png.
#
#   tests/browser/screenshots.sh [PAGE_PATH]      (default /jane-doe/)
#
# Needs node/npm and /usr/bin/chromium, as run.sh does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
node screenshots.mjs "$work/site" "${1:-/jane-doe/}" "$repo/docs/screenshots"
