#!/bin/bash
# Flash throughput: `odroid-build flash` against `dd bs=4M conv=fsync` on the same loop device
# (discard supported), same image. Needs root (losetup). Usage: bench/flash-bench.sh [IMAGE_MIB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-256} RUNS=${2:-3}
BIN=${ODROID_BUILD:-.build/release/odroid-build}
[ -x "$BIN" ] || swift build -c release --product odroid-build >/dev/null
W=$(mktemp -d); trap 'losetup -d "$LOOP" 2>/dev/null || true; rm -rf "$W"' EXIT
head -c $((MIB << 20)) /dev/urandom > "$W/boot.img"
truncate -s $(((MIB + 64) << 20)) "$W/card.bin"
LOOP=$(losetup --find --show "$W/card.bin")
echo "image ${MIB} MiB, target $LOOP (discard_max_bytes $(cat /sys/block/${LOOP#/dev/}/queue/discard_max_bytes))"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
for i in $(seq "$RUNS"); do
    tool=$(t "$BIN" flash "$W/boot.img" --device "$LOOP" --yes)
    dd_w=$(t dd if="$W/boot.img" of="$LOOP" bs=4M conv=fsync)
    dd_v=$(t sh -c "dd if=$W/boot.img of=$LOOP bs=4M conv=fsync && echo 3 > /proc/sys/vm/drop_caches; head -c $((MIB << 20)) $LOOP | sha256sum")
    echo "run $i: odroid-build flash (discard+write+fsync+read-back) ${tool}s; dd write+fsync ${dd_w}s; dd + read-back sha256sum ${dd_v}s"
done
