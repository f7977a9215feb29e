import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// kill -9 at every point of an install: the run stops after its k-th change to the partition (k = 0, 1,
/// ... until a run completes), nothing more happens (no cleanup), and then `verify` on the real image must
/// pass, booting either the old or the new kernel, never neither.
@Suite("Killed installs leave a bootable partition", .tags(.realProcess))
struct KillPointTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    /// Runs `change` against copies of `base` killed after each k; returns the version booting after each
    /// kill point (the last entry: the run that finished).
    func sweep(base: FatImage, name: String, allowed: Set<String>, change: (any BootPartition) throws -> Void) throws -> [String] {
        var k = 0
        var booted: [String] = []
        while true {
            let copy = "\(fixtures.root)/\(name)-\(k).img"
            try FileManager.default.copyItem(atPath: base.path, toPath: copy)
            let real = try MtoolsImagePartition(imagePath: copy, runner: fixtures.runner, scratchDirectory: fixtures.root)
            let dying = DyingPartition(real, survivingChanges: k)
            var finished = true
            do { try change(dying) } catch { finished = false }
            let report = try BootVerifier(partition: real, profile: profile, runner: fixtures.runner).verify()
            #expect(report.isBootable, "killed after \(k) changes (\(dying.log.last ?? "none")): \(report.findings)")
            #expect(
                report.bootVersions.count == 1 && allowed.contains(report.bootVersions[0]),
                "killed after \(k) changes: boots \(report.bootVersions)")
            booted.append(report.bootVersions.first ?? "none")
            try FileManager.default.removeItem(atPath: copy)
            if finished { return booted }
            k += 1
            if k > 60 {
                Issue.record("the run never finished")
                return booted
            }
        }
    }

    @Test("installing a second kernel: every kill point boots 3.11-rc7 or 3.12.3")
    func secondKernel() throws {
        let base = try fixtures.image("base.img", sizeMiB: 4)
        let old = try fixtures.build("3.11-rc7", profile: profile, kernelBytes: 20_000)
        let new = try fixtures.build("3.12.3", profile: profile, kernelBytes: 20_000)
        try KernelInstaller(partition: fixtures.open(base), scripts: fixtures.maker(profile)).install(
            spec: old.spec, version: old.version, kernelRelease: old.release)
        let points = try sweep(base: base, name: "second", allowed: ["3.11-rc7", "3.12.3"]) { partition in
            try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
                spec: new.spec, version: new.version, kernelRelease: new.release)
        }
        // 15 changes: mkdir dtbs/3.12.3, 3 writes, 3 renames, then write+rename of the manifest, the backup,
        // the script and the manifest again. Old until the script's rename (the 13th), new from then on.
        #expect(points.count == 16)
        #expect(points == Array(repeating: "3.11-rc7", count: 13) + Array(repeating: "3.12.3", count: 3))
    }

    @Test("rebuilding the kernel that boots: another kernel boots while its files change")
    func sameVersionAgain() throws {
        let base = try fixtures.image("again.img", sizeMiB: 4)
        let old = try fixtures.build("3.11-rc7", profile: profile, kernelBytes: 20_000)
        let first = try fixtures.build("3.12.3", profile: profile, kernelBytes: 20_000)
        let rebuilt = try fixtures.build("3.12.3", release: "3.12.3-rebuilt", profile: profile, kernelBytes: 21_000)
        let setup = KernelInstaller(partition: try fixtures.open(base), scripts: fixtures.maker(profile))
        try setup.install(spec: old.spec, version: old.version, kernelRelease: old.release)
        try setup.install(spec: first.spec, version: first.version, kernelRelease: first.release)
        let points = try sweep(base: base, name: "again", allowed: ["3.11-rc7", "3.12.3"]) { partition in
            try KernelInstaller(partition: partition, scripts: fixtures.maker(profile)).install(
                spec: rebuilt.spec, version: rebuilt.version, kernelRelease: rebuilt.release)
        }
        // The interim script (booting 3.11-rc7) goes live before any 3.12.3 file changes.
        #expect(points.count > 10)
        #expect(points.first == "3.12.3" && points.last == "3.12.3" && points.contains("3.11-rc7"))
    }

    @Test("default and rollback killed at every point")
    func switching() throws {
        let base = try fixtures.image("switch.img", sizeMiB: 4)
        let setup = KernelInstaller(partition: try fixtures.open(base), scripts: fixtures.maker(profile))
        for version in ["3.11-rc7", "3.12.3"] {
            let build = try fixtures.build(version, profile: profile, kernelBytes: 20_000)
            try setup.install(spec: build.spec, version: version, kernelRelease: build.release)
        }
        let points = try sweep(base: base, name: "rollback", allowed: ["3.11-rc7", "3.12.3"]) { partition in
            try KernelManager(partition: partition, scripts: fixtures.maker(profile)).rollback()
        }
        // Backup, script, manifest: write + rename each; 3.11-rc7 boots from the script's rename on.
        #expect(points == ["3.12.3", "3.12.3", "3.12.3", "3.12.3", "3.11-rc7", "3.11-rc7", "3.11-rc7"])
    }
}
