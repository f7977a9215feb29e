import BootProof
import OdroidCore
import Testing
import TestSupport

/// `boot-test` and a build's `--boot-test` choose a proof's settings one way: explicit, then the profile's
/// [qemu] table, then the defaults.
@Suite("Choosing a boot proof's settings", .tags(.pure))
struct BootTestConfigurationTests {
    static let qemu: ResolvedProfile.QEMU? = try? ProfileResolver(catalog: ProfileCatalog(directories: ["\(Repository.root)/profiles"]))
        .resolve(
            "qemu-virt",
            overrides: [
                "board.dram_size=768M", "qemu.ram=768M", "qemu.firmware=/opt/u-boot.bin", "qemu.marker=BOARD-UP", "qemu.timeout=45",
            ]
        ).qemu

    @Test func theProfilesQemuTableFillsWhatIsNotGiven() throws {
        _ = try #require(Self.qemu)
        let chosen = BootTestConfiguration.choosing(diskImage: "/w/card.img", qemu: Self.qemu, fast: true, logPath: "/w/logs/boot.log")
        #expect(chosen.marker == "BOARD-UP")
        #expect(chosen.timeoutSeconds == 45)
        #expect(chosen.ram == "768M")
        #expect(chosen.uBoot == "/opt/u-boot.bin")
        #expect(chosen.fast)
        #expect(chosen.workDirectory == "/w/logs")
    }

    @Test func explicitValuesWinOverTheProfile() {
        let chosen = BootTestConfiguration.choosing(
            diskImage: "/w/card.img", qemu: Self.qemu, marker: "MINE", timeoutSeconds: 5, ramMiB: 256, fast: false,
            environmentOverrides: ["bootdelay=1"], uBoot: "/tmp/u.bin", logPath: "/w/card.img.console.log")
        #expect(chosen.marker == "MINE")
        #expect(chosen.timeoutSeconds == 5)
        #expect(chosen.ram == "256M")
        #expect(chosen.uBoot == "/tmp/u.bin")
        #expect(chosen.environmentOverrides == ["bootdelay=1"])
    }

    @Test func withoutAProfileTheDefaultsApply() {
        let chosen = BootTestConfiguration.choosing(diskImage: "img", qemu: nil, fast: false, logPath: "img.console.log")
        #expect(chosen.marker == MarkerInitramfs.defaultMarker)
        #expect(chosen.timeoutSeconds == 60)
        #expect(chosen.ram == "512M")
        #expect(chosen.uBoot == QemuInvocation.debianUBoot)
    }
}
