import CommandValues
import Foundation
import OdroidProcess
import RootFilesystem
import TestSupport
import Testing

/// Real root filesystems for the tests: directories laid out like Debian's (merged /usr: `lib -> usr/lib`),
/// ext4 filesystems made from them with the real mke2fs inside two-partition card images (sfdisk), checked
/// afterwards with the real e2fsck. Removed when the value goes away.
final class RootFixtures {
    let runner = SpawnRunner()
    let root: String

    init(_ purpose: String = "rootfs") throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("odroid-\(purpose)-\(getpid())-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { "\(root)/\(name)" }

    /// A root tree as Debian bookworm lays it out: usr/lib/modules, lib -> usr/lib, etc/, boot/.
    @discardableResult
    func debianTree(_ name: String = "tree", absoluteLibLink: Bool = false) throws -> String {
        let tree = path(name)
        for directory in ["usr/lib/modules", "usr/sbin", "etc", "boot", "var/tmp"] {
            try FileManager.default.createDirectory(atPath: "\(tree)/\(directory)", withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/lib", withDestinationPath: absoluteLibLink ? "/usr/lib" : "usr/lib")
        try "card\n".write(toFile: "\(tree)/etc/hostname", atomically: true, encoding: .utf8)
        return tree
    }

    /// A staged `lib/modules/<release>` tree as `make modules_install INSTALL_MOD_PATH=...` leaves it, build
    /// and source links to this host included.
    @discardableResult
    func stagedModules(
        release: String, modules: [String] = ["kernel/drivers/block/virtio_blk.ko", "kernel/fs/ext4/ext4.ko"],
        marker: String = ""
    ) throws -> String {
        let dir = path("stage-\(release)-\(UUID().uuidString.prefix(4))/lib/modules/\(release)")
        for module in modules {
            let file = "\(dir)/\(module)"
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("\(module) \(release) \(marker)".utf8).write(to: URL(fileURLWithPath: file))
        }
        try modules.map { "\($0):" }.joined(separator: "\n").write(toFile: "\(dir)/modules.dep", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/build", withDestinationPath: "/usr/src/linux-\(release)-build")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/source", withDestinationPath: "/usr/src/linux-\(release)")
        return dir
    }

    /// A card image: MBR, a FAT partition 1 (unformatted) and an ext4 partition 2 made from `tree`.
    struct Card {
        var path: String
        var rootOffset: UInt64
        var uuid: String
    }

    func card(_ name: String = "card.img", tree: String, sizeMiB: Int = 48, uuid: String = "0b1e5a3c-1111-4222-8333-444455556666") throws
        -> Card
    {
        let image = path(name)
        let fd = open(image, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        ftruncate(fd, off_t(sizeMiB) << 20)
        close(fd)
        try tool(["sfdisk", "--quiet", "--label", "dos", image], input: "start=2048, size=16384, type=c\nstart=18432, type=83\n")
        let offset: UInt64 = 18432 * 512
        try tool([
            "mke2fs", "-q", "-F", "-t", "ext4", "-U", uuid, "-d", tree, "-E", "offset=\(offset)", image,
            "\(((UInt64(sizeMiB) << 20) - offset) / 1024)k",
        ])
        return Card(path: image, rootOffset: offset, uuid: uuid)
    }

    /// `e2fsck -fn` of the card's root: nothing to repair.
    func fsckClean(_ card: Card) throws -> (clean: Bool, output: String) {
        // e2fsprogs splits a name at '?': reach the image through a link of a plain name.
        let link = path("fsck-link-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: card.path)
        defer { unlink(link) }
        let result = try runner.run(Command(["e2fsck", "-fn", "\(link)?offset=\(card.rootOffset)"]), output: .capture)
        return (result.succeeded, result.stdoutText + result.stderrText)
    }

    /// Extracts the whole root filesystem of `card` (debugfs rdump) to read it as files.
    func extract(_ card: Card) throws -> String {
        let out = path("extract-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try runner.run(
            Command(["debugfs", "-R", "rdump / .", "\(card.path)?offset=\(card.rootOffset)"], workingDirectory: out))
        #expect(result.succeeded, "\(result.stderrText)")
        return out
    }

    @discardableResult
    func tool(_ argv: [String], input: String? = nil) throws -> String {
        let result = try runner.run(Command(argv), output: .capture, input: input)
        try #require(result.succeeded, "\(argv.joined(separator: " ")) failed: \(result.stderrText)")
        return result.stdoutText
    }

    /// Both backends over the same starting tree: the mounted directory itself, and an ext4 card made from it.
    func bothBackends() throws -> [(name: String, filesystem: any RootFilesystem, card: Card?)] {
        let mountedTree = try debianTree("mounted")
        let imageTree = try debianTree("for-image")
        let card = try card(tree: imageTree)
        return [
            ("mounted directory", try MountedRootFilesystem(root: mountedTree), nil),
            (
                "ext4 card image", try Ext4ImageRootFilesystem(imagePath: card.path, offset: card.rootOffset, partition: 2, runner: runner),
                card
            ),
        ]
    }
}
