import BootPartition
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// What is inside an initramfs, on archives made by the real cpio and the real compressors: the checks a
/// PC-made initramfs of x86-64 programs used to pass.
@Suite("Looking inside an initramfs", .tags(.realProcess))
struct InitramfsCheckTests {
    static let arm = ELFMachine.forKernelArch("arm")!
    static let config = "CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_GZIP=y\nCONFIG_RD_ZSTD=y\n"

    /// A tree packed as a newc archive with the real cpio, optionally compressed by the real `tool`.
    final class Archive {
        let directory: String
        let runner = SpawnRunner()

        init() throws {
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("odroid-initramfs-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory + "/tree", withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func file(_ path: String, _ text: String) throws {
            let full = "\(directory)/tree/\(path)"
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }

        func copy(_ source: String, to path: String) throws {
            let full = "\(directory)/tree/\(path)"
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: full)
        }

        func link(_ path: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: "\(directory)/tree/\(path)", withDestinationPath: target)
        }

        /// A Debian-like initramfs: /init script, bin/sh (ARM or `shell`), modules of `release`.
        func debianLike(shell: String = ArmProgram.path, release: String = "6.1.192", withInit: Bool = true) throws {
            if withInit { try file("init", "#!/bin/sh\nexec run-init /root /sbin/init\n") }
            try copy(shell, to: "usr/bin/busybox")
            try link("bin", to: "usr/bin")
            try link("usr/bin/sh", to: "busybox")
            try file("usr/lib/modules/\(release)/kernel/drivers/block/virtio_blk.ko", "ko")
            try file("usr/lib/modules/\(release)/modules.dep", "")
        }

        func packed(compressor: [String]? = ["gzip", "-9n"]) throws -> Data {
            let cpio = try runner.run(
                Command(["sh", "-c", "find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0"], workingDirectory: directory + "/tree"))
            #expect(cpio.succeeded, "\(cpio.stderrText)")
            guard let compressor else { return cpio.stdout }
            try cpio.stdout.write(to: URL(fileURLWithPath: directory + "/archive.cpio"))
            let packed = try runner.run(Command(compressor + ["-c", directory + "/archive.cpio"]))
            #expect(packed.succeeded, "\(packed.stderrText)")
            return packed.stdout
        }
    }

    func check(_ data: Data, release: String? = "6.1.192", config: String? = InitramfsCheckTests.config) -> (
        problems: [String], summary: InitramfsCheck.Summary?
    ) {
        InitramfsCheck(kernel: InitramfsCheck.Kernel(machine: Self.arm, release: release, config: config)).problems(
            in: data, runner: SpawnRunner())
    }

    @Test(
        "an initramfs of ARM programs with the kernel's modules passes, through symlinks as Debian lays them out",
        arguments: [["gzip", "-9n"], ["zstd", "-q", "-19"]])
    func armInitramfsPasses(_ compressor: [String]) throws {
        let archive = try Archive()
        try archive.debianLike()
        let (problems, summary) = check(try archive.packed(compressor: compressor))
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary?.machines == ["32-bit ARM"])
        #expect(summary?.modules == 1)
        #expect(summary?.releases == ["6.1.192"])
        #expect(summary?.initKind.contains("/bin/sh") == true)
    }

    @Test("the PC's own programs are refused, naming them and the likely cause")
    func hostProgramsAreRefused() throws {
        let archive = try Archive()
        try archive.debianLike(shell: ArmProgram.hostProgram)
        let (problems, _) = check(try archive.packed())
        #expect(
            problems.contains {
                $0.contains("for another architecture than the kernel's 32-bit ARM: usr/bin/busybox (x86-64)") && $0.contains("build host")
            }, "\(problems)")
        #expect(problems.contains { $0.contains("/init script for /bin/sh, which is for x86-64") }, "\(problems)")
    }

    @Test func noInitAndAMissingInterpreter() throws {
        let none = try Archive()
        try none.debianLike(withInit: false)
        #expect(check(try none.packed()).problems.contains { $0.contains("has no /init") })
        let dangling = try Archive()
        try dangling.file("init", "#!/bin/ash\n")
        #expect(check(try dangling.packed()).problems.contains { $0.contains("/init script for /bin/ash, which it does not hold") })
    }

    @Test func modulesOfAnotherRelease() throws {
        let archive = try Archive()
        try archive.debianLike(release: "6.1.0-13-armmp")
        #expect(check(try archive.packed()).problems == ["holds modules for 6.1.0-13-armmp, not for the kernel's release 6.1.192"])
    }

    @Test("a compression the kernel's RD_* options do not accept, or a kernel without initramfs support")
    func kernelConfigDecides() throws {
        let archive = try Archive()
        try archive.debianLike()
        let xz = try archive.packed(compressor: ["xz", "--check=crc32"])
        #expect(check(xz).problems == ["is xz-compressed, but the kernel accepts only gzip, zstd (CONFIG_RD_XZ is not set)"])
        #expect(check(xz, config: nil).problems.isEmpty, "an unknown .config accepts every format the kernel can be built for")
        #expect(check(xz, config: "CONFIG_RD_XZ=y\n").problems.contains { $0.contains("CONFIG_BLK_DEV_INITRD") })
    }

    @Test("an uncompressed early archive in front of the compressed main one, inside a u-boot ramdisk image")
    func earlyArchiveAndUImage() throws {
        let early = try Archive()
        try early.file("kernel/x86/microcode/GenuineIntel.bin", "ucode")
        let main = try Archive()
        try main.debianLike()
        var combined = try early.packed(compressor: nil)
        combined.append(Data(count: (512 - combined.count % 512) % 512))
        combined.append(try main.packed())
        let raw = main.directory + "/combined"
        try combined.write(to: URL(fileURLWithPath: raw))
        let wrapped = main.directory + "/uInitrd"
        let mkimage = try SpawnRunner().run(
            Command([
                "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0", "-n", "uInitrd", "-d", raw,
                wrapped,
            ]))
        #expect(mkimage.succeeded)
        let (problems, summary) = check(try Data(contentsOf: URL(fileURLWithPath: wrapped)))
        #expect(problems.isEmpty, "\(problems)")
        #expect(summary?.compressions == [.gzip])
        let archive = try InitramfsArchive(combined, runner: SpawnRunner())
        #expect(archive.entries.contains { $0.path == "kernel/x86/microcode/GenuineIntel.bin" })
        #expect(archive.entries.contains { $0.path == "init" })
    }

    @Test(
        "bytes that are no initramfs are one problem, not a crash",
        arguments: [Data("hello".utf8), Data([0x1f, 0x8b, 0, 0]), Data(count: 600), Data("070701zz".utf8)])
    func garbage(_ data: Data) {
        let (problems, summary) = check(data)
        #expect(problems.count == 1, "\(problems)")
        #expect(summary == nil)
    }
}
