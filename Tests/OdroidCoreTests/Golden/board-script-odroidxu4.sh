#!/bin/sh
# odroid-build's plan as a script for the armv7l machine it was planned for (--host-arch armv7l): run it there,
# as root, with sh (dash or busybox ash): sh THIS-FILE. It needs no odroid-build: every generated file is inside.
# First it checks that it runs where it was meant to: uname -m is armv7l, the tools the steps call are installed,
# and /media/boot is a mounted FAT (vfat) partition in /proc/mounts; otherwise it says why and exits 2 having changed nothing.
# It installs as odroid-build does: temporary names, sync, rename; the manifest; the previous boot script kept as
# boot.ini.bak; the new boot script last. Then it reads back every file the boot script loads
# (sizes, bytes, u-boot image headers: magic, type, load address) and exits 1 naming each problem.
# Environment, for tests only (leave both unset on the board):
#   ODROID_BUILD_MOUNTS  the mount table the check reads (default /proc/mounts)
#   ODROID_BUILD_SYSROOT  a directory standing in for the board's / (under it: /media/boot, lib/modules, boot)
# odroid-build plan: profile odroidxu4, kernel 6.1
# host armv7l: building natively
# root filesystem: this machine's / (building on the board itself)
# planned for an armv7l machine (--host-arch armv7l), not for the one that made the plan: the emitted script runs there
# -j4 is the CPU count of the machine that made the plan: --set kernel.jobs=N gives the armv7l one's
# root=/dev/mmcblk0p2: the root filesystem's UUID is not known here; --set boot.root=UUID=... names it
# source /work/odroid/src/linux-6.1
# build  /work/odroid/build
# output /work/odroid/out
# boot partition: mounted at /media/boot
set -eu

# The place: this machine, its tools, the kernel tree, the boot partition.
odroid_fail() { printf 'odroid-build script: %s\n' "$2" >&2; exit "$1"; }
ODROID_BUILD_MOUNTS=${ODROID_BUILD_MOUNTS:-/proc/mounts}
ODROID_BUILD_SYSROOT=${ODROID_BUILD_SYSROOT:-}
case $ODROID_BUILD_SYSROOT in *[!A-Za-z0-9/._+-]*) odroid_fail 2 "ODROID_BUILD_SYSROOT may hold letters, digits and / . _ + - only" ;; esac
odroid_machine=$(uname -m)
if [ "$odroid_machine" != armv7l ]; then
    odroid_fail 2 'this script was made for armv7l (odroid-build --host-arch armv7l), but this machine is '"$odroid_machine (uname -m): run it on the board it was made for"
fi
for odroid_tool in uname cp mv rm mkdir sync cmp od tr wc sha256sum date cat grep df tar xz make mkinitramfs mkimage; do
    command -v "$odroid_tool" >/dev/null 2>&1 || odroid_fail 2 "$odroid_tool is not installed here, and the steps below need it"
done
boot="$ODROID_BUILD_SYSROOT"/media/boot
[ -r "$ODROID_BUILD_MOUNTS" ] || odroid_fail 2 "cannot read the mount table $ODROID_BUILD_MOUNTS"
odroid_boot_type=
while read -r odroid_device odroid_dir odroid_type odroid_rest; do
    if [ "$odroid_dir" = "$ODROID_BUILD_SYSROOT"/media/boot ]; then odroid_boot_type=$odroid_type; fi
done < "$ODROID_BUILD_MOUNTS"
if [ -z "$odroid_boot_type" ]; then
    odroid_fail 2 "$boot is not mounted (no line for it in $ODROID_BUILD_MOUNTS): mount the board's FAT boot partition there first"
fi
case $odroid_boot_type in
    vfat|msdos) ;;
    *) odroid_fail 2 "$boot is $odroid_boot_type, not FAT (vfat): u-boot loads the kernel from the FAT boot partition; mount that there" ;;
esac

