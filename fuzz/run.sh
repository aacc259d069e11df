#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the
# other, and prints a line per target: executions, coverage, corpus.
#
#   fuzz/run.sh 300 markdown_links     # a long run of one target
#   fuzz/run.sh --runs 500             # CI: every target builds and runs
#                                      # 500 inputs from a fixed seed, the
#                                      # same ones on every machine
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets it
# use the sanitizer flags on a stable toolchain. A finding is written to
# fuzz/artifacts/<target>/ and fails the run: fix it, then copy the input
# to fuzz/regressions/<target>/ so `cargo test` replays it for good.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time="${1:?usage: fuzz/run.sh SECONDS|--runs N [TARGET...]}")
if [ "$1" = --runs ]; then
  limit=(-runs="${2:?usage: fuzz/run.sh --runs N [TARGET...]}" -seed=1)
  shift
fi
shift
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(RUSTC_BOOTSTRAP=1 cargo fuzz list)
fi
export RUSTC_BOOTSTRAP=1
build_log=$(mktemp)
if ! cargo fuzz build -O >"$build_log" 2>&1; then
  cat "$build_log"
  exit 1
fi
rm -f "$build_log"
failed=0
for t in "${targets[@]}"; do
  log=$(mktemp)
  if cargo fuzz run -O "$t" -- "${limit[@]}" -rss_limit_mb=2048 \
      -print_final_stats=1 >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed=1
  fi
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/S ..."
  summary=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  echo "$t: $status ${summary}"
  if [ "$status" = FAILED ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -n 20
  fi
  rm -f "$log"
done
exit $failed
