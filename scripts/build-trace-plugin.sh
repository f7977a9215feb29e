#!/bin/sh
# Builds the odroid-trace QEMU TCG plugin (plugins/boot-trace/odroid-trace.c) against the plugin API header of
# the installed qemu-system-arm, into ~/.cache/odroid-build/trace-plugin/odroid-trace.so (or $1).
# No package ships qemu-plugin.h: it is taken from Debian's qemu source package of the installed version,
# fetched with a private apt configuration (deb-src lists under the cache; /etc/apt is not changed) and kept
# in the cache, so later runs need no network. Cold: about 10 s (10 MB of source indexes, a 23 MB tarball).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/odroid-build
out=${1:-$cache/trace-plugin/odroid-trace.so}
version=$(dpkg-query -W -f '${Version}' qemu-system-arm | sed 's/+b[0-9]*$//')   # binNMU suffix: same source
api=$cache/qemu-plugin-api/$version
if [ ! -s "$api/qemu-plugin.h" ]; then
    apt_dir=$cache/qemu-plugin-api/apt
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$api"
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    {
        echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main"
        echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm-updates main"
        echo "deb-src [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main"
    } > "$apt_dir/sources.list"
    apt_options="-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache -o APT::Sandbox::User=root -o Acquire::Retries=3 -o Acquire::http::Timeout=60"
    timeout 300 apt-get $apt_options -qq update
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && timeout 600 apt-get $apt_options -qq source --download-only "qemu=$version" >/dev/null)
    tarball=$(ls "$work"/qemu_*.orig.tar.xz)
    tar -xJf "$tarball" -C "$work" --wildcards '*/include/qemu/qemu-plugin.h'
    # Debian's patches could change the header; none of 7.2's do, but apply any that touch it.
    debian=$(ls "$work"/qemu_*.debian.tar.xz)
    tar -xJf "$debian" -C "$work" debian/patches
    source_dir=$(ls -d "$work"/qemu-*/)
    for patch in $(grep -l 'include/qemu/qemu-plugin.h' "$work"/debian/patches/* 2>/dev/null || true); do
        (cd "$source_dir" && patch -p1 --forward -s < "$patch" || true)
    done
    cp "$source_dir/include/qemu/qemu-plugin.h" "$api/qemu-plugin.h.tmp"
    mv "$api/qemu-plugin.h.tmp" "$api/qemu-plugin.h"
fi
mkdir -p "$(dirname "$out")"
gcc -O2 -D_FORTIFY_SOURCE=2 -shared -fPIC -Wl,-z,relro,-z,now -Wall -Wextra -Werror -Wno-unused-parameter -I "$api" -o "$out.tmp" "$here/plugins/boot-trace/odroid-trace.c"
mv "$out.tmp" "$out"
echo "$out"