# directories the steps write to
mkdir -p /work/odroid /work/odroid/build /work/odroid/out /work/odroid/logs /work/odroid/src/linux-6.1

# [1/10] source: unpack /usr/src/linux-source-6.1.tar.xz
tar -C /work/odroid/src/linux-6.1 --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz

# [2/10] defconfig: write .config from exynos_defconfig
make -C /work/odroid/src/linux-6.1 O=/work/odroid/build exynos_defconfig

# [3/10] build: compile zImage, dtbs, modules
make -C /work/odroid/src/linux-6.1 O=/work/odroid/build -j4 zImage dtbs modules

# [4/10] kernelrelease: read the real kernel release (names the modules directory and the initramfs)
KERNELRELEASE=$(make -C /work/odroid/src/linux-6.1 O=/work/odroid/build -s kernelrelease)
echo "KERNELRELEASE=$KERNELRELEASE"
case $KERNELRELEASE in ''|[.-]*|*[!A-Za-z0-9._+-]*) odroid_fail 1 "kernel release '$KERNELRELEASE' may hold letters, digits, '.', '_', '-' and '+' only: it names the modules directory and is recorded in the manifest" ;; esac

# [5/10] modules-install: install modules to the staging directory
make -C /work/odroid/src/linux-6.1 O=/work/odroid/build INSTALL_MOD_PATH=/work/odroid/modules INSTALL_MOD_STRIP=1 modules_install

# [6/10] rootfs-install: install the modules and the kernel config into the root filesystem (this machine's /)
mkdir -p "$ODROID_BUILD_SYSROOT"/lib/modules && rm -rf "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-new" "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-old" || odroid_fail 1 'step rootfs-install failed (the error is above): stopped here'
cp -a "/work/odroid/modules/lib/modules/${KERNELRELEASE}" "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-new" && rm -f "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-new"/build "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-new"/source && sync || odroid_fail 1 'step rootfs-install failed (the error is above): stopped here'
if [ -e "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}" ]; then mv "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}" "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-old"; fi && mv "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-new" "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}" && sync && rm -rf "$ODROID_BUILD_SYSROOT""/lib/modules/${KERNELRELEASE}.odroid-build-old" || odroid_fail 1 'step rootfs-install failed (the error is above): stopped here'
mkdir -p "$ODROID_BUILD_SYSROOT"/boot && cp /work/odroid/build/.config "$ODROID_BUILD_SYSROOT""/boot/config-${KERNELRELEASE}".odroid-build-new && sync && mv "$ODROID_BUILD_SYSROOT""/boot/config-${KERNELRELEASE}".odroid-build-new "$ODROID_BUILD_SYSROOT""/boot/config-${KERNELRELEASE}" || odroid_fail 1 'step rootfs-install failed (the error is above): stopped here'

# [7/10] initramfs: make the initramfs with mkinitramfs
mkinitramfs -o /work/odroid/out/initrd.img-6.1 "${KERNELRELEASE}"

# [8/10] uinitrd: wrap the initramfs as a u-boot ramdisk image
SOURCE_DATE_EPOCH=0 mkimage -A arm -O linux -T ramdisk -C none -a 0 -e 0 -n uInitrd -d /work/odroid/out/initrd.img-6.1 /work/odroid/out/uInitrd-6.1

