import Foundation
import TestSupport
import Testing
@testable import DeviceTree

@Suite("Checking a blob against a board", .tags(.realProcess))
struct BoardCheckTests {
    let fixtures: BlobFixtures

    init() throws { fixtures = try BlobFixtures() }

    /// The ODROID-XU as its profile describes it, with the seed's load windows.
    static let odroidXU = BoardRequirements(
        origin: "profile odroidxu",
        compatible: ["hardkernel,odroid-xu", "samsung,exynos5410", "samsung,exynos5"],
        dram: MemoryRange(base: 0x4000_0000, size: 0x7EA0_0000),
        loadWindows: [
            LoadWindow(name: "kernel image (as loaded)", range: MemoryRange(base: 0x4300_0000, size: 0x100_0000)),
            LoadWindow(name: "initramfs", range: MemoryRange(base: 0x4600_0000, size: 0x300_0000)),
            LoadWindow(name: "dtb", range: MemoryRange(base: 0x4900_0000, size: 0x10000)),
        ])

    @Test("the XU's own blob fits the XU")
    func fits() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU))
        #expect(try blob.check(against: Self.odroidXU) == [])
    }

    @Test("the XU3's blob on an XU is named as the wrong board")
    func wrongBoard() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU3))
        let findings = try blob.check(against: Self.odroidXU)
        #expect(findings.count == 1)
        let message = try #require(findings.first).message
        #expect(
            message.hasPrefix(
                "wrong board: this blob is for \"Hardkernel Odroid XU3\" (hardkernel,odroid-xu3, samsung,exynos5800, samsung,exynos5), but profile odroidxu needs hardkernel,odroid-xu"
            ))
        #expect(findings.first?.severity == .error)
    }

    @Test("a window beyond the blob's memory and memory beyond the board's DRAM are errors")
    func memory() throws {
        let source = """
            /dts-v1/;
            / {
                compatible = "hardkernel,odroid-xu";
                #address-cells = <1>; #size-cells = <1>;
                memory@40000000 { device_type = "memory"; reg = <0x40000000 0x08000000>, <0xc0000000 0x1000>; };
            };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source))
        let messages = try blob.check(against: Self.odroidXU).map(\.description)
        #expect(messages.contains { $0.hasPrefix("error: memory 0xc0000000-0xc0001000 (4 KiB) is outside the board's DRAM") })
        #expect(messages.contains { $0.hasPrefix("error: dtb 0x49000000-0x49010000 (64 KiB) is not inside the memory the blob describes") })
        #expect(messages.contains { $0.hasPrefix("error: initramfs") })
        #expect(!messages.contains { $0.contains("kernel image") })
    }

    @Test("less memory than the board has, /memreserve/ over a window, no memory node: warnings")
    func warnings() throws {
        let small = """
            /dts-v1/;
            /memreserve/ 0x49000000 0x1000;
            / {
                compatible = "hardkernel,odroid-xu";
                #address-cells = <1>; #size-cells = <1>;
                memory@40000000 { device_type = "memory"; reg = <0x40000000 0x40000000>; };
            };
            """
        let findings = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(small, name: "small")).check(against: Self.odroidXU)
        #expect(findings.allSatisfy { $0.severity == .warning })
        #expect(
            findings.map(\.message) == [
                "the blob gives the kernel 1 GiB of memory, profile odroidxu has 2026 MiB (u-boot may rewrite the memory node at boot)",
                "dtb 0x49000000-0x49010000 (64 KiB) overlaps the blob's /memreserve/ 0x49000000-0x49001000 (4 KiB)",
            ])

        let none = "/dts-v1/;\n/ { compatible = \"hardkernel,odroid-xu\"; };\n"
        let noMemory = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(none, name: "none")).check(against: Self.odroidXU)
        #expect(noMemory == [BlobFinding(.warning, "no memory node: the kernel depends on u-boot to add one at boot")])
    }
}
