#!/usr/bin/env bash
# The browser checks (README: "Browser checks"): builds the example site at
# the repository root and checks it with the Nu Html Checker, axe-core,
# Lighthouse and a click test in Debian's Chromium, with the partner
# report's page (`tailor report --html`) and a site of overlong text
# (tests/fixtures/wrapping, checked at 320 px too) and a site with its own
# logo and affiliates' photos (tests/fixtures/brand) among the pages; then builds it with
# `persist: consent` and `persist: false` and checks the persistence
# script's modes.
#
#   tests/browser/run.sh                 all checks
#   tests/browser/run.sh --skip-lighthouse
#   LIGHTHOUSE_REPORT=FILE tests/browser/run.sh   also writes the scores as a Markdown table
#
# Needs java, node/npm and /usr/bin/chromium (.ci/run installs them).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# The partner report's page is checked beside the site's pages (it is
# never published; it is written here only to be served to the checks).
"$tailor" report --root "$repo" --customers "$repo/data/customers.csv" \
  --commissions "$repo/data/commissions.csv" --html "$work/site/partner-report" > /dev/null
# Text as long as tailor accepts in every field, built under a path
# (/wrapping/) beside the example: no page may scroll sideways or cut text.
cp -r "$repo/tests/fixtures/wrapping" "$work/wrapping-src"
cp -r "$repo/themes" "$work/wrapping-src/"
"$tailor" build --root "$work/wrapping-src" --out "$work/site/wrapping" > /dev/null 2>&1 \
  || "$tailor" build --root "$work/wrapping-src" --out "$work/site/wrapping"
# A site's own logo, colours and affiliates' photos (under /brand/).
cp -r "$repo/tests/fixtures/brand" "$work/brand-src"
cp -r "$repo/themes" "$work/brand-src/"
"$tailor" build --root "$work/brand-src" --base-url https://partners.brightdesk.example/brand/ \
  --out "$work/site/brand" > /dev/null 2>&1 \
  || "$tailor" build --root "$work/brand-src" --base-url https://partners.brightdesk.example/brand/ \
    --out "$work/site/brand"
"$tailor" links --root "$repo" --format json \
  --columns slug,name,segment,code,lang,url,path,signup_url,qr_url,kit_url > "$work/links.json"
status=0
node check.mjs "$work/site" "$work/links.json" "$@" || status=1
example_with consent "$work/site-consent"
example_with false "$work/site-off"
node persist.mjs "$work/site-consent" "$work/site-off" "$work/links.json" || status=1
exit $status
