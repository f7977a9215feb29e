import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// A boot partition too small for the new kernel: refused before the first write, and when the disk fills
/// up mid-install anyway (free space misreported), the temporaries are removed and every file is as before.
@Suite("A full boot partition keeps its old state", .tags(.realProcess))
struct FullPartitionTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    @Test("the space check refuses before writing: the image is byte-identical")
    func refusedUpFront() throws {
        let image = try fixtures.image("tiny.img", sizeMiB: 2)
        let partition = try fixtures.open(image)
        let installer = KernelInstaller(partition: partition, scripts: fixtures.maker(profile))
        let old = try fixtures.build("3.11-rc7", profile: profile, kernelBytes: 300_000)
        try installer.install(spec: old.spec, version: old.version, kernelRelease: old.release)
        let big = try fixtures.build("3.12.3", profile: profile, kernelBytes: 1_800_000)
        let before = try Data(contentsOf: URL(fileURLWithPath: image.path))
        #expect {
            try installer.install(spec: big.spec, version: big.version, kernelRelease: big.release)
        } throws: { error in
            guard case .noSpace(_, let detail) = error as? BootPartitionError else { return false }
            return detail.contains("nothing was written")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image.path)) == before)
    }

    @Test("the disk fills up mid-install: temporaries removed, every file unchanged, old kernel boots")
    func fillsUpMidway() throws {
        let image = try fixtures.image("fills.img", sizeMiB: 2)
        let real = try fixtures.open(image)
        let old = try fixtures.build("3.11-rc7", profile: profile, kernelBytes: 300_000)
        try KernelInstaller(partition: real, scripts: fixtures.maker(profile)).install(
            spec: old.spec, version: old.version, kernelRelease: old.release)
        let before = try PartitionFixtures.snapshot(real)

        // The kernel fits, the initrd does not: the failure comes after a real write.
        let big = try fixtures.build("3.12.3", profile: profile, kernelBytes: 900_000)
        var padded = big.spec
        let fatInitrd = fixtures.root + "/fat-uInitrd"
        try Data(count: 900_000).write(to: URL(fileURLWithPath: fatInitrd))
        padded.files[1].source = fatInitrd
        let lying = DyingPartition(real, survivingChanges: nil)
        lying.fakeFreeBytes = 64 << 20
        #expect {
            try KernelInstaller(partition: lying, scripts: fixtures.maker(profile)).install(
                spec: padded, version: big.version, kernelRelease: big.release)
        } throws: { error in
            if case .noSpace = error as? BootPartitionError { return true }
            return false
        }
        #expect(
            lying.log.contains { $0.hasPrefix("copy uImage-3.12.3") || $0.hasPrefix("write uImage-3.12.3") },
            "a real write happened first: \(lying.log)")
        #expect(try PartitionFixtures.snapshot(real) == before)
        #expect(try BootVerifier(partition: real, profile: profile, runner: fixtures.runner).verify().bootVersions == ["3.11-rc7"])
    }
}
