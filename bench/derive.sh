#!/usr/bin/env bash
# Benchmark: `tailor derive` on a 1,000,000-row export.
# Targets: under 3 s wall time and under 300 MB peak memory.
#
#   bench/derive.sh [ROWS]
#
# Prints the median wall time of 5 runs and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
csv=${TMPDIR:-/tmp}/tailor-customers-$rows.csv
cargo build --release --quiet
[ -s "$csv" ] || python3 bench/gen_customers.py --rows "$rows" --seed 1 > "$csv"
echo "export: $csv ($(du -h "$csv" | cut -f1), $rows rows)"
times=()
peak=0
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e %M" -o /tmp/tailor-derive-time ./target/release/tailor derive --customers "$csv" --dry-run > /dev/null
  read -r wall kb < /tmp/tailor-derive-time
  times+=("$wall")
  (( kb > peak )) && peak=$kb
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "wall times: ${times[*]} s"
echo "median wall time: ${median} s (target < 3 s)"
echo "peak memory: $((peak / 1024)) MB (target < 300 MB)"
