#!/usr/bin/env bash
# Benchmark: tailor builds of synthetic sites against Hugo on the same pages.
#
#   bench/run.sh [SIZES...]          default: 1000 10000 100000 affiliates
#
# Each site has 50 segments, 200 case studies and the given number of
# affiliates (bench/gen_site.py, which also writes the equivalent Hugo site).
# For each size it reports the median wall time of RUNS runs (default 5) of a
# clean build (output folder removed first) and of a rebuild (nothing
# changed, so every file is left as it was), pages per second and peak
# memory (GNU time's maximum resident set size), with output on tmpfs
# (/dev/shm) and then on disk (BENCH_DISK, default target/bench-out). It
# builds the Hugo site (Debian's hugo package, installed if missing) onto
# tmpfs, HUGO_RUNS times (default 3), and prints the ratio of pages per
# second. Sites are generated first and the disk is synced between runs, so
# that writeback of one run does not slow the next.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-5}
hugo_runs=${HUGO_RUNS:-3}
work=${BENCH_DIR:-/tmp/tailor-bench}
shm=/dev/shm/tailor-bench
disk=${BENCH_DISK:-$PWD/target/bench-out}
mkdir -p "$work" "$shm" "$disk"
command -v hugo >/dev/null || { apt-get install -y -qq hugo >/dev/null 2>&1 || echo "hugo unavailable: no Hugo rows"; }
cargo build --release --quiet
bin=$PWD/target/release/tailor

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# time_runs N CMD...: prints "median_seconds peak_kb"; runs $PRE before each.
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

row() { printf '%-10s %-6s %-8s %10s %12.0f %10d%s\n' "$@"; }

declare -A pages clean
for n in "${sizes[@]}"; do
  site=$work/site-$n
  [ -f "$site/tailor.yaml" ] || python3 bench/gen_site.py --affiliates "$n" --out "$site" --hugo "$work/hugo-$n" >/dev/null
  rm -rf "$site/themes" && cp -r themes "$site/themes"   # always the current theme
  # Hugo draws no social cards: pages are compared with pages here, and
  # bench/cards.sh measures the cards.
  rm -rf "$site/themes/default/card"
  pages[$n]=$($bin check --root "$site" 2>&1 | sed -n 's/^ok: \([0-9]*\) pages.*/\1/p')
done
sync

printf '%-10s %-6s %-8s %10s %12s %10s\n' affiliates output build "median s" "pages/s" "peak MB"
for where in tmpfs disk; do
  for n in "${sizes[@]}"; do
    site=$work/site-$n; p=${pages[$n]}
    if [ $where = tmpfs ]; then out=$shm/out-$n; else out=$disk/out-$n; fi
    read -r t kb < <(PRE="rm -rf $out; sync" time_runs "$runs" "$bin" build --root "$site" --out "$out")
    row "$n" $where clean "$t" "$(div "$p" "$t")" $((kb / 1024)) ""
    [ $where = tmpfs ] && clean[$n]=$(div "$p" "$t")
    read -r t kb < <(PRE="sync" time_runs "$runs" "$bin" build --root "$site" --out "$out")
    row "$n" $where rebuild "$t" "$(div "$p" "$t")" $((kb / 1024)) ""
    rm -rf "$out"; sync
    if [ $where = tmpfs ] && command -v hugo >/dev/null; then
      hout=$shm/hugo-$n
      read -r ht hkb < <(cd "$work/hugo-$n" && PRE="rm -rf $hout; sync" time_runs "$hugo_runs" hugo --quiet -d "$hout")
      hpages=$(find "$hout" -name '*.html' | wc -l)
      rm -rf "$hout"
      row "$n" tmpfs hugo "$ht" "$(div "$hpages" "$ht")" $((hkb / 1024)) \
        "   tailor clean / hugo, pages per second: $(printf '%.1f' "$(div "${clean[$n]}" "$(div "$hpages" "$ht")")")x"
    fi
  done
done
