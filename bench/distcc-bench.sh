#!/bin/bash
# Local compiles against distcc over loopback on this one machine, on a real slice of a kernel tree: what distcc
# costs per unit (preprocessing here, sending, the server's fork and compile, receiving), and the figures a
# model of N real hosts needs. On one machine distcc cannot be faster: its servers share the same cores.
#
# usage: bench/distcc-bench.sh SOURCE_DIR [SUBDIR] [SERVERS]
#   SOURCE_DIR: an unpacked kernel tree (e.g. /usr/src/linux-source-6.1 unpacked); SUBDIR: what to compile
#   (default lib/); SERVERS: distccd servers on 127.0.0.2.. (default 2, each --jobs = this machine's CPUs / SERVERS).
#   A fresh build directory (exynos_defconfig, make prepare) in $BENCH_WORK (default /tmp/distcc-bench); ccache off.
# prints a markdown table and the inputs of the model (docs/benchmarks.md).
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
src=$1 subdir=${2:-lib/} servers=${3:-2}
work=${BENCH_WORK:-/tmp/distcc-bench}
cpus=$(nproc)
per=$(( cpus / servers > 0 ? cpus / servers : 1 ))
export ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-
mkdir -p "$work"
build="$work/build"
if [ ! -f "$build/include/generated/autoconf.h" ]; then
    echo "bench: configuring $build (exynos_defconfig, make prepare)" >&2
    make -s -C "$src" O="$build" exynos_defconfig >/dev/null
    make -s -C "$src" O="$build" -j"$cpus" prepare >/dev/null
fi
clean() { find "$build/$subdir" -name '*.o' -delete 2>/dev/null || true; }
timed() { # label, make arguments...: wall seconds and user+sys CPU seconds of the children
    local label=$1; shift
    clean
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$work/$label.cpu" make -s -C "$src" O="$build" "$@" "$subdir" >/dev/null 2>"$work/$label.err" || { cat "$work/$label.err" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
units() { find "$build/$subdir" -name '*.o' | wc -l; }

# Servers on loopback, as distccd runs them for real (as root: --user nobody).
chmod 777 "$work"
pids=()
hosts=""
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
for i in $(seq 2 $((servers + 1))); do
    addr=127.0.0.$i port=$((3700 + i))
    log="$work/distccd-$addr.log"; : >"$log"; [ "$(id -u)" = 0 ] && chown nobody "$log"
    distccd --daemon --listen "$addr" --port "$port" --allow 127.0.0.0/8 --jobs "$per" --log-file "$log" --log-level info \
        --pid-file "$work/distccd-$addr.pid" $([ "$(id -u)" = 0 ] && echo --user nobody)
    sleep 0.3
    pids+=("$(cat "$work/distccd-$addr.pid")")
    hosts="$hosts $addr:$port/$per"
done

# A first local pass (not counted) builds what the slice needs besides its objects and warms the page cache.
timed warmup -j"$cpus" CC="${CROSS_COMPILE}gcc" >/dev/null
local_wall=$(timed local -j"$cpus" CC="${CROSS_COMPILE}gcc")
n=$(units)
read -r lu ls <"$work/local.cpu"
export DISTCC_HOSTS="${hosts# }" DISTCC_DIR="$work/distcc-state" DISTCC_LOG="$work/distcc-client.log"
mkdir -p "$DISTCC_DIR"; : >"$DISTCC_LOG"
slots=$((servers * per))
distcc_wall=$(timed distcc -j"$slots" CC="distcc ${CROSS_COMPILE}gcc")
read -r du ds <"$work/distcc.cpu"
local_again=$(timed local-again -j"$cpus" CC="${CROSS_COMPILE}gcc")
compiles=$(grep -c '\] compile .* completed ok' "$DISTCC_LOG" || true)
here=$(grep -c '\] compile .* on localhost completed ok' "$DISTCC_LOG" || true)
remote=$((compiles - here))
sent=$(sed -n 's/.* \([0-9]*\) bytes from .* compiled on .*/\1/p' "$DISTCC_LOG" | awk '{s+=$1} END {print s+0}')
received=$(sed -n 's/.*(dcc_r_file_timed) \([0-9]*\) bytes received.*/\1/p' "$DISTCC_LOG" | awk '{s+=$1} END {print s+0}')
server_ms=$(cat "$work"/distccd-*.log | sed -n 's/.*COMPILE_OK.* time:\([0-9]*\)ms.*/\1/p' | awk '{s+=$1} END {print s+0}')

echo "| measure | value |"
echo "|---|---|"
echo "| units compiled ($subdir) | $n |"
echo "| local, -j$cpus: wall (before and after the distcc run) | $(printf %.1f "$local_wall") s, $(printf %.1f "$local_again") s |"
echo "| local: compile CPU per unit (user+sys / units) | $(echo "($lu + $ls) / $n" | bc -l | xargs printf %.3f) s |"
echo "| distcc to $servers loopback servers, -j$slots: wall | $(printf %.1f "$distcc_wall") s |"
echo "| distcc: client CPU here per unit (preprocessing, sending) | $(echo "($du + $ds) / $n" | bc -l | xargs printf %.3f) s |"
echo "| distcc: server time per unit (distccd's COMPILE_OK time) | $(echo "$server_ms / 1000 / $remote" | bc -l | xargs printf %.3f) s |"
echo "| units on the servers / here | $remote / $here |"
echo "| preprocessed source sent per unit | $(echo "$sent / $remote / 1024" | bc -l | xargs printf %.0f) KiB |"
echo "| object received per unit | $(echo "$received / $remote / 1024" | bc -l | xargs printf %.0f) KiB |"
echo "| wall, distcc / local | $(echo "$distcc_wall * 2 / ($local_wall + $local_again)" | bc -l | xargs printf %.2f) |"
# With debug information (CONFIG_DEBUG_INFO) a remote object names the server's working directory: compare one.
one=$(find "$build/$subdir" -name '*.o' | head -n 1)
if [ -n "$one" ]; then
    cp "$one" "$work/one-local.o"; rm -f "$one"
    make -s -C "$src" O="$build" -j1 CC="distcc ${CROSS_COMPILE}gcc" "${one#$build/}" >/dev/null 2>&1
    if cmp -s "$one" "$work/one-local.o"; then same=identical; else same="differs ($(grep -q '^CONFIG_DEBUG_INFO=y' "$build/.config" && echo 'CONFIG_DEBUG_INFO=y' || echo 'no debug info'))"; fi
    echo "| ${one#$build/}: remote object vs local | $same |"
fi
