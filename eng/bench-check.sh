#!/usr/bin/env bash
# Benchmark figure for `reslab check` on a large history (issue #18, item 14): wall time and peak memory of
# checking N valid lines (default 1,000,000, ~170 bytes each), against the target of ≤ 6 s and ≤ 300 MB peak on
# a 2-core machine. A figure, not a test: the machine's load moves it.
# Usage: eng/bench-check.sh [LINES]   (build first: dotnet build ResilienceLab.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
reslab=src/ResilienceLab.Cli/bin/Release/net10.0/reslab
[ -x "$reslab" ] || { echo "build first: dotnet build ResilienceLab.sln -c Release"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/reslab-bench-check-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Eight workers incrementing one counter: invoke/ok pairs, each ok returning the next value (a history every
# checker accepts), one file per worker like a local run writes.
python3 - "$work" "$lines" <<'PY'
import sys, datetime
work, lines = sys.argv[1], int(sys.argv[2])
start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
files = [open(f"{work}/worker-{p}.jsonl", "w") for p in range(8)]
value = 0
for i in range(lines // 2):
    p = i % 8
    t0 = (start + datetime.timedelta(microseconds=i * 10)).isoformat(timespec="microseconds")
    t1 = (start + datetime.timedelta(microseconds=i * 10 + 5)).isoformat(timespec="microseconds")
    value += 1
    op = i // 8 + 1
    files[p].write(f'{{"v":1,"time":"{t0}","process":"worker-{p}","type":"invoke","op":"counter.increment","id":{op},"key":"/bench/counter"}}\n')
    files[p].write(f'{{"v":1,"time":"{t1}","process":"worker-{p}","type":"ok","op":"counter.increment","id":{op},"key":"/bench/counter","value":"{value}","revision":{value}}}\n')
for f in files:
    f.close()
t = (start + datetime.timedelta(microseconds=lines * 5 + 100)).isoformat(timespec="microseconds")
with open(f"{work}/observer.jsonl", "w") as f:
    f.write(f'{{"v":1,"time":"{t}","process":"observer","type":"invoke","op":"counter.read","id":1,"key":"/bench/counter"}}\n')
    f.write(f'{{"v":1,"time":"{t}","process":"observer","type":"ok","op":"counter.read","id":1,"key":"/bench/counter","value":"{value}"}}\n')
PY
size=$(du -sm "$work" | cut -f1)
set +e
/usr/bin/time -f "%e %M" -o "$work/time" "$reslab" check "$work" > "$work/out" 2>&1
code=$?
set -e
read -r wall peak_kb < <(tail -n 1 "$work/time")
grep -F -e PASS -e FAIL -e '??' -e entries "$work/out" || true
echo "check-large-history: $lines lines (${size} MB) in ${wall} s wall, peak RSS $((peak_kb / 1024)) MB, exit $code (target: ≤ 6 s, ≤ 300 MB)"
