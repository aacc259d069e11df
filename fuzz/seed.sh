#!/usr/bin/env bash
# Seeds each target's corpus with the files of its kind in the example site
# and the test fixtures. Run from the repository root; the fuzzers grow the
# corpus from there, and `cargo fuzz cmin` keeps it small before a commit.
set -euo pipefail
cd "$(dirname "$0")/.."
seed() { # target file...
  local target=$1; shift
  mkdir -p "fuzz/corpus/$target"
  for f in "$@"; do
    cp "$f" "fuzz/corpus/$target/seed-$(echo "$f" | tr '/' '_' | sed 's/^\._//')"
  done
}
files() { find . \( -path ./target -o -path ./fuzz -o -path ./tests/browser/node_modules -o -path ./public \) -prune -o "$@" -type f -print | sort; }
mapfile -t md < <(files -path '*/content/*' -name '*.md')
seed front_matter "${md[@]}"
mapfile -t sites < <(files -name tailor.yaml)
seed site_yaml "${sites[@]}"
mapfile -t segments < <(files -path '*/segments/*' -name '*.y*ml')
seed segment_yaml "${segments[@]}"
mapfile -t yaml < <(files -name 'affiliates.y*ml')
seed affiliates_yaml "${yaml[@]}"
mapfile -t csv < <(files -name 'affiliates.csv')
seed affiliates_csv "${csv[@]}"
mapfile -t customers < <(files \( -path ./data/customers.csv -o -path './tests/fixtures/derive/*.csv' \))
seed derive_csv "${customers[@]}"
# The table twins: US-written exports (the markets fixture's US file and
# derive's), which the target rewrites as a German spreadsheet would.
mapfile -t us < <(files \( -path ./tests/fixtures/markets/customers-us.csv -o -path './tests/fixtures/derive/*.csv' \))
seed table_twin "${us[@]}"
# A customer export, a NUL, a commission export: the report's fixture and
# the head of the sample.
mkdir -p fuzz/corpus/report_csv
{ cat tests/fixtures/report/customers.csv; printf '\0'; cat tests/fixtures/report/commissions.csv; } \
  > fuzz/corpus/report_csv/seed-fixture
{ head -n 60 data/customers.csv; printf '\0'; head -n 40 data/commissions.csv; } \
  > fuzz/corpus/report_csv/seed-sample
cp tests/fixtures/report/customers.csv fuzz/corpus/report_csv/seed-customers-only
# Bodies as the Markdown pass sees them: the files without front matter.
mkdir -p fuzz/corpus/markdown_links
for f in "${md[@]}"; do
  awk 'NR==1 && /^---/ {fm=1; next} fm && /^(---|\.\.\.)$/ {fm=0; next} !fm' "$f" \
    > "fuzz/corpus/markdown_links/seed-$(echo "$f" | tr '/' '_' | sed 's/^\._//')"
done
mapfile -t templates < <(files -path './themes/*' -name '*.html')
seed template_links "${templates[@]}"
# Finished pages of the example, as the pass reads them before tracking.
cargo run -q --release -- build --out target/fuzz-seed-site >/dev/null 2>&1 || cargo run -q -- build --out target/fuzz-seed-site >/dev/null
for page in index.html jane-doe/index.html for/fintech-search/index.html customers/ledgerly/index.html; do
  [ -f "target/fuzz-seed-site/$page" ] && cp "target/fuzz-seed-site/$page" "fuzz/corpus/template_links/seed-page-$(echo "$page" | tr '/' '_')"
done
mkdir -p fuzz/corpus/tracked_url
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%b' "$line" > "fuzz/corpus/tracked_url/seed-$i"
done <<'LINKS'
https://app.acme.example/signup\njane\nhero
https://app.acme.example/signup?plan=pro&utm_source=Newsletter#pricing\njane\ncta
https://acme.example/?via=someone&VIA=other&x=1\njane\nbody
https://app.acme.example/a?utm_medium=&utm_medium=QR&b=%20c\n\nlink
HTTPS://APP.ACME.EXAMPLE:443/p/../q?%zz=1&&=&a=b=c\nj%C3%A9\nfooter
https://app.acme.example/x#frag?via=no\njane
LINKS
# Paths: of the path rule's site (links in and out of it, a loop, a
# dangling link) and request targets, each a first line.
mkdir -p fuzz/corpus/path_rule fuzz/corpus/serve_paths
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%b' "$line" > "fuzz/corpus/path_rule/seed-$i"
  printf '%b' "$line" > "fuzz/corpus/serve_paths/seed-$i"
done <<'PATHS'
content/a.md
content/inside.md
content/out.md
content/up/secret
content/sub/loop/sub/here/b.md
content/dangling
content/self
static/content/a.md
static/.well-known/security.txt
../secret
/etc/passwd
content/caf\xe9.md
/
/for/alpha/
/for/alpha
/caf%C3%A9/
/a%20b/c.txt
/../secret.txt
/%2e%2e/secret.txt
/..%2fsecret.txt
/assets/site.0123456789.css
/.well-known/security.txt
/__tailor/events
http://evil.example/
PATHS
printf '/%0300d' 0 | tr 0 a > fuzz/corpus/serve_paths/seed-long-part
