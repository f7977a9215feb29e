#!/bin/sh
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for SECONDS (default 30):
# UBootImageFuzz (legacy image headers), DeviceTreeFuzz (blobs, with libfdt) and ProfileFuzz (the TOML parser,
# profile resolution, planning and script rendering; needs the swift-mustache checkout of `swift build`).
# Seeds are made with the real dtc and mkimage, and from the shipped profiles and the broken-profile fixtures;
# corpora and crash files stay in .work/fuzz/ (git-ignored).
# Exit status: 0 when no target crashed, 1 when one did (its crash-* file is printed), 2 on a build failure.
# CI: `fuzz/run.sh 60` after the tests.
set -eu
seconds=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-$root/.work/fuzz}
mkdir -p "$work/bin" "$work/modules" "$work/corpus/uboot-image" "$work/corpus/device-tree" "$work/corpus/profile" "$work/artifacts"

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
# module NAME SOURCES...: a dependency of a target, instrumented like it, as a static library and a module.
module() {
    name=$1; shift
    echo "fuzz: building module $name" >&2
    swiftc -parse-as-library -module-name "$name" -sanitize=fuzzer,address -O -g -I "$work/modules" \
        -emit-module -emit-module-path "$work/modules/$name.swiftmodule" -emit-library -static \
        -o "$work/modules/lib$name.a" "$@" 2>"$work/modules/$name.log" || {
        cat "$work/modules/$name.log" >&2
        echo "fuzz: building module $name failed" >&2
        exit 2
    }
}
build UBootImageFuzz "$root"/Sources/UBootImage/*.swift
build DeviceTreeFuzz -I "$root/Sources/CFdt" "$root"/Sources/DeviceTree/*.swift
# The profile target is OdroidCore itself plus the modules it imports: CommandValues (values only) and
# swift-mustache (from the checkout `swift build` made). The core spawns nothing, so nothing else is linked.
mustache="$root/.build/checkouts/swift-mustache/Sources/Mustache"
[ -d "$mustache" ] || { echo "fuzz: $mustache is missing; run swift build first" >&2; exit 2; }
core_imports=$(sed -n 's/^import \([A-Za-z]*\)$/\1/p' $(find "$root/Sources/OdroidCore" -name '*.swift') | sort -u | grep -vx 'Foundation' | tr '\n' ' ')
[ "$core_imports" = "CommandValues Mustache " ] || {
    echo "fuzz: OdroidCore imports '$core_imports'; this script builds CommandValues and Mustache only: update it" >&2; exit 2; }
module CommandValues "$root"/Sources/CommandValues/*.swift
module Mustache "$mustache"/*.swift
build ProfileFuzz -I "$work/modules" -L "$work/modules" -lCommandValues -lMustache \
    $(find "$root/Sources/OdroidCore" -name '*.swift' | sort)

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

# Profile seeds: the shipped profiles and the broken-profile fixtures, renamed to the file the target reads.
for toml in "$root"/profiles/*.toml "$root"/Tests/OdroidCoreTests/Fixtures/profiles/*.toml; do
    sed 's/^name = .*/name = "fuzz"/' "$toml" >"$work/corpus/profile/$(basename "$(dirname "$toml")")-$(basename "$toml")"
done
printf '[profile]\nname = "fuzz"\nextends = "qemu-virt"\n#--set kernel.jobs=4\n#--set boot.formats=scr,extlinux\n' >"$work/corpus/profile/set-overrides.toml"

status=0
export SWIFT_BACKTRACE=enable=no  # libFuzzer and ASan report crashes; Swift's backtracer only adds noise
export ODROID_FUZZ_ROOT="$root"
for target in UBootImageFuzz:uboot-image DeviceTreeFuzz:device-tree ProfileFuzz:profile; do
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
