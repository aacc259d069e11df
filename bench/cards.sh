#!/usr/bin/env bash
# Benchmark: social cards on a site of 10,000 affiliates (bench/gen_site.py).
# Targets (docs/benchmarks.md, "Social cards"): every card from cold in
# under 20 s; a rebuild with nothing changed no more than 10% slower than
# the same rebuild without cards; one affiliate edited draws one card.
#
#   bench/cards.sh [AFFILIATES]      default 10000; RUNS=5 rebuilds each
#
# Prints the cold build's wall time and the cards it drew, the median
# rebuild with and without cards, and the cards an edit drew.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-5}
work=${BENCH_DIR:-/tmp/tailor-bench-cards}
cargo build --release --quiet
bin=$PWD/target/release/tailor
rm -rf "$work" && mkdir -p "$work"
python3 bench/gen_site.py --affiliates "$n" --out "$work/cards" > /dev/null
cp -r "$work/cards" "$work/plain"
rm -rf "$work/plain/themes/default/card"

wall() { /usr/bin/time -f "%e" -o "$work/time" "$@" 2> "$work/err" > /dev/null || { cat "$work/err" >&2; exit 1; }; cat "$work/time"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
drawn() { grep -o '[0-9]* of [0-9]* social cards drawn' "$work/err"; }

sync
cold=$(wall "$bin" build --root "$work/cards")
echo "cold build with cards: ${cold} s, $(drawn) (target < 20 s for the cards)"
wall "$bin" build --root "$work/plain" > /dev/null
with=(); without=()
for _ in $(seq "$runs"); do
  with+=("$(wall "$bin" build --root "$work/cards")")
  without+=("$(wall "$bin" build --root "$work/plain")")
done
mw=$(median "${with[@]}"); mo=$(median "${without[@]}")
echo "rebuild, nothing changed: ${mw} s with cards, ${mo} s without ($(awk -v a="$mw" -v b="$mo" 'BEGIN { printf "%+.0f%%", (a / b - 1) * 100 }'); target <= +10%)"
echo "  with cards: ${with[*]}"
echo "  without:    ${without[*]}"
# One affiliate edited: their card only.
first=$(grep -m1 -n '^- name:' "$work/cards/affiliates.yaml" | cut -d: -f1)
sed -i "${first}s/\$/ Jr/" "$work/cards/affiliates.yaml"
edit=$(wall "$bin" build --root "$work/cards")
echo "one affiliate renamed: ${edit} s, $(drawn) (target: 1)"
