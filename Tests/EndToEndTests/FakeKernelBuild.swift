import Foundation
import Testing
import TestSupport

/// A work directory laid out as `odroid-build build --profile odroidxu` leaves it, without compiling a kernel:
/// a uImage and a uInitrd made by the real mkimage, the XU's dtb compiled by the real dtc, and
/// include/config/kernel.release. `image create` and `install` read exactly these paths.
struct FakeKernelBuild {
    let workDirectory: String
    let version: String
    let release: String

    /// The built uImage (its bytes must arrive unchanged on the image).
    var uImage: String { "\(workDirectory)/build/arch/arm/boot/uImage" }

    /// Makes the build of `version` in `scratch` under `work-VERSION`; kernel payloads differ per version.
    init(version: String, in scratch: ScratchDirectory) throws {
        self.version = version
        release = "\(version)-e2e"
        let work = "work-\(version)"
        workDirectory = scratch.file(work)
        let seed = UInt8(truncatingIfNeeded: version.utf8.reduce(0) { $0 &+ Int($1) })
        try scratch.write("\(work)/zImage", Data((0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7) ^ seed }))
        try scratch.write("\(work)/build/include/config/kernel.release", Data((release + "\n").utf8))
        try FileManager.default.createDirectory(atPath: "\(workDirectory)/build/arch/arm/boot/dts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(workDirectory)/out", withIntermediateDirectories: true)
        try scratch.tool([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000",
            "-n", "Linux-\(release)", "-d", "\(work)/zImage", "\(work)/build/arch/arm/boot/uImage",
        ])

        // An initramfs holding lib/modules/RELEASE and an /init script whose /bin/sh is an ARM program, as
        // mkinitrd would make for this release on the board.
        try FileManager.default.createDirectory(atPath: "\(workDirectory)/root/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ArmProgram.path, toPath: "\(workDirectory)/root/bin/sh")
        try scratch.write("\(work)/root/init", Data("#!/bin/sh\nexec /sbin/init\n".utf8))
        try scratch.tool([
            "sh", "-c",
            "mkdir -p \(work)/root/lib/modules/\(release) && cd \(work)/root && find init bin lib | cpio --quiet -o -H newc | gzip -9n > ../initrd.gz",
        ])
        try scratch.tool([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0", "-n", "uInitrd",
            "-d", "\(work)/initrd.gz", "\(work)/out/uInitrd-\(version)",
        ])
        try scratch.compileDeviceTree(Self.odroidXU, to: "\(work)/build/arch/arm/boot/dts/exynos5410-odroidxu.dtb")
        // What modules_install staged and the .config the kernel was built with.
        try scratch.write("\(work)/modules/lib/modules/\(release)/kernel/drivers/block/virtio_blk.ko", Data("module \(release)".utf8))
        try scratch.write("\(work)/modules/lib/modules/\(release)/modules.dep", Data("kernel/drivers/block/virtio_blk.ko:\n".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: "\(workDirectory)/modules/lib/modules/\(release)/build", withDestinationPath: "\(workDirectory)/build")
        try scratch.write("\(work)/build/.config", Data("CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_GZIP=y\n".utf8))
    }

    /// The root facts of Linux's exynos5410-odroidxu.dts that the tool reads (board, memory).
    static let odroidXU = """
        /dts-v1/;
        / {
            model = "Hardkernel Odroid XU";
            compatible = "hardkernel,odroid-xu", "samsung,exynos5410", "samsung,exynos5";
            #address-cells = <1>;
            #size-cells = <1>;
            memory@40000000 {
                device_type = "memory";
                reg = <0x40000000 0x7ea00000>;
            };
        };
        """
}
