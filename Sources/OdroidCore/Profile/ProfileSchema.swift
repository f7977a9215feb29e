/// What every `ProfileKey` a board profile, a local override file or `--set` may use is: its type, default
/// and help. Nothing board-specific lives in Swift: this is only the vocabulary; the values are in
/// profiles/*.toml.
public enum ProfileSchema {
    public static let imageTypes = ["uImage", "zImage"]
    public static let generators = ["mkinitrd", "dracut", "mkinitramfs", "cpio", "busybox", "none"]
    public static let flavours = ["hardkernel-2012", "hardkernel-2017-lines", "hardkernel-2017", "mainline"]
    public static let formats = ["ini", "cmd", "scr", "extlinux", "prompt"]

    public static let specs: [SettingSpec] = [
        // identity
        SettingSpec(.profileName, .text, required: true, "Profile name; must equal the file name without .toml."),
        SettingSpec(.profileDescription, .text, default: .string(""), "One line shown by `profiles list`."),
        SettingSpec(.profileExtends, .text, "Name of the profile this one inherits from."),
        SettingSpec(.profileAbstract, .flag, default: .bool(false), "A base profile that only exists to be extended."),
        // board
        SettingSpec(.boardSoc, .text, required: true, "System on chip, e.g. exynos5410."),
        SettingSpec(.boardArch, .choice(["arm"]), default: .string("arm"), "Kernel ARCH."),
        SettingSpec(
            .boardCompatible, .textList, required: true, "Device-tree compatible strings the board's dtb must carry (most specific first)."),
        SettingSpec(.boardDramBase, .address, required: true, "Physical start of DRAM."),
        SettingSpec(.boardDramSize, .size, required: true, "DRAM size."),
        SettingSpec(
            .boardReserved, .regions, default: .regions([]), "Memory nothing may be loaded over (u-boot's own area, the boot.ini buffer)."),
        // kernel
        SettingSpec(.kernelDefconfig, .text, required: true, "make target that writes .config, e.g. odroidxu_defconfig."),
        SettingSpec(
            .kernelFragments, .hostPathList, default: .strings([]),
            "Config fragments merged over the defconfig (merge_config.sh), relative to the file that names them."),
        SettingSpec(.kernelImage, .choice(imageTypes), required: true, "Kernel image the board boots."),
        SettingSpec(
            .kernelLoadaddr, .address, required: true, alignment: 4, "LOADADDR: where the kernel runs (uImage load and entry address)."),
        SettingSpec(
            .kernelTargets, .textList, "make targets of the build step; default: the image, dtbs (when dtbs are listed) and modules."),
        SettingSpec(
            .kernelDtbs, .relativePathList, default: .strings([]), "Device-tree blobs to build and install, as paths under kernel.dtb_dir."),
        SettingSpec(
            .kernelDtbDir, .relativePath, default: .string("arch/arm/boot/dts"),
            "Where the build puts dtbs, relative to the build directory."),
        SettingSpec(
            .kernelCrossCompile, .text, default: .string("arm-linux-gnueabihf-"), "CROSS_COMPILE prefix used when the host is not ARM."),
        SettingSpec(.kernelCcache, .flag, default: .bool(false), "Compile through ccache when it is installed."),
        SettingSpec(.kernelJobs, .count, default: .number(0), "Parallel make jobs; 0 means one per CPU."),
        SettingSpec(
            .kernelDistcc, .text,
            "Compile on these distcc hosts, in distcc's own syntax (DISTCC_HOSTS), e.g. \"localhost 192.168.1.20/8 buildbox:3633/4,lzo\"; -j becomes their slots unless kernel.jobs is set. Changing it rebuilds nothing."
        ),
        SettingSpec(
            .kernelImageMax, .size, default: .number(16 << 20), "Largest kernel image expected; the kernel load window must hold it."),
        SettingSpec(
            .kernelSourceKind, .choice(["git", "tarball", "local"]), required: true, "Where the source of a kernel version comes from."),
        SettingSpec(.kernelSourceUrl, .text, "git: repository URL."),
        SettingSpec(.kernelSourceRef, .text, "git: branch or tag; {version} is replaced."),
        SettingSpec(.kernelSourceTarball, .hostPath, "tarball: path of the archive; {version} is replaced."),
        SettingSpec(.kernelSourcePath, .hostPath, "local: path of the kernel tree."),
        // modules
        SettingSpec(
            .modulesStrip, .flag, default: .bool(true),
            "Strip debug information from the modules as they are installed (INSTALL_MOD_STRIP=1): unstripped they fill an initramfs several times over."
        ),
        // initramfs
        SettingSpec(.initramfsGenerator, .choice(generators), required: true, "Tool that makes the initramfs, or none."),
        SettingSpec(.initramfsSourceDir, .hostPath, "cpio: directory packed as the initramfs."),
        SettingSpec(
            .initramfsBusybox, .hostPath,
            "busybox: a static busybox for the board; unset: Debian's busybox-static for armhf, fetched with apt-get download."),
        SettingSpec(
            .initramfsMarker, .text, default: .string("ODROID-BUILD-BOOT-OK"),
            "busybox: the line /init prints before it powers off (the boot proof's success pattern)."),
        SettingSpec(.initramfsFile, .fileName, default: .string("initrd-{version}"), "Name of the raw initramfs."),
        SettingSpec(.initramfsUimage, .flag, default: .bool(true), "Wrap the initramfs as a u-boot ramdisk image (mkimage -T ramdisk)."),
        SettingSpec(.initramfsMaxSize, .size, default: .number(32 << 20), "Largest initramfs expected; its load window must hold it."),
        // boot
        SettingSpec(
            .bootFlavour, .choice(flavours), required: true,
            "u-boot flavour: hardkernel-2012 (2012.07, boot.ini line by line), hardkernel-2017-lines (2017.05 builds to 2020-05-19, boot.ini line by line), hardkernel-2017 (later 2017.05 builds, boot.ini as one script), or mainline distro boot."
        ),
        SettingSpec(
            .bootFormats, .choiceList(formats), required: true,
            "Script formats to render; the first is the one installed as the boot script."),
        SettingSpec(.bootInterface, .text, default: .string("mmc"), "u-boot load interface (mmc, virtio, usb)."),
        SettingSpec(.bootDevice, .text, default: .string("0:1"), "u-boot device and partition, e.g. 0:1."),
        SettingSpec(.bootMount, .hostPath, default: .string("/boot"), "Where the FAT boot partition is mounted on the running board."),
        SettingSpec(.bootKernelAddr, .address, required: true, alignment: 4, "Address the kernel image is loaded to."),
        SettingSpec(
            .bootInitrdAddr, .address, alignment: 4, "Address the initramfs is loaded to (required unless initramfs.generator is none)."),
        SettingSpec(.bootDtbAddr, .address, alignment: 8, "Address the dtb is loaded to (required when boot.dtb_source is partition)."),
        SettingSpec(.bootDtbMax, .size, default: .number(256 << 10), "Largest dtb expected; its load window must hold it."),
        SettingSpec(
            .bootDtbSource, .choice(["partition", "firmware"]), default: .string("partition"),
            "partition: the dtb is a file on the boot partition; firmware: u-boot supplies it."),
        SettingSpec(.bootFirmwareDtb, .text, default: .string("fdtcontroladdr"), "firmware: the u-boot variable holding the dtb address."),
        SettingSpec(.bootCommand, .choice(["bootm", "bootz"]), "Boot command; default bootm for uImage, bootz for zImage."),
        SettingSpec(.bootConsole, .text, required: true, "console= value, e.g. ttySAC2,115200n8."),
        SettingSpec(
            .bootRoot, .text, default: .string("/dev/mmcblk0p2"),
            "root= value; {root_uuid} is the root filesystem's UUID (a card image's ext4 partition, --rootfs, / on the board). Unset, a build or install that knows the root filesystem uses UUID=<its UUID>, else this default."
        ),
        SettingSpec(
            .bootRootMode, .choice(["ro", "rw"]), default: .string("ro"),
            "Mount the root filesystem read-only (fsck at boot) or read-write."),
        SettingSpec(.bootBootargs, .textList, default: .strings([]), "Extra kernel arguments, in order."),
        SettingSpec(
            .bootConsoles, .textList, default: .strings([]),
            "Further consoles, passed before boot.console (e.g. tty1 for HDMI); the last console= becomes /dev/console, so the serial one stays last."
        ),
        SettingSpec(
            .bootEthernetMac, .text, default: .string(""),
            "A MAC address for a USB Ethernet without an EEPROM (the XU's SMSC LAN9730 gets a new random one at every boot otherwise): xx:xx:xx:xx:xx:xx, or \"card\" for one derived from the card's root filesystem UUID (stable per card, locally administered); empty: none."
        ),
        SettingSpec(
            .bootEthernetDriver, .text, default: .string("smsc95xx"), "The driver whose macaddr= parameter takes boot.ethernet_mac."),
        SettingSpec(.bootKernelFile, .fileName, default: .string("{image}-{version}"), "Kernel file name on the boot partition."),
        SettingSpec(.bootInitrdFile, .fileName, default: .string("uInitrd-{version}"), "Initramfs file name on the boot partition."),
        SettingSpec(
            .bootDtbFile, .relativePath, default: .string("dtbs/{version}/{dtb}"),
            "Dtb path on the boot partition; versioned so kernels keep their own."),
        SettingSpec(
            .bootPartitionOffset, .size, default: .number(1 << 20),
            "Where the FAT boot partition starts on a whole-disk image (`image create --disk`); the bytes before it are the bootloader's (a multiple of 512)."
        ),
        // boot proof under QEMU
        SettingSpec(.qemuMachine, .text, "QEMU machine (-M) this profile's boot can be proven on; unset: no boot proof."),
        SettingSpec(.qemuRam, .size, default: .number(512 << 20), "RAM given to QEMU (-m)."),
        SettingSpec(
            .qemuFirmware, .hostPath, default: .string("/usr/lib/u-boot/qemu_arm/u-boot.bin"), "u-boot binary QEMU runs as firmware."),
        SettingSpec(
            .qemuMarker, .text, default: .string("ODROID-BUILD-BOOT-OK"),
            "Text the boot proof waits for: the test init's line, or a distribution's console login prompt."),
        SettingSpec(.qemuTimeout, .count, default: .number(90), "Seconds a boot proof waits for the marker."),
        // a root filesystem for the board
        SettingSpec(
            .rootfsDistribution, .choice(["debian"]), default: .string("debian"), "Distribution of `rootfs create` (made with mmdebstrap)."),
        SettingSpec(.rootfsSuite, .text, default: .string("bookworm"), "Distribution release, e.g. bookworm."),
        SettingSpec(
            .rootfsArchitecture, .text, default: .string("armhf"),
            "Debian architecture of the board's userland (armhf for the 32-bit ARM boards)."),
        SettingSpec(.rootfsMirror, .text, default: .string("http://deb.debian.org/debian"), "Package mirror mmdebstrap downloads from."),
        SettingSpec(
            .rootfsVariant, .choice(["minbase", "essential", "apt", "required", "important", "standard"]), default: .string("minbase"),
            "mmdebstrap variant: which packages beside the listed ones."),
        SettingSpec(
            .rootfsPackages, .textList, default: .strings(["initramfs-tools", "systemd-sysv", "udev", "kmod", "e2fsprogs", "zstd"]),
            "Packages installed on top of the variant; the initramfs generator (initramfs-tools) among them."),
    ]

    public static let byKey: [ProfileKey: SettingSpec] = Dictionary(uniqueKeysWithValues: specs.map { ($0.key, $0) })

    /// The spec of `key`. Every key has exactly one (`ProfileKeyTests`), so this never fails.
    public static func spec(_ key: ProfileKey) -> SettingSpec {
        guard let spec = byKey[key] else { preconditionFailure("ProfileKey.\(key) has no SettingSpec in ProfileSchema.specs") }
        return spec
    }

    /// Table names that may appear as TOML tables (prefixes of keys).
    public static let tables: Set<String> = Set(specs.flatMap(\.key.tables))
}
