#!/usr/bin/env bash
# Benchmark: save-to-rebuilt time of `tailor serve` for a one-affiliate edit
# on a site with 10,000 affiliates (target: under 100 ms), or on the
# example site of this repository.
#
#   bench/serve.sh [AFFILIATES|example] [EDITS]
#
# Starts `tailor serve` on a copy of a synthetic site (or of the example),
# then EDITS times (default 20) changes the message of one affiliate in
# affiliates.yaml — saved in place, as most editors save — and polls that
# affiliate's page until the new message is served. Reports the median and
# the slowest of the save-to-served times, and the rebuild times serve
# printed for the same edits. TAILOR=path/to/tailor measures that binary
# instead of building this tree's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
edits=${2:-20}
work=${BENCH_DIR:-/tmp/tailor-bench}
if [ -z "${TAILOR:-}" ]; then
    cargo build --release --quiet
    TAILOR=${CARGO_TARGET_DIR:-target}/release/tailor
fi
mkdir -p "$work"
copy=$(mktemp -d)
if [ "$n" = example ]; then
    cp -r tailor.yaml affiliates.yaml affiliates.csv segments content themes "$copy"/
else
    site=$work/site-$n
    [ -f "$site/tailor.yaml" ] || python3 bench/gen_site.py --affiliates "$n" --out "$site" >/dev/null
    cp -r "$site"/. "$copy"/
    rm -rf "$copy/themes" && cp -r themes "$copy/themes"
fi
log=$copy.log
TAILOR_TIMINGS=${TAILOR_TIMINGS:-} "$TAILOR" serve --root "$copy" --port 0 2> "$log" &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; cp "$log" "$work/serve.log"; rm -rf "$copy" "$log"' EXIT
for _ in $(seq 600); do grep -q " at http://" "$log" && break; sleep 0.1; done
port=$(sed -n 's/.* at http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$log")
python3 - "$copy" "$port" "$edits" "$log" "$n" <<'PY'
import http.client, re, statistics, sys, time
root, port, edits, log, site = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
path = f"{root}/affiliates.yaml"

def get(page):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("GET", page)
    body = c.getresponse().read().decode()
    c.close()
    return body

times = []
for i in range(edits):
    marker = f"edit-marker-{i}-{time.time_ns()}"
    text = open(path).read()
    if site == "example":
        page = "/jane-doe/"
        text, n = re.subn(r"(\n    )(edit-marker-\S+ )?(We cut churn)", rf"\g<1>{marker} \g<3>", text, count=1)
    else:
        who = i * 97 % 5000      # affiliates.yaml holds the first half
        page = f"/affiliate-person-{who}/"
        text, n = re.subn(rf"(- name: Affiliate Person {who}\n  company: .*\n  segment: .*\n  message: )", rf"\g<1>{marker} ", text, count=1)
    assert n == 1, page
    time.sleep(0.3)              # let the previous rebuild settle
    t0 = time.perf_counter()
    with open(path, "w") as f:
        f.write(text)
    while marker not in get(page):
        if time.perf_counter() - t0 > 10:
            sys.exit(f"timed out waiting for {page}")
        time.sleep(0.01)
    times.append((time.perf_counter() - t0) * 1000)

# The first line is the first build's.
scale = {"µs": 0.001, "ms": 1, "s": 1000}
rebuilds = [float(v) * scale[u] for v, u in re.findall(r"rebuilt: [0-9]+ pages? rendered.* in ([0-9.]+)(µs|ms|s)$", open(log).read(), re.M)][1:]
print(f"{edits} one-affiliate edits ({'the example site' if site == 'example' else site + ' affiliates'}):")
print(f"save-to-served: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms (target < 100 ms)")
if rebuilds:
    print(f"rebuild as serve reports it: median {statistics.median(rebuilds):.0f} ms, slowest {max(rebuilds):.0f} ms")
PY
