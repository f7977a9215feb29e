#!/bin/bash
# Measures odroid-build's executor against the same commands run from a plain shell script, on the same tree:
#   1. full pipeline: odroid-build vs the plan's commands as a plain sh script (--full only; both from an
#      empty build directory, ccache off so neither side gets the other's cache)
#   2. no-change rerun: odroid-build (skips every step) vs replaying the same commands by hand
#   3. one touched .c file: odroid-build (make decides) vs replaying the commands
# Both sides stop before the install step (it writes the boot partition). Prints a markdown table.
#
# usage: bench/build-bench.sh [--full] PROFILE VERSION SOURCE_DIR WORK_DIR TOUCH_FILE
#   SOURCE_DIR is an unpacked kernel tree (both sides use it in place: --source); TOUCH_FILE is relative to it.
#   ODROID_BUILD=path/to/odroid-build (default: .build/debug/odroid-build); extra tool options in ODROID_BUILD_ARGS.
# examples:
#   bench/build-bench.sh --full Tests/BuildExecutorTests/Fixtures/profiles/fixture-board.toml 1.2.3 /tmp/fx/linux /tmp/fx/work kernel/sched.kc
#   bench/build-bench.sh qemu-virt 6.1 /tmp/odroid-build-kernel-test/src/linux-6.1 /tmp/odroid-build-kernel-test kernel/sched/core.c
#   (without --full the work directory is reused as it is: point it at an existing build)
set -euo pipefail
full=0
if [ "${1:-}" = "--full" ]; then full=1; shift; fi
[ $# -eq 5 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
profile=$1 version=$2 source=$3 work=$4 touch=$5
repo=$(cd "$(dirname "$0")/.." && pwd)
tool=${ODROID_BUILD:-$repo/.build/debug/odroid-build}
args=(--data-dir "$repo" --profile "$profile" --kernel "$version" --source "$source" --work-dir "$work" ${ODROID_BUILD_ARGS:-})
# Full builds compare without ccache; otherwise keep the profile's setting (changing CC makes kbuild recompile all).
if [ $full -eq 1 ]; then args+=(--set kernel.ccache=false); fi
mkdir -p "$work/initramfs-root"
[ -e "$work/initramfs-root/init" ] || printf '#!/bin/sh\necho bench\n' > "$work/initramfs-root/init"

# The plain script: the plan's own commands (--emit-script), cut before the install step.
"$tool" "${args[@]}" --emit-script "$work/plan-full.sh" 2>/dev/null
awk '/^# \[[0-9]+\/[0-9]+\] install:/ { exit } { print }' "$work/plan-full.sh" > "$work/replay.sh"
chmod +x "$work/replay.sh"

now() { date +%s.%N; }
# seconds COMMAND...: runs it quietly, prints the wall-clock seconds it took.
seconds() {
    local start end
    start=$(now)
    "$@" > "$work/bench-last.log" 2>&1 || { echo "bench: failed: $*" >&2; tail -20 "$work/bench-last.log" >&2; exit 1; }
    end=$(now)
    echo "$end - $start" | bc -l | xargs printf '%.3f'
}
clean() { rm -rf "$work/build" "$work/out" "$work/modules" "$work/logs" "$work/.odroid-build-state.json"; }
tool_run() { "$tool" "${args[@]}" --until boot-scr; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.1f'; }
percent() { echo "($1 - $2) * 100 / $2" | bc -l | xargs printf '%+.2f'; }

echo "| measurement | odroid-build | plain script | ratio |"
echo "|---|---|---|---|"
if [ $full -eq 1 ]; then
    clean; script_full=$(seconds "$work/replay.sh")
    clean; tool_full=$(seconds tool_run)
    echo "| full pipeline (empty build dir) | ${tool_full} s | ${script_full} s | tool $(percent "$tool_full" "$script_full") % |"
else
    tool_first=$(seconds tool_run)  # catch up with whatever state the work directory is in
    echo "| catch-up run on the existing work dir (not compared) | ${tool_first} s | – | – |"
fi
tool_again=$(seconds tool_run)
replay=$(seconds "$work/replay.sh")
echo "| no-change rerun vs replaying the commands | ${tool_again} s | ${replay} s | ${replay} / ${tool_again} = $(ratio "$replay" "$tool_again")× faster |"
# The replay rewrote .config and the outputs; let the tool catch up so the next row starts from its own state.
tool_run > /dev/null 2>&1
printf '\n/* bench touch %s */\n' "$(now)" >> "$source/$touch"
tool_touch=$(seconds tool_run)
printf '\n/* bench touch %s */\n' "$(now)" >> "$source/$touch"
replay_touch=$(seconds "$work/replay.sh")
echo "| one touched file ($touch) | ${tool_touch} s | ${replay_touch} s | $(ratio "$replay_touch" "$tool_touch")× |"
echo
echo "tool: $tool; host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
