#!/bin/bash
# `odroid-build list` on a boot partition holding N kernels (a directory; default 10,000 kernels, each with
# a kernel, a uInitrd and a dtb, all recorded in odroid-build.json), RUNS times. Prints a markdown table.
# Usage: bench/list-bench.sh [KERNELS] [RUNS]; ODROID_BUILD=path/to/odroid-build (default: the release build,
# made when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000} RUNS=${2:-5}
BIN=${ODROID_BUILD:-.build/release/odroid-build}
[ -x "$BIN" ] || swift build -c release --product odroid-build >/dev/null
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir -p "$W/boot"
# The partition: every file present (so list has to check each one), the newest kernel the default.
python3 - "$W/boot" "$N" <<'PY'
import json, os, sys
root, n = sys.argv[1], int(sys.argv[2])
kernels = []
for i in range(n):
    v = f"5.{i // 1000}.{i % 1000}"
    files = [(f"uImage-{v}", "kernel", 4096), (f"uInitrd-{v}", "initrd", 2048), (f"dtbs/{v}/exynos5410-odroidxu.dtb", "dtb", 1024)]
    for path, _, size in files:
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        with open(os.path.join(root, path), "wb") as f: f.truncate(size)
    kernels.append({"version": v, "release": v + "-odroid", "profile": "odroidxu",
                    "installedAt": f"2026-01-01T00:{(i // 60) % 60:02d}:{i % 60:02d}Z",
                    "files": [{"path": p, "role": r, "size": s, "sha256": "0" * 64} for p, r, s in files]})
last = kernels[-1]["version"]
json.dump({"format": 1, "kernels": kernels, "defaultHistory": [k["version"] for k in kernels[-20:]]},
          open(os.path.join(root, "odroid-build.json"), "w"))
open(os.path.join(root, "boot.ini"), "w").write(
    "ODROIDXU-UBOOT-CONFIG\n"
    f"fatload mmc 0:1 0x43000000 uImage-{last}\nfatload mmc 0:1 0x46000000 uInitrd-{last}\n"
    f"fatload mmc 0:1 0x49000000 dtbs/{last}/exynos5410-odroidxu.dtb\nbootm 0x43000000 0x46000000 0x49000000\n")
PY
run() { "$BIN" list --data-dir . --boot "$W/boot" --allow-non-fat > "$W/out" 2> "$W/err"; }
run || { cat "$W/err" >&2; exit 1; }
rows=$(grep -c '^  [ *?]  5\.' "$W/out" || true)
[ "$rows" -eq "$N" ] || { echo "bench: list printed $rows kernels, expected $N" >&2; exit 1; }
grep -q "^  \* " "$W/out" || { echo "bench: no default kernel marked" >&2; exit 1; }
# Wall-clock and CPU (user + sys) seconds per run: on a shared machine the CPU time is the steadier figure.
best=""; total=0; best_cpu=""
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$W/time" "$BIN" list --data-dir . --boot "$W/boot" --allow-non-fat > "$W/out" 2> "$W/err"
    read -r s user sys < "$W/time"
    cpu=$(echo "$user + $sys" | bc -l); total=$(echo "$total + $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu=$cpu; fi
done
echo "| measurement | value |"
echo "|---|---|"
echo "| kernels listed (all files present, one default) | $N |"
echo "| manifest size | $(du -h "$W/boot/odroid-build.json" | cut -f1) |"
printf '| best of %s runs, wall clock | %.3f s |\n' "$RUNS" "$best"
printf '| mean of %s runs, wall clock | %.3f s |\n' "$RUNS" "$(echo "$total / $RUNS" | bc -l)"
printf '| best of %s runs, CPU (user + sys) | %.3f s |\n' "$RUNS" "$best_cpu"
echo
echo "tool: $BIN; host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
