import BootPartition
import CardInspect
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// Which u-boot is on a card: Debian's real u-boot-exynos (mainline, for the XU3/XU4) written where the
/// fusing scripts put it, and the strings Hardkernel's own builds carry (as their prebuilt binaries hold them).
@Suite("Reading the bootloader area of a card", .tags(.realProcess))
struct CardInspectTests {
    static let cache = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/odroid-build-cache/u-boot-exynos"

    /// Debian's mainline u-boot for odroid-xu3, downloaded once (apt-get download) and kept.
    static func debianUBoot() throws -> String {
        let binary = cache + "/x/usr/lib/u-boot/odroid-xu3/u-boot.bin"
        if FileManager.default.fileExists(atPath: binary) { return binary }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let runner = SpawnRunner()
        let fetched = try runner.run(Command(["apt-get", "download", "u-boot-exynos:armhf"], workingDirectory: cache))
        try #require(fetched.succeeded, "apt-get download u-boot-exynos:armhf: \(fetched.stderrText)")
        let deb = try #require(
            try FileManager.default.contentsOfDirectory(atPath: cache).first { $0.hasPrefix("u-boot-exynos_") && $0.hasSuffix(".deb") })
        let unpacked = try runner.run(Command(["dpkg-deb", "-x", cache + "/" + deb, cache + "/x"]))
        try #require(unpacked.succeeded, "\(unpacked.stderrText)")
        return binary
    }

    /// A 16 MiB card: MBR with a FAT partition at 2 MiB, `uBoot` at sector 63, blobs where the layout puts them.
    static func card(_ directory: String, uBoot: Data, trustZone: Int?) throws -> String {
        let path = directory + "/card.img"
        var bytes = [UInt8](repeating: 0, count: 16 << 20)
        bytes[510] = 0x55; bytes[511] = 0xAA
        bytes[446 + 4] = 0x0c
        let start: UInt32 = 4096
        for i in 0..<4 { bytes[446 + 8 + i] = UInt8((start >> (8 * UInt32(i))) & 0xff) }
        for i in 0..<4 { bytes[446 + 12 + i] = UInt8((UInt32(28672) >> (8 * UInt32(i))) & 0xff) }
        for i in 0..<15360 { bytes[512 + i] = UInt8(truncatingIfNeeded: i &* 7 | 1) }  // bl1
        bytes.replaceSubrange((63 * 512)..<(63 * 512 + uBoot.count), with: uBoot)
        if let trustZone { for i in 0..<4096 { bytes[trustZone * 512 + i] = 0xA5 } }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-card-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("Debian's u-boot-exynos at sector 63: version, mainline parser, its environment, and where a profile disagrees")
    func debianMainlineUBoot() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let card = try Self.card(dir, uBoot: try Data(contentsOf: URL(fileURLWithPath: try Self.debianUBoot())), trustZone: 2111)
        let area = try CardBootArea.read(path: card)
        #expect(area.firstPartitionSector == 4096)
        #expect(area.hasBL1 && !area.hasBL2)
        #expect(area.layout?.trustZone == 2111)
        let uBoot = try #require(area.uBoot)
        #expect(uBoot.version?.version.hasPrefix("2023.01") == true, "\(String(describing: uBoot.version))")
        #expect(uBoot.version?.ident.contains("ODROID-XU3/XU4") == true)
        #expect(uBoot.flavour == "mainline")
        #expect(uBoot.environment["kernel_addr_r"] == "0x42000000")
        #expect(uBoot.environment["ramdisk_addr_r"] == "0x43300000")
        #expect(uBoot.environment["fdt_addr_r"] == "0x43000000")
        #expect(uBoot.environment["fdtfile"] == "exynos5422-odroidxu3.dtb")
        #expect(uBoot.environment["console"] == "ttySAC2,115200n8")
        #expect(uBoot.environment["bootcmd"] == "run distro_bootcmd")

        let xu4 = CardReport(
            area: area,
            profile: try ProfileResolver(catalog: ProfileCatalog(directories: [Repository.root + "/profiles"])).resolve("odroidxu4"))
        #expect(
            xu4.findings.contains {
                $0.message.contains("profile odroidxu4 says hardkernel-2017") && $0.message.contains("never reads boot.ini")
            })
        #expect(xu4.findings.contains { $0.message.contains("kernel_addr_r is 0x42000000, the profile's boot.kernel_addr is 0x40008000") })
        #expect(
            xu4.findings.contains {
                $0.message.contains("fdtfile is exynos5422-odroidxu3.dtb, the profile installs exynos5422-odroidxu4.dtb")
            })
    }

    @Test(
        "Hardkernel's builds told apart by the strings their prebuilt binaries carry",
        arguments: [
            (
                "U-Boot 2012.07-gd31343a (May 23 2017 - 11:49:52) for Exynos5422", ["ODROIDXU-UBOOT-CONFIG", "boot.ini command = %s"],
                "hardkernel-2012", 719
            ),
            (
                "U-Boot 2017.05-00002-gd0752a9-dirty (Sep 08 2017 - 11:33:04 +0900) for ODROID-XU4",
                ["ODROIDXU-UBOOT-CONFIG", "cfgload: MAGIC NAME, %s, is not found!!"], "hardkernel-2017-lines", 1503
            ),
            (
                "U-Boot 2017.05-00008-g6a9ddb8303-dirty (May 19 2020 - 19:48:01 +0900) for ODROID-XU4", ["%s-uboot-config"],
                "hardkernel-2017", 1503
            ),
        ])
    func hardkernelFlavours(_ version: String, _ strings: [String], _ flavour: String, _ trustZone: Int) throws {
        // Code first (a real binary starts with its vectors), then the strings as the linker laid them out.
        var binary = Data(repeating: 0xEA, count: 4096)
        binary.append(0)
        for text in [version] + strings + ["bootcmd=cfgload;movi r k 0 40008000;bootz 40008000", "bootdelay=1"] {
            binary.append(Data(text.utf8))
            binary.append(0)
        }
        binary.append(0)
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let area = try CardBootArea.read(path: try Self.card(dir, uBoot: binary, trustZone: trustZone))
        #expect(area.uBoot?.flavour == flavour)
        #expect(area.layout?.trustZone == trustZone)
        #expect(area.uBoot?.environment["bootcmd"] == "cfgload;movi r k 0 40008000;bootz 40008000")
        #expect(area.uBoot?.environment["bootdelay"] == "1")
    }

    @Test func anEmptyBootloaderAreaIsSaidSo() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let area = try CardBootArea.read(path: try Self.card(dir, uBoot: Data(), trustZone: nil))
        #expect(area.uBoot == nil && area.layout == nil)
        let report = CardReport(
            area: area,
            profile: try ProfileResolver(catalog: ProfileCatalog(directories: [Repository.root + "/profiles"])).resolve("odroidxu"))
        #expect(report.findings.contains { $0.message.contains("no u-boot found at sector 63") })
        #expect(report.text.contains("u-boot: none found at sector 63"))
    }
}
