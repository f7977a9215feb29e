#!/bin/sh
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for SECONDS (default 30).
# Seeds are made with the real dtc and mkimage; corpora and crash files stay in .work/fuzz/ (git-ignored).
# Exit status: 0 when no target crashed, 1 when one did (its crash-* file is printed), 2 on a build failure.
# CI: `fuzz/run.sh 60` after the tests.
set -eu
seconds=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-$root/.work/fuzz}
mkdir -p "$work/bin" "$work/corpus/uboot-image" "$work/corpus/device-tree" "$work/artifacts"

build() { # name, extra swiftc arguments...
    name=$1; shift
    echo "fuzz: building $name" >&2
    swiftc -parse-as-library -module-name "$name" -sanitize=fuzzer,address -O -g \
        "$@" "$root/fuzz/targets/$name.swift" -o "$work/bin/$name" 2>"$work/bin/$name.log" || {
        cat "$work/bin/$name.log" >&2
        echo "fuzz: building $name failed" >&2
        exit 2
    }
}
build UBootImageFuzz "$root"/Sources/UBootImage/*.swift
build DeviceTreeFuzz -I "$root/Sources/CFdt" "$root"/Sources/DeviceTree/*.swift

# Seeds: real dtc output and real mkimage output, so the fuzzers start from well-formed inputs.
for dts in "$root"/fuzz/seeds/*.dts; do
    dtc -q -I dts -O dtb -o "$work/corpus/device-tree/$(basename "$dts" .dts).dtb" "$dts"
done
seed_data="$work/seed-data.bin"
head -c 3000 /dev/urandom >"$seed_data"
mkimage -A arm -O linux -T kernel -C none -a 0x40008000 -e 0x40008000 -n Linux-seed -d "$seed_data" "$work/corpus/uboot-image/kernel.img" >/dev/null
mkimage -A arm -O linux -T ramdisk -C gzip -n uInitrd -d "$seed_data" "$work/corpus/uboot-image/ramdisk.img" >/dev/null
mkimage -A arm -O linux -T script -C none -n boot -d "$root/fuzz/seeds/boot.cmd" "$work/corpus/uboot-image/boot.scr" >/dev/null
mkimage -A arm -O linux -T multi -C none -n multi -d "$seed_data:$root/fuzz/seeds/boot.cmd" "$work/corpus/uboot-image/multi.img" >/dev/null

status=0
export SWIFT_BACKTRACE=enable=no  # libFuzzer and ASan report crashes; Swift's backtracer only adds noise
for target in UBootImageFuzz:uboot-image DeviceTreeFuzz:device-tree; do
    name=${target%%:*}; corpus=${target#*:}
    echo "fuzz: running $name for ${seconds}s" >&2
    if "$work/bin/$name" "$work/corpus/$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=70000 -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" >"$work/$name.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
        echo "fuzz: $name: no crash in ${runs:-?} executions" >&2
    else
        status=1
        tail -n 40 "$work/$name.log" >&2
        echo "fuzz: $name FAILED; reproduce with: $work/bin/$name $(ls -t "$work/artifacts/$name-"* 2>/dev/null | head -n 1)" >&2
    fi
done
exit $status
