import Foundation
import Testing
import TestSupport

/// The device-tree, image, layout and flash commands of the built binary on real files (dtc and mkimage
/// output), checked by exit status and the words a user reads.
@Suite("dtb, image, layout and flash end to end", .tags(.realProcess))
struct DeviceAndImageCommandTests {
    /// The XU3's tree: the blob users copy to an XU by mistake. It shares samsung,exynos5 with the XU.
    static let odroidXU3 = """
        /dts-v1/;
        / {
            model = "Hardkernel Odroid XU3";
            compatible = "hardkernel,odroid-xu3", "samsung,exynos5800", "samsung,exynos5";
            #address-cells = <1>;
            #size-cells = <1>;
            memory@40000000 {
                device_type = "memory";
                reg = <0x40000000 0x7ea00000>;
            };
        };
        """

    @Test func xu3BlobFailsTheXUCheckNamingTheBoard() throws {
        let scratch = try ScratchDirectory("dtb-board")
        let blob = try scratch.compileDeviceTree(Self.odroidXU3, to: "xu3.dtb")
        let out = try Binary.run(["dtb", "check", "--profile", "odroidxu", blob])
        #expect(out.exitCode == 1, "\(out.stderr)")
        #expect(out.stderr.contains("wrong board"))
        #expect(out.stderr.contains("Hardkernel Odroid XU3"))
        #expect(out.stderr.contains("needs hardkernel,odroid-xu"))
        let right = try Binary.run(["dtb", "check", "--profile", "odroidxu3", blob])
        #expect(right.exitCode == 0, "the same blob fits its own board: \(right.stderr)")
    }

    @Test func truncatedBlobIsUnreadable() throws {
        let scratch = try ScratchDirectory("dtb-truncated")
        let blob = try scratch.compileDeviceTree(FakeKernelBuild.odroidXU, to: "xu.dtb")
        let cut = try scratch.write("cut.dtb", try scratch.read("xu.dtb").prefix(100))
        let out = try Binary.run(["dtb", "check", "--profile", "odroidxu", cut])
        #expect(out.exitCode == 2, "\(out.stderr)")
        #expect(out.stderr.contains("truncated"))
        #expect(try Binary.run(["dtb", "check", "--profile", "odroidxu", blob]).exitCode == 0)
    }

    @Test func oneFlippedDataByteMakesTheDataCRCWrong() throws {
        let scratch = try ScratchDirectory("image-crc")
        try scratch.write("zImage", Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }))
        try scratch.tool([
            "mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000",
            "-n", "Linux-e2e", "-d", "zImage", "uImage",
        ])
        let sound = try Binary.run(["image", "inspect", scratch.file("uImage")])
        #expect(sound.exitCode == 0, "\(sound.stderr)")
        #expect(sound.stdout.contains("Data CRC:") && !sound.stdout.contains("WRONG"))

        var bytes = try scratch.read("uImage")
        bytes[64 + 5000] ^= 0x01
        try scratch.write("flipped", bytes)
        let out = try Binary.run(["image", "inspect", scratch.file("flipped")])
        #expect(out.exitCode == 1)
        let line = out.stdout.split(separator: "\n").first { $0.hasPrefix("Data CRC:") }.map(String.init) ?? ""
        #expect(line.contains("WRONG"), "stdout: \(out.stdout)")
        #expect(out.stdout.contains("Header CRC:") && out.stdout.contains("(correct)"), "only the data was damaged")
    }

    /// odroidxu loads the initrd at 0x46000000 and the dtb at 0x49000000: a 60 MiB initrd (sparse, only its
    /// size counts) runs 12 MiB into the dtb.
    @Test func initrdOverlappingTheDtbIsMarked() throws {
        let scratch = try ScratchDirectory("layout")
        let big = scratch.file("big.initrd")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 60 << 20) == 0)
        let out = try Binary.run(["layout", "--profile", "odroidxu", "--initrd", big])
        #expect(out.exitCode == 1, "\(out.stderr)")
        #expect(out.stdout.contains("initramfs 0x46000000–0x49c00000 (60 MiB) overlaps dtb 0x49000000"))
        let initramfsRow = out.stdout.split(separator: "\n").first { $0.hasPrefix("initramfs") }.map(String.init) ?? ""
        #expect(initramfsRow.contains("X"), "the overlap is marked in the picture: \(initramfsRow)")

        #expect(truncate(big, 16 << 20) == 0)
        #expect(try Binary.run(["layout", "--profile", "odroidxu", "--initrd", big]).exitCode == 0, "a 16 MiB initrd fits")
    }

    @Test func flashToARegularFileCopiesTheImage() throws {
        let scratch = try ScratchDirectory("flash-file")
        let image = try scratch.write("boot.img", Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 / 4096 &+ $0) }))
        let target = try scratch.write("card.img", Data())
        let out = try Binary.run(["flash", image, "--device", target])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(out.stderr.contains("matches"))
        #expect(try scratch.read("card.img") == scratch.read("boot.img"))
    }

    /// The disk holding `/` must be refused however flash is asked. Run without --yes, so even a broken
    /// safety check would stop at the confirmation (no terminal here) instead of writing.
    @Test(.enabled(if: RootDisk.device != nil, "/ is not on a block device here"))
    func flashToTheRootDiskIsRefused() throws {
        let scratch = try ScratchDirectory("flash-root")
        let image = try scratch.write("boot.img", Data(count: 1 << 20))
        let device = try #require(RootDisk.device)
        for extra in [[], ["--disk", "--force"]] {
            let out = try Binary.run(["flash", image, "--device", device] + extra)
            #expect(out.exitCode == 2)
            #expect(out.stderr.contains("refusing \(device): \(device) holds the running root filesystem"), "\(out.stderr)")
        }
    }
}

/// The block device mounted at `/`, from /proc/self/mounts (nil in a container whose root is an overlay).
enum RootDisk {
    static let device: String? = {
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1, fields[1] == "/", fields[0].hasPrefix("/dev/") else { continue }
            var info = stat()
            let path = String(fields[0])
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK { return path }
        }
        return nil
    }()
}
