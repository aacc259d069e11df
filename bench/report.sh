#!/usr/bin/env bash
# Benchmark: `tailor report` on a 1,000,000-row customer export (about a
# quarter of it referred by the example site's affiliates) and its
# commission export, against the example site.
# Targets: under 3 s wall time and under 300 MB peak memory.
#
#   bench/report.sh [ROWS]
#
# Prints the median wall time of 5 runs and the peak resident memory, for
# the report from the offers, the report joined to the commissions, and
# the same customers as a German spreadsheet writes them (`;`, decimal
# commas, "12.400,00 €", German headers and words), read with --locale de.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}
csv=$dir/tailor-referred-$rows.csv
german=$dir/tailor-kunden-$rows.csv
commissions=$dir/tailor-commissions-$rows.csv
cargo build --release --quiet
if [ ! -s "$csv" ] || [ ! -s "$commissions" ]; then
  python3 bench/gen_customers.py --rows "$rows" --seed 1 --commissions "$commissions" > "$csv"
fi
if [ ! -s "$german" ]; then
  python3 bench/gen_customers.py --rows "$rows" --seed 1 --locale de > "$german"
fi
echo "export: $csv ($(du -h "$csv" | cut -f1), $rows rows); commissions: $(($(wc -l < "$commissions") - 1)) rows"
run() {
  local label=$1 customers=$2; shift 2
  local times=() peak=0
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$dir/tailor-report-time" \
      ./target/release/tailor report --customers "$customers" "$@" --format json > /dev/null 2>&1
    read -r wall kb < "$dir/tailor-report-time"
    times+=("$wall")
    (( kb > peak )) && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "$label: wall times ${times[*]} s; median ${median} s (target < 3 s); peak memory $((peak / 1024)) MB (target < 300 MB)"
}
run "offers only" "$csv"
run "with commissions" "$csv" --commissions "$commissions"
run "German export" "$german" --locale de
