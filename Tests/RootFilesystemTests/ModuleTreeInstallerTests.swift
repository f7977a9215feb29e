import Foundation
import OdroidProcess
import RootFilesystem
import Testing
import TestSupport

/// Modules into a root filesystem, the same transaction on both backends: never a half-written tree under
/// the live name, the host's build/source links left out, a killed run repaired, another release untouched.
@Suite("Installing a kernel release's modules into a root filesystem", .tags(.realProcess))
struct ModuleTreeInstallerTests {
    @Test func installReplaceAndRemoveOnBothBackends() throws {
        let fixtures = try RootFixtures()
        let config = fixtures.path("config")
        try "CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_ZSTD=y\n".write(toFile: config, atomically: true, encoding: .utf8)
        for (name, filesystem, card) in try fixtures.bothBackends() {
            let installer = ModuleTreeInstaller(filesystem: filesystem)
            let first = try installer.install(
                release: "6.1.192", staged: try fixtures.stagedModules(release: "6.1.192", marker: "one"), kernelConfig: config)
            #expect(first.relative == "usr/lib/modules/6.1.192", "\(name): merged /usr")
            #expect(try installer.holds(release: "6.1.192"), "\(name)")
            #expect(try filesystem.entryKind(first.appending("build")) == nil, "\(name): the host's build link stays behind")
            #expect(try filesystem.entryKind(first.appending("source")) == nil, "\(name)")
            #expect(
                try filesystem.read(try RootPath("boot/config-6.1.192")) == (try Data(contentsOf: URL(fileURLWithPath: config))), "\(name)")
            _ = try installer.install(release: "6.0.1", staged: try fixtures.stagedModules(release: "6.0.1"), kernelConfig: nil)

            // The same release again, with other bytes: replaced whole, nothing left aside.
            _ = try installer.install(
                release: "6.1.192", staged: try fixtures.stagedModules(release: "6.1.192", marker: "two"), kernelConfig: config)
            let module = try filesystem.read(first.appending(try RootPath("kernel/fs/ext4/ext4.ko")))
            #expect(String(decoding: module, as: UTF8.self).hasSuffix("two"), "\(name)")
            #expect(try filesystem.entries(in: first.parent) == ["6.0.1", "6.1.192"], "\(name)")

            try installer.remove(release: "6.1.192")
            #expect(try !installer.holds(release: "6.1.192"), "\(name)")
            #expect(try filesystem.entryKind(try RootPath("boot/config-6.1.192")) == nil, "\(name)")
            #expect(try installer.holds(release: "6.0.1"), "\(name): another release is never touched")
            if let card { #expect(try fixtures.fsckClean(card).clean, "\(name)") }
        }
    }

    @Test("a run killed between the two renames is repaired: the old tree comes back, a half copy goes")
    func recoversFromAKilledRun() throws {
        let fixtures = try RootFixtures()
        for (name, filesystem, card) in try fixtures.bothBackends() {
            let installer = ModuleTreeInstaller(filesystem: filesystem)
            let live = try installer.install(
                release: "5.10.0", staged: try fixtures.stagedModules(release: "5.10.0", marker: "old"), kernelConfig: nil)
            // What a kill after "rename live aside" and during the copy of the new tree leaves.
            try filesystem.rename(live, to: live.parent.appending("5.10.0" + ModuleTreeInstaller.oldSuffix))
            try filesystem.copyTree(
                local: try fixtures.stagedModules(release: "5.10.0", modules: ["kernel/half.ko"]),
                to: live.parent.appending("5.10.0" + ModuleTreeInstaller.newSuffix))
            #expect(try !installer.holds(release: "5.10.0"), "\(name)")
            _ = try installer.install(
                release: "5.10.0", staged: try fixtures.stagedModules(release: "5.10.0", marker: "new"), kernelConfig: nil)
            #expect(try filesystem.entries(in: live.parent) == ["5.10.0"], "\(name): no leftovers")
            #expect(
                String(decoding: try filesystem.read(live.appending(try RootPath("kernel/fs/ext4/ext4.ko"))), as: UTF8.self).hasSuffix(
                    "new"), "\(name)")
            if let card { #expect(try fixtures.fsckClean(card).clean, "\(name)") }
        }
    }

    @Test("a release that is not a plain directory name is refused", arguments: ["../etc", "a/b", "has space", ".."])
    func badRelease(_ release: String) throws {
        let fixtures = try RootFixtures()
        let installer = ModuleTreeInstaller(filesystem: try MountedRootFilesystem(root: try fixtures.debianTree()))
        #expect(throws: RootFilesystemError.self) { try installer.modulesPath(release: release) }
    }
}

@Suite("What the board's generator reads, as a digest", .tags(.realProcess))
struct GeneratorInputsTests {
    @Test("another card, an edited initramfs configuration or changed packages change the digest; nothing else does")
    func digestFollowsTheConfiguration() throws {
        let fixtures = try RootFixtures("generator-inputs")
        for (name, filesystem, _) in try fixtures.bothBackends() {
            try filesystem.makeDirectory(try RootPath("etc/initramfs-tools"))
            try filesystem.createFile(Data("MODULES=most\n".utf8), at: try RootPath("etc/initramfs-tools/initramfs.conf"), mode: 0o644)
            let first = try GeneratorInputs.digest(of: filesystem)
            #expect(try GeneratorInputs.digest(of: filesystem) == first, "\(name): stable")
            _ = try ModuleTreeInstaller(filesystem: filesystem).install(
                release: "6.1.192", staged: try fixtures.stagedModules(release: "6.1.192"), kernelConfig: nil)
            #expect(try GeneratorInputs.digest(of: filesystem) == first, "\(name): installing modules is not a configuration change")
            try filesystem.makeDirectory(try RootPath("etc/initramfs-tools/conf.d"))
            try filesystem.createFile(Data("MODULES=list\n".utf8), at: try RootPath("etc/initramfs-tools/conf.d/zz-user.conf"), mode: 0o644)
            let edited = try GeneratorInputs.digest(of: filesystem)
            #expect(edited != first, "\(name): a user's MODULES=list makes another initramfs")
            try FileManager.default.createDirectory(atPath: fixtures.path("dpkg"), withIntermediateDirectories: true)
            _ = try filesystem.directoryCreatingParents(try RootPath("var/lib/dpkg"))
            try filesystem.createFile(Data("Package: initramfs-tools\n".utf8), at: try RootPath("var/lib/dpkg/status"), mode: 0o644)
            #expect(try GeneratorInputs.digest(of: filesystem) != edited, "\(name): package changes count")
        }
    }
}
