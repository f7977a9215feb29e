import Foundation
import OdroidProcess
import RootFilesystem
import Testing
import TestSupport

/// A whole card from a root filesystem tarball, made with the real sfdisk, mkfs.vfat, tar and mke2fs (no
/// mount), then read back with the real blkid-free tools (the MBR in Swift, debugfs, e2fsck, mtools).
@Suite("Card images from a root filesystem tarball", .tags(.realProcess))
struct CardImageBuilderTests {
    /// A small tarball shaped like mmdebstrap's: owners root, a locked root account, a device node.
    static func tarball(_ fixtures: RootFixtures) throws -> String {
        let tree = try fixtures.debianTree("tar-tree")
        try "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n".write(
            toFile: "\(tree)/etc/shadow", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(tree)/dev", withIntermediateDirectories: true)
        let tarball = fixtures.path("rootfs.tar")
        try fixtures.tool(["tar", "--numeric-owner", "--owner=0", "--group=0", "-cf", tarball, "-C", tree, "."])
        return tarball
    }

    @Test func aCardHasBothPartitionsAndKnowsItself() throws {
        let fixtures = try RootFixtures("card")
        let image = fixtures.path("card.img")
        let layout = CardImageBuilder.Layout(bootOffset: 2 << 20, bootBytes: 32 << 20, totalBytes: 160 << 20)
        let identity = CardImageBuilder.Identity(
            hostname: "odroidxu4", bootMount: "/media/boot",
            rootUUID: "9f0c3a1e-2b4d-4e6f-8a1b-2c3d4e5f6a7b", bootVolumeID: "A1B2C3D4")
        try CardImageBuilder(runner: fixtures.runner).create(
            path: image, tarball: try Self.tarball(fixtures), layout: layout, identity: identity,
            scratch: fixtures.path("scratch"))
        #expect(!FileManager.default.fileExists(atPath: fixtures.path("scratch")), "the unpacked tree is deleted")
        let root = try #require(try RootPartitionLocator.find(imagePath: image))
        #expect(root.number == 2)
        #expect(root.byteOffset == 34 << 20, "the root starts right after the boot partition, on a MiB boundary")
        #expect(root.uuid == identity.rootUUID)
        let card = RootFixtures.Card(path: image, rootOffset: root.byteOffset, uuid: root.uuid)
        #expect(try fixtures.fsckClean(card).clean)

        let filesystem = try Ext4ImageRootFilesystem(imagePath: image, offset: root.byteOffset, partition: 2, runner: fixtures.runner)
        let fstab = String(decoding: try filesystem.read(try RootPath("etc/fstab")), as: UTF8.self)
        #expect(fstab.contains("UUID=9f0c3a1e-2b4d-4e6f-8a1b-2c3d4e5f6a7b / ext4 errors=remount-ro 0 1"))
        #expect(fstab.contains("UUID=A1B2-C3D4 /media/boot vfat defaults,nofail 0 2"))
        #expect(try filesystem.read(try RootPath("etc/hostname")) == Data("odroidxu4\n".utf8))
        let shadow = String(decoding: try filesystem.read(try RootPath("etc/shadow")), as: UTF8.self)
        #expect(shadow.hasPrefix("root::0:0:99999:7:::\n"), "a console login whose password is set at the first login")
        #expect(shadow.contains("daemon:*:19000:"), "other accounts untouched")

        let info = try fixtures.tool(["minfo", "-i", "\(image)@@\(2 << 20)", "::"])
        #expect(info.contains("serial number: A1B2C3D4"), "\(info)")
        #expect(info.contains("FAT16"), "\(info)")
    }

    static let mib: UInt64 = 1 << 20
    static let refused: [(UInt64, UInt64, UInt64, String)] = [
        (2 * mib, 32 * mib, 80 * mib, "odroid"), (100, 32 * mib, 512 * mib, "odroid"), (2 * mib, 1 * mib, 512 * mib, "odroid"),
        (2 * mib, 32 * mib, 512 * mib, "Bad Host"), (2 * mib, 32 * mib, 512 * mib, "-x"),
    ]

    @Test(
        "layouts that cannot hold a root filesystem, and hostnames that are not names, are refused before any write",
        arguments: CardImageBuilderTests.refused)
    func refusals(_ offset: UInt64, _ boot: UInt64, _ total: UInt64, _ hostname: String) throws {
        let fixtures = try RootFixtures("card-refused")
        let image = fixtures.path("card.img")
        #expect(throws: RootFilesystemError.self) {
            try CardImageBuilder(runner: fixtures.runner).create(
                path: image, tarball: fixtures.path("none.tar"),
                layout: CardImageBuilder.Layout(bootOffset: offset, bootBytes: boot, totalBytes: total),
                identity: CardImageBuilder.Identity(hostname: hostname, bootMount: "/boot"), scratch: fixtures.path("s"))
        }
        #expect(!FileManager.default.fileExists(atPath: image))
    }
}
