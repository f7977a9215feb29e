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
    time distcc busybox \
    dpkg-dev lintian man-db \
    e2fsprogs mmdebstrap qemu-user-static binfmt-support bubblewrap fakeroot zstd lz4 >/dev/null
# Cards for an ARM board are finished on this machine by the board's own programs (initramfs-tools inside
# its root filesystem) through qemu-user: binfmt_misc must be mounted and qemu-arm registered (with the F
# flag, which Debian's qemu-user-static uses). A container may start without binfmt_misc mounted.
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || echo "install-deps: cannot mount binfmt_misc; cards for ARM boards cannot be finished here" >&2
fi
if [ -e /proc/sys/fs/binfmt_misc/status ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-arm ]; then
    update-binfmts --enable qemu-arm || echo "install-deps: cannot register qemu-arm with binfmt_misc" >&2
fi
# boot-test --trace: the odroid-trace QEMU plugin, built against the installed QEMU's plugin header (fetched once
# from Debian's qemu source package into ~/.cache/odroid-build; about 5 s cold, nothing when cached).
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev patch >/dev/null
timeout 900 sh "$(dirname "$0")/build-trace-plugin.sh" >/dev/null || echo "install-deps: cannot build the boot-trace plugin; boot-test --trace will not work" >&2
echo "install-deps: done"
