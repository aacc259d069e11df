#!/usr/bin/env bash
# Benchmark: tailor builds of synthetic sites against Hugo on the same pages.
#
#   bench/run.sh [SIZES...]          default: 1000 10000 100000 affiliates
#
# Each site has 50 segments, 200 case studies and the given number of
# affiliates (bench/gen_site.py). For each size it reports, for output on
# tmpfs (/dev/shm) and on disk, the median wall time of RUNS runs (default 5)
# of a clean build (output folder removed first) and of a rebuild (nothing
# changed, so every file is left as it was), pages per second and peak
# memory (GNU time's maximum resident set size). It then builds the
# equivalent Hugo site (Debian's hugo package, installed if missing) onto
# tmpfs and prints the ratio of pages per second.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-5}
hugo_runs=${HUGO_RUNS:-3}
work=${BENCH_DIR:-/tmp/tailor-bench}
shm=/dev/shm/tailor-bench
disk=${BENCH_DISK:-$PWD/target/bench-out}
mkdir -p "$work" "$shm" "$disk"
command -v hugo >/dev/null || { apt-get install -y -qq hugo >/dev/null 2>&1 || echo "hugo unavailable: Hugo columns left empty"; }
cargo build --release --quiet
bin=$PWD/target/release/tailor

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# time_runs N CMD...: prints "median_seconds peak_kb"
time_runs() {
  local n=$1; shift
  local times=() peak=0
  for _ in $(seq "$n"); do
    [ -n "${PRE:-}" ] && eval "$PRE"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
    read -r t kb < "$work/time"
    times+=("$t"); (( kb > peak )) && peak=$kb
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $peak"
}

printf '%-10s %-6s %-8s %10s %12s %10s\n' affiliates output build "median s" "pages/s" "peak MB"
for n in "${sizes[@]}"; do
  site=$work/site-$n
  [ -f "$site/tailor.yaml" ] || python3 bench/gen_site.py --affiliates "$n" --out "$site" --hugo "$work/hugo-$n" >/dev/null
  rm -rf "$site/themes" && cp -r themes "$site/themes"   # always the current theme
  pages=$($bin check --root "$site" 2>&1 | sed -n 's/^ok: \([0-9]*\) pages.*/\1/p')
  for where in tmpfs disk; do
    if [ $where = tmpfs ]; then out=$shm/out-$n; else out=$disk/out-$n; fi
    read -r t kb < <(PRE="rm -rf $out" time_runs "$runs" "$bin" build --root "$site" --out "$out")
    printf '%-10s %-6s %-8s %10s %12.0f %10d\n' "$n" $where clean "$t" "$(div "$pages" "$t")" $((kb / 1024))
    read -r t kb < <(time_runs "$runs" "$bin" build --root "$site" --out "$out")
    printf '%-10s %-6s %-8s %10s %12.0f %10d\n' "$n" $where rebuild "$t" "$(div "$pages" "$t")" $((kb / 1024))
    rm -rf "$out"
  done
  if command -v hugo >/dev/null; then
    hout=$shm/hugo-$n
    read -r ht hkb < <(cd "$work/hugo-$n" && PRE="rm -rf $hout" time_runs "$hugo_runs" hugo --quiet -d "$hout")
    hpages=$(find "$hout" -name '*.html' | wc -l)
    rm -rf "$hout"
    read -r t kb < <(PRE="rm -rf $shm/out-$n" time_runs "$runs" "$bin" build --root "$site" --out "$shm/out-$n")
    rm -rf "$shm/out-$n"
    printf '%-10s %-6s %-8s %10s %12.0f %10d   tailor/hugo pages per second: %.1fx\n' "$n" tmpfs hugo "$ht" \
      "$(div "$hpages" "$ht")" $((hkb / 1024)) "$(div "$(div "$pages" "$t")" "$(div "$hpages" "$ht")")"
  fi
done
