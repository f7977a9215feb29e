import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// The "done when" of issue 4 on a real FAT image written through mtools: 3.11-rc7 and 3.12.3 side by side,
/// switch, roll back, remove one, verify at every step.
@Suite("Install, switch, roll back, remove on a real FAT image", .tags(.realProcess))
struct InstallLifecycleTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    func verify(_ partition: any BootPartition) throws -> VerifyReport {
        try BootVerifier(partition: partition, profile: profile, runner: fixtures.runner).verify()
    }

    @Test("two kernels side by side, default, rollback, remove")
    func lifecycle() throws {
        let image = try fixtures.image("boot.img", sizeMiB: 8)
        let partition = try fixtures.open(image)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let manager = KernelManager(partition: partition, scripts: fixtures.maker(profile))
        let old = try fixtures.build("3.11-rc7", profile: profile)
        let new = try fixtures.build("3.12.3", release: "3.12.3-78393-g3886709", profile: profile)

        let first = try installer.install(spec: old.spec, version: old.version, kernelRelease: old.release)
        #expect(first.written == ["uImage-3.11-rc7", "uInitrd-3.11-rc7", "dtbs/3.11-rc7/exynos5410-odroidxu.dtb"])
        #expect(try verify(partition).isBootable)

        let second = try installer.install(spec: new.spec, version: new.version, kernelRelease: new.release)
        #expect(second.previousDefault == "3.11-rc7")
        var listing = try manager.list()
        #expect(listing.kernels.map(\.record.version) == ["3.11-rc7", "3.12.3"])
        #expect(listing.defaultVersion == "3.12.3")
        #expect(listing.rollbackTarget == "3.11-rc7")
        #expect(listing.kernels.allSatisfy { $0.missingFiles.isEmpty })
        let report = try verify(partition)
        #expect(report.isBootable, "\(report.findings)")
        #expect(report.bootVersions == ["3.12.3"])
        // The first kernel's files are untouched beside the second (each has its own dtb).
        #expect(
            try partition.read("dtbs/3.11-rc7/exynos5410-odroidxu.dtb")
                == (try Data(contentsOf: URL(fileURLWithPath: old.spec.files[2].source))))
        // The previous script was kept.
        let backup = String(decoding: try partition.read("boot.ini.bak"), as: UTF8.self)
        #expect(backup.contains("uImage-3.11-rc7"))

        try manager.setDefault("3.11-rc7")
        #expect(try manager.list().defaultVersion == "3.11-rc7")
        #expect(try verify(partition).bootVersions == ["3.11-rc7"])

        #expect(try manager.rollback() == "3.12.3")
        listing = try manager.list()
        #expect(listing.defaultVersion == "3.12.3")

        #expect(throws: BootPartitionError.self) { try manager.remove("3.12.3") }
        try manager.remove("3.11-rc7")
        #expect(try partition.entry(at: "uImage-3.11-rc7") == nil)
        #expect(try partition.entry(at: "dtbs/3.11-rc7") == nil)
        listing = try manager.list()
        #expect(listing.kernels.map(\.record.version) == ["3.12.3"])
        #expect(listing.rollbackTarget == nil)
        #expect(try verify(partition).isBootable)
        #expect(throws: BootPartitionError.self) { try manager.rollback() }
    }

    @Test("installing the same build again rewrites nothing")
    func identicalReinstall() throws {
        let image = try fixtures.image("same.img")
        let partition = try fixtures.open(image)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let build = try fixtures.build("3.12.3", profile: profile)
        try installer.install(spec: build.spec, version: build.version, kernelRelease: build.release)
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))
        let again = try installer.install(spec: build.spec, version: build.version, kernelRelease: build.release)
        #expect(again.written.isEmpty)
        #expect(!again.scriptChanged)
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before)
    }

    @Test("a FAT partition inside an MBR disk image, found by partition number")
    func partitionNumber() throws {
        let image = try fixtures.image("disk.img", sizeMiB: 10, layout: .mbr(startSector: 2048))
        let partition = try MtoolsImagePartition(
            imagePath: image.path, partition: 1, runner: fixtures.runner, scratchDirectory: fixtures.root)
        #expect(partition.offset == 1_048_576)
        let build = try fixtures.build("3.12.3", profile: profile)
        try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
            spec: build.spec, version: build.version, kernelRelease: build.release)
        #expect(try verify(partition).isBootable)
        #expect(throws: BootPartitionError.self) { try MtoolsImagePartition(imagePath: image.path, partition: 2, runner: fixtures.runner) }
    }

    @Test("a disk image with one FAT partition opens without naming it; a bare image stays at offset 0")
    func solePartitionFound() throws {
        let disk = try fixtures.image("sole.img", sizeMiB: 10, layout: .mbr(startSector: 4096))
        #expect(try MtoolsImagePartition(imagePath: disk.path, runner: fixtures.runner, scratchDirectory: fixtures.root).offset == 2 << 20)
        let bare = try fixtures.image("bare.img")
        #expect(MBRPartitionTable.soleFATPartition(imagePath: bare.path) == nil, "a FAT boot sector also ends in 55 AA")
        #expect(try MtoolsImagePartition(imagePath: bare.path, runner: fixtures.runner, scratchDirectory: fixtures.root).offset == 0)
    }

    @Test("a missing built file is bad input and changes nothing")
    func missingSource() throws {
        let image = try fixtures.image("missing.img")
        let partition = try fixtures.open(image)
        var build = try fixtures.build("3.12.3", profile: profile)
        build.spec.files[1].source += ".gone"
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))
        #expect {
            try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
                spec: build.spec, version: build.version, kernelRelease: nil)
        } throws: { error in (error as? BootPartitionError)?.isBadInput == true && "\(error)".contains("uInitrd.gone") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before)
    }

    @Test("the mounted-directory backend: side by side, verify, rollback, kill sweep")
    func mountedDirectory() throws {
        let directory = fixtures.root + "/mounted"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partition = try MountedBootPartition(root: directory, allowNonFAT: true)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let old = try fixtures.build("3.11-rc7", profile: profile)
        let new = try fixtures.build("3.12.3", profile: profile)
        try installer.install(spec: old.spec, version: old.version, kernelRelease: old.release)
        // Kill the second install after each change; the directory is restored from a copy each time.
        let pristine = fixtures.root + "/mounted-pristine"
        try FileManager.default.copyItem(atPath: directory, toPath: pristine)
        var k = 0
        while true {
            try FileManager.default.removeItem(atPath: directory)
            try FileManager.default.copyItem(atPath: pristine, toPath: directory)
            let dying = DyingPartition(try MountedBootPartition(root: directory, allowNonFAT: true), survivingChanges: k)
            let finished =
                (try? KernelInstaller(partition: dying, scripts: fixtures.maker(profile)).install(
                    spec: new.spec, version: new.version, kernelRelease: new.release)) != nil
            // The directory was replaced: open it again (a partition value holds the directory it opened).
            let report = try verify(try MountedBootPartition(root: directory, allowNonFAT: true))
            #expect(report.isBootable && [["3.11-rc7"], ["3.12.3"]].contains(report.bootVersions), "killed after \(k): \(report.findings)")
            if finished { break }
            k += 1
        }
        #expect(k == 15)
        let final = try MountedBootPartition(root: directory, allowNonFAT: true)
        #expect(try verify(final).bootVersions == ["3.12.3"])
        #expect(try KernelManager(partition: final, scripts: fixtures.maker(profile)).rollback() == "3.11-rc7")
        #expect(try verify(final).bootVersions == ["3.11-rc7"])
    }
}
