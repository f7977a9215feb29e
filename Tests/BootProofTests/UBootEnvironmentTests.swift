import BootProof
import Foundation
import OdroidProcess
import TestSupport
import Testing
import UBootImage

@Suite("u-boot default environment and overrides", .tags(.pure))
struct UBootEnvironmentTests {
    /// A binary with some code bytes, then a default_environment block ending in an empty string.
    static let binary = Data(
        [0x7F, 0x45, 0x10, 0x00] + Array("bootcmd=run distro_bootcmd\0bootdelay=2\0a=1\0b=2\0c=x y\0\0".utf8) + [0xAA, 0x00, 0x41])

    @Test func defaultEnvironmentIsReadUpToTheEmptyEntry() throws {
        let env = try UBootEnvironment.builtInDefault(in: Self.binary)
        #expect(env.variables.map(\.name) == ["bootcmd", "bootdelay", "a", "b", "c"])
        #expect(env["c"] == "x y")
    }

    @Test func overridesReplaceInPlaceAndAppendNewNames() throws {
        let env = try UBootEnvironment.builtInDefault(in: Self.binary).applying(
            try UBootEnvironment.overrides(["bootdelay=0", "boot_targets=virtio0"]))
        #expect(env.variables.map(\.name) == ["bootcmd", "bootdelay", "a", "b", "c", "boot_targets"])
        #expect(try env.mkenvimageText().hasPrefix("bootcmd=run distro_bootcmd\nbootdelay=0\n"))
    }

    @Test func badInputIsRejected() {
        #expect(throws: BootProofError.self) { try UBootEnvironment.builtInDefault(in: Data("no env here".utf8)) }
        #expect(throws: BootProofError.self) { try UBootEnvironment.overrides(["=value"]) }
        #expect(throws: BootProofError.self) { try UBootEnvironment.overrides(["novalue"]) }
        #expect(throws: BootProofError.self) { try UBootEnvironment(variables: [("a", "1\n2")]).mkenvimageText() }
    }
}

@Suite("QEMU command line", .tags(.pure))
struct QemuInvocationTests {
    @Test func diskIsReadOnlyVirtioAndFlashGoesToBankOne() {
        var invocation = QemuInvocation(diskImage: "/w/boot.img", ram: "512M", environmentFlash: "/w/env.img")
        invocation.uBoot = "/u.bin"
        #expect(
            invocation.command.argv == [
                "qemu-system-arm", "-M", "virt", "-m", "512M", "-nographic", "-no-reboot", "-nic", "none", "-bios", "/u.bin",
                "-drive", "if=none,file=/w/boot.img,format=raw,id=boot0,snapshot=on", "-device", "virtio-blk-device,drive=boot0",
                "-drive", "if=pflash,unit=1,format=raw,readonly=on,file=/w/env.img",
            ])
        invocation.environmentFlash = nil
        #expect(!invocation.command.argv.contains { $0.contains("pflash") })
    }

    @Test func fastConfigurationAddsTheFlashOverrides() throws {
        var configuration = BootTestConfiguration(diskImage: "/w/boot.img", marker: "M", logPath: "/w/c.log", workDirectory: "/w")
        #expect(try BootProver().invocation(for: configuration).environmentFlash == nil)
        configuration.fast = true
        configuration.environmentOverrides = ["x=1"]
        #expect(try configuration.flashOverrides().map(\.name) == ["bootdelay", "boot_targets", "x"])
        #expect(try BootProver().invocation(for: configuration).environmentFlash == "/w/u-boot-env.img")
    }
}

@Suite("Environment flash with the real u-boot.bin and mkenvimage", .tags(.realProcess))
struct EnvironmentFlashTests {
    @Test func flashHoldsDefaultsWithOverridesAndIsABankLong() throws {
        let dir = try ProofWorkspace.directory("env-flash")
        let output = dir + "/env.img"
        let env = try EnvironmentFlashBuilder(runner: SpawnRunner()).build(
            uBoot: QemuInvocation.debianUBoot, overrides: EnvironmentFlashBuilder.fastBoot, output: output)
        #expect(env["bootcmd"] == "run distro_bootcmd")
        #expect(env["bootdelay"] == "0")
        #expect(env["boot_targets"] == "virtio0")
        #expect(env["kernel_addr_r"] == "0x40400000")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(bytes.count == 64 * 1024 * 1024)
        #expect(bytes.range(of: Data("\0bootdelay=0\0".utf8)) != nil)
        #expect(bytes.range(of: Data("boot_targets=virtio0\0".utf8)) != nil)
        // mkenvimage's header: CRC32 (little-endian) of the 0x40000 - 4 bytes of variables that follow.
        let stored = bytes[0..<4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        #expect(stored == CRC32.checksum(bytes[4..<0x40000]))
    }
}
