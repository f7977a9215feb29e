import Foundation
import TestSupport
import Testing
@testable import UBootImage

/// The real `mkimage` writes the images; our parser must read back exactly what it was told, print what
/// `mkimage -l` prints, and notice every kind of damage to a real image.
@Suite("Agreement with the real mkimage", .tags(.realProcess))
struct MkimageAgreementTests {
    let fixtures: ImageFixtures
    let payloadPath: String

    init() throws {
        fixtures = try ImageFixtures()
        payloadPath = try fixtures.write("payload.bin", ImageFixtures.bytes(70_001))
    }

    @Test("a kernel uImage as the kernel's Makefile builds it")
    func kernel() throws {
        let bytes = try fixtures.mkimage(
            ["-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000", "-n", "Linux-6.1.0"],
            data: payloadPath)
        let image = try LegacyImage(bytes)
        #expect(image.problems.isEmpty)
        #expect(image.header.loadAddress == 0x4000_8000 && image.header.entryPoint == 0x4000_8000)
        #expect(image.header.type == .kernel && image.header.os == .linux && image.header.architecture == .arm)
        #expect(image.header.dataSize == 70_001)
        #expect(image.header.name == "Linux-6.1.0")
        #expect(image.check(.kernel(loadAddress: 0x4000_8000)).isEmpty)
    }

    @Test(
        "our listing equals mkimage -l",
        arguments: [
            ["-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x40008000", "-e", "0x40008000", "-n", "Linux"],
            ["-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "gzip", "-a", "0", "-e", "0", "-n", "uInitrd"],
            ["-A", "arm64", "-O", "u-boot", "-T", "firmware", "-C", "lzma", "-a", "0x80000", "-n", "fw"],
            ["-A", "riscv", "-O", "efi", "-T", "kernel_noload", "-C", "zstd", "-n", String(repeating: "x", count: 40)],
            ["-A", "x86_64", "-O", "netbsd", "-T", "filesystem", "-C", "bzip2", "-n", "fs"],
            ["-A", "arm", "-O", "linux", "-T", "multi", "-C", "none", "-n", "multi"],
            ["-A", "arm", "-O", "linux", "-T", "standalone", "-C", "lz4", "-a", "0x1000", "-e", "0x1004", "-n", "sa"],
        ])
    func listing(arguments: [String]) throws {
        let textPath = try fixtures.write("extra.txt", Data("second component\n".utf8))
        let data = arguments.contains("multi") ? "\(payloadPath):\(textPath)" : payloadPath
        let bytes = try fixtures.mkimage(arguments, data: data)
        let listed = try fixtures.run(["mkimage", "-l", fixtures.path("out.img")])
        try #require(listed.succeeded)
        let expected = listed.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let ours = ImageListing.lines(for: try LegacyImage(bytes))
        #expect(ours == expected)
    }

    @Test("a script image's text is recovered byte for byte")
    func script() throws {
        let script = "setenv bootargs \"console=ttySAC2,115200n8 root=/dev/mmcblk0p2\"\nbootm 0x43000000 - 0x49000000\n"
        let scriptPath = try fixtures.write("boot.txt", Data(script.utf8))
        let bytes = try fixtures.mkimage(["-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "boot"], data: scriptPath)
        let image = try LegacyImage(bytes)
        #expect(image.problems.isEmpty)
        #expect(try image.scriptText() == script)
        #expect(bytes.count == 72 + script.utf8.count)
        let listed = try fixtures.run(["mkimage", "-l", fixtures.path("out.img")])
        #expect(ImageListing.lines(for: image) == listed.stdoutText.split(separator: "\n").map(String.init))
    }

    @Test("damage to a real image is found: flipped data, flipped header, truncation")
    func damage() throws {
        let good = try fixtures.mkimage(["-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-n", "uInitrd"], data: payloadPath)
        var flipped = good
        flipped[flipped.count - 1] ^= 0x01
        #expect(LegacyImage.verify(flipped).map(\.description).first?.hasPrefix("data CRC mismatch") == true)

        var header = good
        header[16] ^= 0x40  // load address
        #expect(LegacyImage.verify(header).map(\.description).first?.hasPrefix("header CRC mismatch") == true)

        #expect(LegacyImage.verify(good.prefix(good.count - 10)) == [.truncated(declared: 70_001, available: 69_991)])
    }

    @Test("a uImage built without the right LOADADDR is caught")
    func wrongLoadAddress() throws {
        let bytes = try fixtures.mkimage(
            ["-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x8000", "-e", "0x8000", "-n", "Linux"], data: payloadPath)
        let problems = try LegacyImage(bytes).check(.kernel(loadAddress: 0x4000_8000))
        #expect(problems.map(\.description).contains { $0.contains("load address is 0x00008000, expected 0x40008000") })
    }
}
