#!/usr/bin/env bash
# Benchmark: save-to-rebuilt time of `tailor serve` for a one-affiliate edit
# on a site with 10,000 affiliates (target: under 100 ms).
#
#   bench/serve.sh [AFFILIATES] [EDITS]
#
# Starts `tailor serve` on a copy of a synthetic site, then EDITS times
# (default 20) changes the message of one affiliate in affiliates.yaml and
# polls that affiliate's page until the new message is served. Reports the
# median and the slowest of the save-to-served times, and the rebuild times
# serve printed for the same edits.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
edits=${2:-20}
work=${BENCH_DIR:-/tmp/tailor-bench}
cargo build --release --quiet
site=$work/site-$n
[ -f "$site/tailor.yaml" ] || python3 bench/gen_site.py --affiliates "$n" --out "$site" >/dev/null
copy=$(mktemp -d)
cp -r "$site"/. "$copy"/
rm -rf "$copy/themes" && cp -r themes "$copy/themes"
log=$copy.log
TAILOR_TIMINGS=${TAILOR_TIMINGS:-} TAILOR_TIMINGS=${TAILOR_TIMINGS:-} ./target/release/tailor serve --root "$copy" --port 0 2> "$log" &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; cp "$log" "$work/serve.log"; rm -rf "$copy" "$log"' EXIT
for _ in $(seq 600); do grep -q " at http://" "$log" && break; sleep 0.1; done
port=$(sed -n 's/.* at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$log")
python3 - "$copy" "$port" "$edits" "$log" <<'PY'
import http.client, re, statistics, sys, time
root, port, edits, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
path = f"{root}/affiliates.yaml"

def get(page):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", page)
    body = c.getresponse().read().decode()
    c.close()
    return body

times = []
for i in range(edits):
    who = i * 97 % 5000          # affiliates.yaml holds the first half
    marker = f"edit-marker-{i}-{time.time_ns()}"
    text = open(path).read()
    text, n = re.subn(rf"(- name: Affiliate Person {who}\n  company: .*\n  segment: .*\n  message: )", rf"\g<1>{marker} ", text, count=1)
    assert n == 1, who
    time.sleep(0.3)              # let the previous rebuild settle
    t0 = time.perf_counter()
    with open(path, "w") as f:
        f.write(text)
    page = f"/affiliate-person-{who}/"
    while marker not in get(page):
        if time.perf_counter() - t0 > 10:
            sys.exit(f"timed out waiting for {page}")
        time.sleep(0.01)
    times.append((time.perf_counter() - t0) * 1000)

rebuilds = [float(m) for m in re.findall(r"rebuilt: 1 page rendered.* in ([0-9.]+)ms", open(log).read())]
print(f"{edits} one-affiliate edits:")
print(f"save-to-served: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms (target < 100 ms)")
if rebuilds:
    print(f"rebuild as serve reports it: median {statistics.median(rebuilds):.0f} ms, slowest {max(rebuilds):.0f} ms")
PY