# [9/10] boot-scripts: render boot scripts: ini, cmd, prompt
cat > /work/odroid/out/boot.cmd <<'ODROID_BUILD_EOF'
# Generated by odroid-build from profile odroidxu4 for kernel 6.1; edit the profile, not this file.
# Source of boot.scr (mkimage -T script): mainline u-boot's distro boot runs it.
setenv bootargs "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro rootwait"
fatload mmc 0:1 0x40008000 zImage-6.1
fatload mmc 0:1 0x42000000 uInitrd-6.1
fatload mmc 0:1 0x44000000 dtbs/6.1/exynos5422-odroidxu4.dtb
bootz 0x40008000 0x42000000 0x44000000
ODROID_BUILD_EOF
cat > /work/odroid/out/boot.ini <<'ODROID_BUILD_EOF'
ODROIDXU-UBOOT-CONFIG
# Generated by odroid-build from profile odroidxu4 for kernel 6.1; edit the profile, not this file.
# u-boot 2017.05 runs the rest of this file as one hush script after the magic line.
setenv initrd_high "0xffffffff"
setenv fdt_high "0xffffffff"
setenv bootargs "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro rootwait"
fatload mmc 0:1 0x40008000 zImage-6.1
fatload mmc 0:1 0x42000000 uInitrd-6.1
fatload mmc 0:1 0x44000000 dtbs/6.1/exynos5422-odroidxu4.dtb
bootz 0x40008000 0x42000000 0x44000000
ODROID_BUILD_EOF
cat > /work/odroid/out/u-boot-prompt.txt <<'ODROID_BUILD_EOF'
setenv initrd_high 0xffffffff
setenv fdt_high 0xffffffff
setenv bootargs "console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro rootwait"
fatload mmc 0:1 0x40008000 zImage-6.1
fatload mmc 0:1 0x42000000 uInitrd-6.1
fatload mmc 0:1 0x44000000 dtbs/6.1/exynos5422-odroidxu4.dtb
bootz 0x40008000 0x42000000 0x44000000
ODROID_BUILD_EOF

