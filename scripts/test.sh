#!/bin/sh
# The full test run (what CI runs): build with our own warnings treated as errors, then every suite,
# slow ones included (QEMU boot proofs, the real kernel build), then a short bounded fuzz run.
# Quick local iteration: plain `swift test` skips the slow suites.
set -eu
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Format first (seconds): the committed .swift-format, strictly; any finding fails the run.
# `swift format format -i -r Sources Tests` fixes nearly all of them.
swift format lint --strict -r Sources Tests || { echo "test.sh: swift format lint --strict found the problems above" >&2; exit 1; }
swift build --build-tests 2>&1 | tee "$log" | grep -E "error:|warning:|Compiling|Build complete" | grep -v "^\[" || true
if grep -E "^$PWD/(Sources|Tests)/.*: (warning|error):" "$log" | sort -u | grep .; then
    echo "test.sh: the build has warnings or errors in our own code (listed above)" >&2
    exit 1
fi
grep -q "Build complete" "$log" || { tail -40 "$log"; exit 1; }
ODROID_SLOW_TESTS=1 swift test --skip-build ${ODROID_TEST_FILTER:+--filter "$ODROID_TEST_FILTER"}
# The slow suites built linux-source-6.1 (KernelBuildTests); its real exynos5410-odroidxu.dtb feeds the
# device-tree tests that need a real blob.
kernel_build="${ODROID_KERNEL_TEST_DIR:-${TMPDIR:-/tmp}}/odroid-build-kernel-test/build"
if [ -z "${ODROID_TEST_FILTER:-}" ] && [ -f "$kernel_build/arch/arm/boot/dts/exynos5410-odroidxu.dtb" ]; then
    ODROID_LINUX_BUILD="$kernel_build" swift test --skip-build --filter RealKernelBlobTests
fi
# The same kernel, traced through boot-test --trace (its suite waits for this: the slow run rewrites the image).
if [ -z "${ODROID_TEST_FILTER:-}" ] && [ -f "${ODROID_KERNEL_TEST_DIR:-${TMPDIR:-/tmp}}/odroid-build-kernel-test/build/vmlinux" ]; then
    ODROID_SLOW_TESTS=1 ODROID_REAL_KERNEL_TRACE=1 swift test --skip-build --filter RealKernelTraceTests
fi
if [ -x fuzz/run.sh ] && [ -z "${ODROID_TEST_FILTER:-}" ]; then
    fuzz/run.sh "${ODROID_FUZZ_SECONDS:-20}"
fi
