#!/bin/sh
# Fixture stand-in for the kernel's scripts/kconfig/merge_config.sh: `-m -O DIR BASE FRAGMENT...` appends
# the fragments to BASE and writes DIR/.config (the real one then needs olddefconfig, as here).
set -eu
[ "$1" = "-m" ] && shift
[ "$1" = "-O" ] && { out=$2; shift 2; }
base=$1; shift
cat "$base" "$@" > "$out/.config.merged"
mv "$out/.config.merged" "$out/.config"
echo "#"; echo "# merged configuration written to $out/.config (needs make olddefconfig)"; echo "#"
