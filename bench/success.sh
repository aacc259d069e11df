#!/usr/bin/env bash
# Benchmark: `tailor derive` on a 1,000,000-row export with every metric
# of the method (NPS, health, CSAT, LTV, ARR, tickets, upsell, and the
# product-usage columns of gen_customers.py --usage), judged by a success
# rule that uses them all, against another tailor binary (the one before
# the rule) on the same file with derive's own rule, which is all it had.
# Target: within 10% of the other binary's time.
#
#   bench/success.sh OTHER_TAILOR [ROWS]
#
# Runs them interleaved, five rounds, and prints each run's user CPU,
# wall time and peak memory, and the medians. The third column is this
# binary with derive's own rule.
set -euo pipefail
cd "$(dirname "$0")/.."
other=$1
rows=${2:-1000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}
csv=$dir/tailor-usage-$rows.csv
site=$dir/tailor-success-site
cargo build --release --quiet
this=${CARGO_TARGET_DIR:-target}/release/tailor
[ -s "$csv" ] || python3 bench/gen_customers.py --rows "$rows" --seed 1 --usage > "$csv"
rm -rf "$site" "$site-own" && mkdir -p "$site" && cp -r themes "$site/"
cat > "$site/tailor.yaml" <<'YAML'
site: { name: Bench, base_url: "https://partners.bench.example", signup_url: "https://app.bench.example/signup" }
data: { locale: en-US }
YAML
# derive's own rule: the other binary may not know `derive:`.
cp -r "$site" "$site-own"
cat >> "$site/tailor.yaml" <<'YAML'
derive:
  success:
    any: { nps: at least 9, health: at least 70, csat: at least 4, active_users: top 30% }
    all: { support_tickets: at most median }
    points:
      nps: { when: at least 9, add: 30 }
      health: { when: top 25%, add: 10 }
      csat: { when: at least 4, add: 10 }
      active_users: { when: top 10%, add: 25 }
      logins: { when: top 30%, add: 5 }
      seat_use: { when: at least 80%, add: 10 }
      feature_adoption: { when: at least 60, add: 5 }
      ltv: { when: top 25%, add: 10 }
      arr: { when: top 25%, add: 5 }
      upsell: { when: "yes", add: 10 }
      support_tickets: { when: below median, add: 10 }
YAML
echo "export: $csv ($(du -h "$csv" | cut -f1), $rows rows)"
time_one() {
  /usr/bin/time -f "%U %e %M" -o "$dir/tailor-success-time" "$@" > /dev/null 2>&1
  cat "$dir/tailor-success-time"
}
old=() new=() own=()
for i in 1 2 3 4 5; do
  o=$(time_one "$other" derive --customers "$csv" --root "$site-own" --dry-run)
  n=$(time_one "$this" derive --customers "$csv" --root "$site" --dry-run)
  d=$(time_one "$this" derive --customers "$csv" --root "$site-own" --dry-run)
  echo "round $i (user s, wall s, peak KB): other $o | every metric $n | own rule $d"
  old+=("$o") new+=("$n") own+=("$d")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
col() { local k=$1; shift; for x in "$@"; do echo "$x" | cut -d' ' -f"$k"; done; }
for which in old new own; do
  declare -n runs=$which
  echo "$which: median user $(median $(col 1 "${runs[@]}")) s, wall $(median $(col 2 "${runs[@]}")) s, peak $(( $(median $(col 3 "${runs[@]}")) / 1024 )) MB"
done
