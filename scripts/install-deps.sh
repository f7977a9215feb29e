#!/bin/sh
# Installs every Debian package odroid-build and its tests use on a fresh Debian 12 machine.
# Run as root; an ordinary user is taken through sudo. Safe to run again: apt skips what is installed.
set -eu
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: needs root, and sudo is not installed: run it as root" >&2; exit 1; }
    exec sudo sh "$0" "$@"
fi
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
    dpkg --add-architecture armhf   # for busybox-static:armhf and linux-image-*-armmp:armhf (boot proofs)
fi
# A mirror that is mid-sync can fail one index (seen with bookworm-security armhf); the rest is usable.
apt-get update -qq || echo "install-deps: apt-get update reported errors; continuing" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    u-boot-tools u-boot-qemu qemu-system-arm \
    device-tree-compiler libfdt-dev \
    dosfstools mtools fdisk \
    linux-source-6.1 gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf \
    make bc flex bison lzop libssl-dev kmod cpio xz-utils gzip ccache git \
    time >/dev/null
echo "install-deps: done"
