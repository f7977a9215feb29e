import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import RootFilesystem
import TestSupport
import Testing

/// The rootfs-install step as the standalone script prints it, run by sh with the real debugfs on a real
/// card whose name holds what debugfs and the shell would misread: the modules land, the card stays clean.
@Suite("The printed rootfs-install step runs", .tags(.realProcess))
struct PrintedRootInstallTests {
    @Test func printedStepInstallsModulesIntoACardWithAHostileName() throws {
        let fixtures = try RootFixtures("printed-root")
        let card = try fixtures.card("card ?offset=0 $(touch PWNED).img", tree: try fixtures.debianTree())
        let staged = try fixtures.stagedModules(release: "6.1.192")
        let work = fixtures.path("work")
        try FileManager.default.createDirectory(atPath: "\(work)/build", withIntermediateDirectories: true)
        try "CONFIG_BLK_DEV_INITRD=y\n".write(toFile: "\(work)/build/.config", atomically: true, encoding: .utf8)
        // The staging directory the plan names: <work>/modules/lib/modules/<release>.
        try FileManager.default.createDirectory(atPath: "\(work)/modules/lib/modules", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: staged, toPath: "\(work)/modules/lib/modules/6.1.192")

        let catalog = ProfileCatalog(directories: [Repository.root + "/profiles"])
        let profile = try ProfileResolver(catalog: catalog).resolve("odroidxu4")
        let options = PlanOptions(
            kernelVersion: "6.1", workDirectory: work, cacheDirectory: fixtures.path("cache"), hostArch: "x86_64", cpuCount: 2,
            rootTarget: .image(path: card.path, offset: card.rootOffset, partition: 2))
        let script = PlanPrinter(plan: PlanBuilder(profile: profile, options: options).build()).standaloneScript()
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.contains("] rootfs-install:") })
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("# [") } ?? lines.endIndex
        let step = "set -eu\nKERNELRELEASE=6.1.192\n" + lines[start..<end].joined(separator: "\n") + "\n"
        let result = try SpawnRunner().run(Command(["sh", "-c", step], workingDirectory: fixtures.root))
        #expect(result.succeeded, "\(step)\n\(result.stderrText)")

        let filesystem = try Ext4ImageRootFilesystem(imagePath: card.path, offset: card.rootOffset, runner: fixtures.runner)
        #expect(try ModuleTreeInstaller(filesystem: filesystem).holds(release: "6.1.192"))
        #expect(try filesystem.entryKind(try RootPath("usr/lib/modules/6.1.192/build")) == nil, "the host link is pruned")
        #expect(try filesystem.read(try RootPath("boot/config-6.1.192")) == Data("CONFIG_BLK_DEV_INITRD=y\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: fixtures.path("PWNED")))
        let fsck = try fixtures.fsckClean(card)
        #expect(fsck.clean, "\(fsck.output)")
    }
}
