#!/usr/bin/env bash
# The browser checks (docs/browser-checks.md): builds the example site at
# the repository root and checks it with the Nu Html Checker, axe-core,
# Lighthouse and a click test in Debian's Chromium, with the partner
# report's page (`tailor report --html`) and a site of overlong text
# (tests/fixtures/wrapping, checked at 320 px too) and a site with its own
# logo and affiliates' photos (tests/fixtures/brand) and a site written
# right to left (tests/fixtures/rtl) among the pages;
# compares, on every page of those sites and of a site of every spelling
# of a product link (tests/fixtures/spellings), the links the build
# tracked with the links the persistence and QR scripts change; then
# builds the example with `persist: consent` and `persist: false` and
# checks the persistence script's modes, and that a sibling subdomain's
# cookie is never read.
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
# And with the long ids of a Brazilian export's niches (contabilidade-...):
# tables fit at 1440 px, no id is cut without being given whole.
sed -e 's/,E-commerce,/,Contabilidade e gestão financeira,/; s/,Ecommerce,/,Contabilidade e gestao financeira,/' \
  -e 's/,HealthTech,/,Clínicas e consultórios médicos,/I' \
  "$repo/data/customers.csv" > "$work/long-ids.csv"
grep -q "Contabilidade e gest" "$work/long-ids.csv" || { echo "data/customers.csv has no E-commerce niche to lengthen" >&2; exit 1; }
"$tailor" report --root "$repo" --customers "$work/long-ids.csv" \
  --commissions "$repo/data/commissions.csv" --html "$work/site/partner-report-long" > /dev/null
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
# A site written right to left (under /rtl/): Arabic by default, Hebrew
# and English beside it, Latin names inside Arabic and Hebrew sentences.
cp -r "$repo/tests/fixtures/rtl" "$work/rtl-src"
cp -r "$repo/themes" "$work/rtl-src/"
"$tailor" build --root "$work/rtl-src" --base-url https://partners.sahm.example/rtl/ \
  --out "$work/site/rtl" > /dev/null 2>&1 \
  || "$tailor" build --root "$work/rtl-src" --base-url https://partners.sahm.example/rtl/ \
    --out "$work/site/rtl"
"$tailor" links --root "$repo" --format json \
  --columns slug,name,segment,code,lang,url,path,signup_url,qr_url,kit_url > "$work/links.json"
# Product links spelt every way a browser accepts (tests/fixtures/spellings),
# built at a host's root and under a path of a product host (/partners/).
cp -r "$repo/tests/fixtures/spellings" "$work/spellings-src"
cp -r "$repo/themes" "$work/spellings-src/"
"$tailor" build --root "$work/spellings-src" --out "$work/spellings" > /dev/null 2>&1 \
  || "$tailor" build --root "$work/spellings-src" --out "$work/spellings"
"$tailor" build --root "$work/spellings-src" --base-url https://spell.example/partners/ \
  --out "$work/spellings/partners" > /dev/null 2>&1 \
  || "$tailor" build --root "$work/spellings-src" --base-url https://spell.example/partners/ \
    --out "$work/spellings/partners"
status=0
node check.mjs "$work/site" "$work/links.json" "$@" || status=1
# The build's reading of every page against the scripts' (differential.mjs).
node differential.mjs "$work/site" / /wrapping/ /brand/ /rtl/ || status=1
node differential.mjs "$work/spellings" / /partners/ || status=1
example_with consent "$work/site-consent"
example_with false "$work/site-off"
node persist.mjs "$work/site-consent" "$work/site-off" "$work/links.json" "$work/site" || status=1
exit $status
