import BootPartition
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// `verify` says no, with the reason, for each way a partition fails to boot; and only warns about names
/// that differ only in case, which FAT (and u-boot's fatload) still match.
@Suite("verify finds what would stop a boot", .tags(.realProcess))
struct VerifyTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    /// A partition with `build` installed, then `damage` applied to it.
    func verify(_ build: PartitionFixtures.Build, damage: (MtoolsImagePartition) throws -> Void = { _ in }) throws -> VerifyReport {
        let partition = try fixtures.open(try fixtures.image("v-\(UUID().uuidString.prefix(6)).img"))
        try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
            spec: build.spec, version: build.version, kernelRelease: build.release)
        try damage(partition)
        return try BootVerifier(partition: partition, profile: profile, runner: fixtures.runner).verify()
    }

    func messages(_ report: VerifyReport) -> String { report.errors.map(\.description).joined(separator: "\n") }

    @Test("a sound install is bootable")
    func sound() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile))
        #expect(report.isBootable, "\(report.findings)")
        #expect(report.bootVersions == ["3.12.3"])
    }

    @Test("a missing initrd")
    func missingFile() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { try $0.delete("uInitrd-3.12.3") }
        #expect(!report.isBootable)
        #expect(messages(report).contains("uInitrd-3.12.3: error: boot.ini line"))
    }

    @Test("a kernel whose data CRC no longer matches")
    func corruptKernel() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { partition in
            var bytes = try partition.read("uImage-3.12.3")
            bytes[1000] ^= 0xff
            try partition.write(bytes, to: "uImage-3.12.3")
        }
        #expect(messages(report).contains("data CRC mismatch"))
    }

    @Test("a uImage built with another LOADADDR")
    func wrongLoadAddress() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile, loadAddress: "0x40080000"))
        #expect(messages(report).contains("load address is 0x40080000, expected 0x40008000"))
    }

    @Test("an initrd with the modules of another kernel release")
    func otherRelease() throws {
        let report = try verify(try fixtures.build("3.12.3", release: "3.12.3-a", profile: profile, initrdRelease: "3.11.0-b"))
        #expect(messages(report).contains("modules for 3.11.0-b, not for the kernel's release 3.12.3-a"))
    }

    @Test("an initrd loaded into the kernel's window")
    func overlap() throws {
        // A hand edit puts the initrd 64 KiB above the 120 KB uImage at 0x43000000.
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { partition in
            let text = String(decoding: try partition.read("boot.ini"), as: UTF8.self).replacingOccurrences(
                of: "0x46000000", with: "0x43010000")
            try partition.write(Data(text.utf8), to: "boot.ini")
        }
        #expect(messages(report).contains("kernel image (as loaded) 0x43000000"))
        #expect(messages(report).contains("overlaps initramfs 0x43010000"))
    }

    @Test("a boot script the 2012.07 parser rejects")
    func lint() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { partition in
            let text = String(decoding: try partition.read("boot.ini"), as: UTF8.self)
            try partition.write(
                Data(("ODROIDXU-UBOOT-CONFIG \n" + text.split(separator: "\n").dropFirst().joined(separator: "\n")).utf8), to: "boot.ini")
        }
        #expect(messages(report).contains("trailing blanks"))
    }

    @Test("a name that differs only in case boots, with a warning")
    func caseOnly() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { partition in
            let kernel = try partition.read("uImage-3.12.3")
            try partition.delete("uImage-3.12.3")
            try partition.write(kernel, to: "UIMAGE-3.12.3")
        }
        #expect(report.isBootable, "\(report.findings)")
        #expect(report.findings.contains { $0.severity == .warning && $0.message.contains("found as UIMAGE-3.12.3") })
    }

    @Test("no boot script at all")
    func noScript() throws {
        let report = try verify(try fixtures.build("3.12.3", profile: profile)) { try $0.delete("boot.ini") }
        #expect(messages(report).contains("no boot script"))
    }
}

/// Names FAT cannot tell apart, and directories that are not a FAT partition, are refused before writing.
@Suite("Refusals: case collisions and non-FAT targets", .tags(.realProcess))
struct RefusalTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    @Test("a hand-copied file whose name differs only in case blocks the install")
    func caseCollision() throws {
        let image = try fixtures.image("case.img")
        let partition = try fixtures.open(image)
        try partition.write(Data("by hand".utf8), to: "uimage-3.12.3")
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))
        let build = try fixtures.build("3.12.3", profile: profile)
        #expect {
            try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
                spec: build.spec, version: build.version, kernelRelease: nil)
        } throws: { error in
            guard case .refused(let why) = error as? BootPartitionError else { return false }
            return why.contains("uimage-3.12.3, which FAT treats as the same name as uImage-3.12.3")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before)
    }

    @Test("a version that differs only in case from an installed one is refused")
    func versionCase() throws {
        let partition = try fixtures.open(try fixtures.image("vcase.img"))
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let lower = try fixtures.build("3.13-rc1", profile: profile)
        try installer.install(spec: lower.spec, version: lower.version, kernelRelease: nil)
        let upper = try fixtures.build("3.13-RC1", profile: profile)
        #expect(throws: BootPartitionError.self) { try installer.install(spec: upper.spec, version: upper.version, kernelRelease: nil) }
    }

    @Test("a directory with nothing mounted on it, and an ext4 mount, are refused")
    func nonFAT() throws {
        // The fixtures directory lives on the filesystem of its parent: not a mount point.
        #expect {
            try MountedBootPartition(root: fixtures.root)
        } throws: { "\($0)".contains("is not a mount point") }
        // "/" is a mount point, and not FAT on this machine.
        #expect {
            try MountedBootPartition(root: "/")
        } throws: { "\($0)".contains("is not a FAT filesystem (statfs type 0x") }
        #expect(throws: Never.self) { try MountedBootPartition(root: fixtures.root, allowNonFAT: true) }
    }

    @Test("the refusal rules", .tags(.pure))
    func rules() {
        #expect(MountCheck(path: "/boot/uboot", filesystemType: 0x4d44, isMountPoint: true).refusal(allowNonFAT: false) == nil)
        #expect(
            MountCheck(path: "/boot/uboot", filesystemType: 0xef53, isMountPoint: false).refusal(allowNonFAT: false)?.contains(
                "not a mount point") == true)
        #expect(
            MountCheck(path: "/boot/uboot", filesystemType: 0xef53, isMountPoint: true).refusal(allowNonFAT: false)?.contains("not a FAT")
                == true)
        #expect(MountCheck(path: "/boot/uboot", filesystemType: 0xef53, isMountPoint: false).refusal(allowNonFAT: true) == nil)
    }
}
