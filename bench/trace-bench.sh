#!/bin/bash
# The boot trace's analysis against a straightforward line-by-line script, in one run, on the same records.
# Usage: bench/trace-bench.sh RAW_TRACE_DIR WORK_DIR [RECORDS]
#   RAW_TRACE_DIR: the plugin's records kept by `boot-test --trace OUT --raw-trace RAW_TRACE_DIR ...`
#   WORK_DIR: the build's work directory (build/System.map, build/vmlinux, build/vmlinux.a)
#   RECORDS: the head of the trace both sides read (default 10,000,000 block records; the script is slow)
# Prints a markdown table: the Swift analysis (`odroid-build trace-report`, release build) over the head and
# over the whole trace, and a python3 script that reads the same head as text, one line per record
# ("ADDRESS INSTRUCTIONS", as -d exec-like logs are read) and finds each line's function with bisect: the
# self instructions per function, the least any analysis must do. Both must agree on the top function.
set -euo pipefail
cd "$(dirname "$0")/.."
RAW=$1 WORK=$2 N=${3:-10000000}
BIN=${ODROID_BUILD:-.build/release/odroid-build}
[ -x "$BIN" ] || swift build -c release --product odroid-build >/dev/null
T=$(mktemp -d "${TMPDIR:-/tmp}/trace-bench.XXXXXX"); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/head"
cp "$RAW/blocks.bin" "$RAW/start.bin" "$T/head/"
# The head: control words are 1 or 3 or 5 words long, so cut after the Nth block record, not at a byte count.
python3 - "$RAW/exec.bin" "$T/head/exec.bin" "$RAW/blocks.bin" "$T/head.txt" "$N" <<'PY'
import sys, numpy as np
words = np.memmap(sys.argv[1], dtype='<u4', mode='r')
blocks = np.fromfile(sys.argv[3], dtype='<u4').reshape(-1, 2)
n = int(sys.argv[5])
chunk = np.array(words[: n * 2 + 1_000_000])
i, seen, out = 0, 0, []
control = np.nonzero(chunk & 0x80000000)[0]
keep = np.ones(len(chunk), bool)
skip_until = -1
for c in control:  # a time word's low half may have bit 31 set: skip payloads, as the analysis does
    if c < skip_until:
        continue
    skip_until = c + (3 if chunk[c] == 0x80000000 else 5)
    keep[c:skip_until] = False
ids = np.nonzero(keep)[0]
end = ids[n - 1] + 1 if len(ids) >= n else len(chunk)
chunk[:end].tofile(sys.argv[2])
run = chunk[:end][keep[:end]]
with open(sys.argv[4], 'w') as f:
    for start in range(0, len(run), 1_000_000):
        part = blocks[run[start:start + 1_000_000]]
        f.write("\n".join(f"{a:08x} {c}" for a, c in part.tolist()))
        f.write("\n")
PY
cat > "$T/script.py" <<'PY'
import bisect, sys
starts, names = [], []
for line in open(sys.argv[1]):
    address, kind, name = line.split()[:3]
    if kind in "tTwW":
        starts.append(int(address, 16)); names.append(name)
order = sorted(range(len(starts)), key=starts.__getitem__)
starts = [starts[i] for i in order]; names = [names[i] for i in order]
own = {}
for line in open(sys.argv[2]):
    address, count = line.split()
    pc = int(address, 16)
    name = "[userspace]" if pc < 0xbf000000 else names[bisect.bisect_right(starts, pc) - 1]
    own[name] = own.get(name, 0) + int(count)
top = max(own, key=own.get)
print(top, own[top])
PY
now() { date +%s.%N; }
records=$(wc -l < "$T/head.txt")
a=$(now); "$BIN" trace-report --raw-trace "$T/head" --trace "$T/out-head" --work-dir "$WORK" 2> "$T/swift-head.log"; b=$(now)
swift_head=$(echo "$b - $a" | bc)
a=$(now); script_top=$(python3 "$T/script.py" "$WORK/build/System.map" "$T/head.txt"); b=$(now)
script_seconds=$(echo "$b - $a" | bc)
swift_top=$(python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['functions'][0]; print(f['name'], f['self_instructions'])" "$T/out-head/trace.json")
a=$(now); "$BIN" trace-report --raw-trace "$RAW" --trace "$T/out-all" --work-dir "$WORK" 2> "$T/swift-all.log"; b=$(now)
swift_all=$(echo "$b - $a" | bc)
all_records=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['records'])" "$T/out-all/trace.json")
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:.1f}')" "$1" "$2"; }
echo "| analysis | records | seconds (wall, whole command) | M records/s | top function (self instructions) |"
echo "|---|---:|---:|---:|---|"
echo "| odroid-build trace-report, head | $records | $swift_head | $(rate "$records" "$swift_head") | $swift_top |"
echo "| python3 line-by-line script, same head as text | $records | $script_seconds | $(rate "$records" "$script_seconds") | $script_top |"
echo "| odroid-build trace-report, whole trace | $all_records | $swift_all | $(rate "$all_records" "$swift_all") | |"
echo
echo "inside trace-report: $(tail -1 "$T/swift-head.log")"
echo "inside trace-report: $(tail -1 "$T/swift-all.log")"
[ "$swift_top" = "$script_top" ] || { echo "trace-bench: the two analyses disagree on the top function" >&2; exit 1; }