# [10/10] install: install to the boot partition (boot script last)
# odroid-build's order: leftovers deleted; changed files under temporary names (*.odroid-build-new), sync, renamed
# into place, sync; the manifest; the previous boot.ini kept as boot.ini.bak; the new one last.
odroid_stage() {
    if [ -f "$boot/$2" ] && cmp -s "$1" "$boot/$2"; then echo "odroid-build script: $2 is unchanged"; return 0; fi
    echo "odroid-build script: writing $2"
    cp "$1" "$boot/$2.odroid-build-new"
}
odroid_commit() {
    if [ -f "$boot/$1.odroid-build-new" ]; then mv "$boot/$1.odroid-build-new" "$boot/$1"; fi
}
odroid_replace() {
    cp "$1" "$boot/$2.odroid-build-new" && sync && mv "$boot/$2.odroid-build-new" "$boot/$2" && sync
}
odroid_count() {
    if [ -f "$boot/$2" ] && cmp -s "$1" "$boot/$2"; then return 0; fi
    odroid_need=$((odroid_need + ($(wc -c < "$1") + 65535) / 65536 * 64))
}
odroid_clash() {
    odroid_want=$(printf '%s' "${1##*/}" | tr A-Z a-z)
    for odroid_entry in "$boot/$2"*; do
        odroid_name=${odroid_entry##*/}
        if [ -e "$odroid_entry" ] && [ "$odroid_name" != "${1##*/}" ] && [ "$(printf '%s' "$odroid_name" | tr A-Z a-z)" = "$odroid_want" ]; then
            odroid_fail 1 "$boot has $2$odroid_name, which FAT takes for the same name as $1: rename or remove it first; nothing was written"
        fi
    done
}
odroid_record() {
    odroid_sum=$(sha256sum < "$boot/$1")
    odroid_size=$(wc -c < "$boot/$1" | tr -d ' ')
    printf '        {\n          "path" : "%s",\n          "role" : "%s",\n          "sha256" : "%s",\n          "size" : %s\n        }%s\n' "$1" "$2" "${odroid_sum%% *}" "$odroid_size" "$3"
}
odroid_manifest() {
    odroid_installed_at=${odroid_installed_at:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
    {
        printf '{\n  "defaultHistory" : [%s],\n  "format" : 1,\n  "kernels" : [\n    {\n      "files" : [\n' "$1"
        odroid_record zImage-6.1 kernel ','
        odroid_record uInitrd-6.1 initrd ','
        odroid_record dtbs/6.1/exynos5422-odroidxu4.dtb dtb ''
        printf '      ],\n      "installedAt" : "%s",\n      "profile" : "%s",\n      "release" : "%s",\n      "version" : "%s"\n    }\n  ]\n}\n' "$odroid_installed_at" odroidxu4 "$KERNELRELEASE" 6.1
    } > "$boot/odroid-build.json.odroid-build-new"
    sync && mv "$boot/odroid-build.json.odroid-build-new" "$boot/odroid-build.json" && sync
}
# The built files, before anything is written: the image headers u-boot reads.
odroid_problems=0
odroid_bad() { printf 'odroid-build script: check failed: %s\n' "$1" >&2; odroid_problems=$((odroid_problems + 1)); }
odroid_expect() {
    odroid_value=$(od -An -tx1 -j "$2" -N "$((${#3} / 2))" "$1" | tr -d ' \n')
    if [ "$odroid_value" != "$3" ]; then odroid_bad "$1: $4 is ${odroid_value:-missing}, expected $3"; fi
}
odroid_expect /work/odroid/out/uInitrd-6.1 0 27051956 'the u-boot image magic'
odroid_expect /work/odroid/out/uInitrd-6.1 30 03 'the image type (ramdisk is 03)'
odroid_expect /work/odroid/out/uInitrd-6.1 28 05 'the image'\''s os (Linux is 05)'
odroid_expect /work/odroid/out/uInitrd-6.1 29 02 'the image'\''s arch'
odroid_expect /work/odroid/build/arch/arm/boot/dts/exynos5422-odroidxu4.dtb 0 d00dfeed 'the device tree magic'
if [ "$odroid_problems" -gt 0 ]; then
    odroid_fail 1 "$odroid_problems problem(s) in the built files: nothing was written to $boot; fix the build first"
fi
for odroid_file in "$boot"/*.odroid-build-new; do if [ -f "$odroid_file" ]; then echo "odroid-build script: deleting $odroid_file left by an interrupted run"; rm -f "$odroid_file"; fi; done
for odroid_file in "$boot"/dtbs/6.1/*.odroid-build-new; do if [ -f "$odroid_file" ]; then echo "odroid-build script: deleting $odroid_file left by an interrupted run"; rm -f "$odroid_file"; fi; done
odroid_clash zImage-6.1 ''
odroid_clash uInitrd-6.1 ''
odroid_clash dtbs/6.1/exynos5422-odroidxu4.dtb dtbs/6.1/
odroid_need=256
odroid_count /work/odroid/build/arch/arm/boot/zImage zImage-6.1
odroid_count /work/odroid/out/uInitrd-6.1 uInitrd-6.1
odroid_count /work/odroid/build/arch/arm/boot/dts/exynos5422-odroidxu4.dtb dtbs/6.1/exynos5422-odroidxu4.dtb
odroid_count /work/odroid/out/boot.ini boot.ini
odroid_free=$(df -Pk "$boot" | { read -r odroid_header; read -r odroid_fs odroid_total odroid_used odroid_avail odroid_rest; echo "$odroid_avail"; }) || odroid_free=
case $odroid_free in ''|*[!0-9]*) odroid_fail 1 "cannot read the free space of $boot (df -Pk printed '$odroid_free'): nothing was written" ;; esac
if [ "$odroid_free" -lt "$odroid_need" ]; then
    odroid_fail 1 "$boot has $odroid_free KiB free and the new files need about $odroid_need KiB: nothing was written; remove an old kernel first"
fi
mkdir -p "$boot"/dtbs/6.1
odroid_stage /work/odroid/build/arch/arm/boot/zImage zImage-6.1
odroid_stage /work/odroid/out/uInitrd-6.1 uInitrd-6.1
odroid_stage /work/odroid/build/arch/arm/boot/dts/exynos5422-odroidxu4.dtb dtbs/6.1/exynos5422-odroidxu4.dtb
sync
odroid_commit zImage-6.1
odroid_commit uInitrd-6.1
odroid_commit dtbs/6.1/exynos5422-odroidxu4.dtb
sync
odroid_new_manifest=no
# a manifest that records this kernel alone (an earlier run of this script) is rewritten; any other is kept
if [ -e "$boot"/odroid-build.json ] && [ "$(grep -c '"version" :' "$boot"/odroid-build.json || true)" = 1 ] && grep -q '"version" : "6.1"' "$boot"/odroid-build.json; then
    odroid_new_manifest=yes
    odroid_manifest ''
elif [ -e "$boot"/odroid-build.json ]; then
    echo 'odroid-build script: warning: odroid-build.json is there already and sh cannot merge its JSON: kernel 6.1 is not recorded in it (odroid-build list, verify and rollback know only the kernels it records)' >&2
else
    odroid_new_manifest=yes
    odroid_manifest ''
fi
# the boot script goes last: it is what makes the new files live
if [ -f "$boot"/boot.ini ] && cmp -s /work/odroid/out/boot.ini "$boot"/boot.ini; then
    printf 'odroid-build script: %s is unchanged\n' boot.ini
else
    if [ -f "$boot"/boot.ini ] && ! { [ -f "$boot"/boot.ini.bak ] && cmp -s "$boot"/boot.ini "$boot"/boot.ini.bak; }; then
        odroid_replace "$boot"/boot.ini boot.ini.bak
    fi
    odroid_replace /work/odroid/out/boot.ini boot.ini
fi
if [ "$odroid_new_manifest" = yes ]; then odroid_manifest '"6.1"'; fi

# Read back what was written: every file the boot script loads, its size and bytes, the image headers.
odroid_problems=0
odroid_same() {
    if [ ! -f "$boot/$2" ]; then odroid_bad "$boot/$2 is missing"; return 1; fi
    odroid_want=$(wc -c < "$1" | tr -d ' ')
    odroid_got=$(wc -c < "$boot/$2" | tr -d ' ')
    if [ "$odroid_want" != "$odroid_got" ]; then odroid_bad "$boot/$2 has $odroid_got bytes, the built file $1 $odroid_want"; return 0; fi
    if ! cmp -s "$1" "$boot/$2"; then odroid_bad "$boot/$2 differs from the built file $1"; fi
}
odroid_same /work/odroid/build/arch/arm/boot/zImage zImage-6.1 || true
if odroid_same /work/odroid/out/uInitrd-6.1 uInitrd-6.1; then
    odroid_expect "$boot"/uInitrd-6.1 0 27051956 'the u-boot image magic'
    odroid_expect "$boot"/uInitrd-6.1 30 03 'the image type (ramdisk is 03)'
    odroid_expect "$boot"/uInitrd-6.1 28 05 'the image'\''s os (Linux is 05)'
    odroid_expect "$boot"/uInitrd-6.1 29 02 'the image'\''s arch'
fi
if odroid_same /work/odroid/build/arch/arm/boot/dts/exynos5422-odroidxu4.dtb dtbs/6.1/exynos5422-odroidxu4.dtb; then
    odroid_expect "$boot"/dtbs/6.1/exynos5422-odroidxu4.dtb 0 d00dfeed 'the device tree magic'
fi
odroid_same /work/odroid/out/boot.ini boot.ini || true
if [ "$odroid_problems" -gt 0 ]; then
    odroid_fail 1 "$odroid_problems check(s) failed on $boot: do not reboot before fixing them"
fi
printf 'odroid-build script: installed kernel %s (release %s) on %s: %s boots it; checked %s\n' 6.1 "$KERNELRELEASE" "$boot" boot.ini 'zImage-6.1, uInitrd-6.1, dtbs/6.1/exynos5422-odroidxu4.dtb, boot.ini'
