import Foundation
import TestSupport
import Testing
@testable import DeviceTree

/// The real exynos5410-odroidxu.dtb from a Linux build, when one is available: set ODROID_LINUX_BUILD to a
/// built kernel tree (arch/arm/boot/dts[/samsung]/exynos5410-odroidxu.dtb), or ODROID_XU_DTB to the file.
@Suite("The real ODROID-XU blob from a kernel build", .tags(.realProcess), .enabled(if: RealKernelBlob.path != nil))
struct RealKernelBlobTests {
    @Test("reads as the XU, with its memory node, and fits the XU's board requirements")
    func realBlob() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try #require(RealKernelBlob.path))
        #expect(try blob.model() == "Hardkernel Odroid XU")
        #expect(try blob.compatible().first == "hardkernel,odroid-xu")
        #expect(try blob.memory() == [MemoryRange(base: 0x4000_0000, size: 0x7EA0_0000)])
        #expect(try blob.check(against: BoardCheckTests.odroidXU) == [])
    }

    @Test("setting bootargs keeps every other node: dtc decompiles the same tree plus the new property")
    func bootargsKeepTree() throws {
        let fixtures = try BlobFixtures()
        let original = try #require(RealKernelBlob.path)
        let edited = fixtures.path("edited.dtb")
        try DeviceTreeBlob(contentsOfFile: original).settingBootargs("console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro").write(to: edited)
        let before = try fixtures.decompile(original)
        let after = try fixtures.decompile(edited)
        #expect(after.contains("bootargs = \"console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro\";"))
        let removed = after.split(separator: "\n").filter { !$0.contains("bootargs") }
        #expect(removed == before.split(separator: "\n"))
    }
}

enum RealKernelBlob {
    static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        if let file = environment["ODROID_XU_DTB"], FileManager.default.fileExists(atPath: file) { return file }
        guard let tree = environment["ODROID_LINUX_BUILD"] else { return nil }
        return ["arch/arm/boot/dts/samsung/exynos5410-odroidxu.dtb", "arch/arm/boot/dts/exynos5410-odroidxu.dtb"]
            .map { "\(tree)/\($0)" }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
