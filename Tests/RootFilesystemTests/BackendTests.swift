import Foundation
import OdroidProcess
import RootFilesystem
import Testing
import TestSupport

/// The two backends behind one protocol, on real filesystems: a directory, and an ext4 partition of a card
/// image changed through the real debugfs (checked with e2fsck afterwards).
@Suite("Root filesystem backends", .tags(.realProcess))
struct BackendTests {
    @Test("both backends resolve Debian's lib -> usr/lib inside the root, and list, read, write, rename and remove")
    func operations() throws {
        let fixtures = try RootFixtures()
        for (name, filesystem, card) in try fixtures.bothBackends() {
            let modules = try RootPathResolver(filesystem: filesystem).resolve(try RootPath("lib/modules"))
            #expect(modules.relative == "usr/lib/modules", "\(name)")
            #expect(try filesystem.entryKind(try RootPath("lib")) == .symlink(target: "usr/lib"), "\(name)")
            #expect(try filesystem.read(try RootPath("etc/hostname")) == Data("card\n".utf8), "\(name)")

            let staged = try fixtures.stagedModules(release: "6.1.0-test")
            let fresh = modules.appending("6.1.0-test.new")
            try filesystem.copyTree(local: staged, to: fresh)
            #expect(try filesystem.entries(in: fresh).contains("modules.dep"), "\(name)")
            #expect(
                try filesystem.entryKind(fresh.appending("build")) == .symlink(target: "/usr/src/linux-6.1.0-test-build"),
                "\(name): links are copied as links")
            try filesystem.rename(fresh, to: modules.appending("6.1.0-test"))
            #expect(try filesystem.entryKind(fresh) == nil, "\(name)")
            #expect(
                try filesystem.entryKind(modules.appending(try RootPath("6.1.0-test/kernel/fs/ext4/ext4.ko")))
                    == .file(size: UInt64("kernel/fs/ext4/ext4.ko 6.1.0-test ".utf8.count)), "\(name)")
            try filesystem.createFile(Data("x\n".utf8), at: try RootPath("etc/odroid-test"), mode: 0o600)
            #expect(try filesystem.read(try RootPath("etc/odroid-test")) == Data("x\n".utf8), "\(name)")
            #expect(throws: RootFilesystemError.self, "\(name): rename never replaces") {
                try filesystem.rename(try RootPath("etc/odroid-test"), to: try RootPath("etc/hostname"))
            }
            try filesystem.removeTree(modules.appending("6.1.0-test"))
            #expect(try filesystem.entryKind(modules.appending("6.1.0-test")) == nil, "\(name)")
            if let card {
                let fsck = try fixtures.fsckClean(card)
                #expect(fsck.clean, "e2fsck after the debugfs changes: \(fsck.output)")
                #expect(try filesystem.uuid() == card.uuid)
            }
        }
    }

    @Test("an absolute symlink on the card means the card's path, never the host's")
    func absoluteLinksStayInside() throws {
        let fixtures = try RootFixtures()
        let tree = try fixtures.debianTree(absoluteLibLink: true)
        let filesystem = try MountedRootFilesystem(root: tree)
        let resolved = try RootPathResolver(filesystem: filesystem).resolve(try RootPath("lib/modules"))
        #expect(resolved.relative == "usr/lib/modules")
        // A link climbing with .. stops at the card's root.
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/etc/escape", withDestinationPath: "../../../../tmp")
        #expect(try RootPathResolver(filesystem: filesystem).resolve(try RootPath("etc/escape")).relative == "tmp")
    }

    @Test("a symlink where a directory is expected is refused, not followed, and removeTree deletes links, not their targets")
    func linksAreNeverFollowed() throws {
        let fixtures = try RootFixtures()
        let tree = try fixtures.debianTree()
        let outside = fixtures.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "precious\n".write(toFile: "\(outside)/file", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/boot/trap", withDestinationPath: outside)
        let filesystem = try MountedRootFilesystem(root: tree)
        #expect(throws: RootFilesystemError.self) { try filesystem.createFile(Data(), at: try RootPath("boot/trap/new"), mode: 0o644) }
        #expect(throws: RootFilesystemError.self) { try filesystem.removeTree(try RootPath("boot/trap/file")) }
        try filesystem.removeTree(try RootPath("boot"))
        #expect(try String(contentsOfFile: "\(outside)/file", encoding: .utf8) == "precious\n")
        #expect(!FileManager.default.fileExists(atPath: "\(tree)/boot"))
    }

    @Test("a card image whose own name holds '?', '$' and spaces is opened as that file (debugfs never parses it)")
    func hostileImageName() throws {
        let fixtures = try RootFixtures()
        let card = try fixtures.card("odd $(touch PWNED) name?offset=0.img", tree: try fixtures.debianTree())
        let filesystem = try Ext4ImageRootFilesystem(imagePath: card.path, offset: card.rootOffset, runner: fixtures.runner)
        try filesystem.createFile(Data("y".utf8), at: try RootPath("etc/marker"), mode: 0o644)
        #expect(try filesystem.read(try RootPath("etc/marker")) == Data("y".utf8))
        #expect(!FileManager.default.fileExists(atPath: fixtures.path("PWNED")))
        #expect(!FileManager.default.fileExists(atPath: "PWNED"))
        let fsck = try fixtures.fsckClean(card)
        #expect(fsck.clean, "\(fsck.output)")
    }

    @Test(
        "names debugfs would parse are refused before anything is written",
        arguments: ["has space", "quote\"d", "back\\slash", "-dash", "new\nline", ""])
    func unsafeNames(_ name: String) throws {
        let fixtures = try RootFixtures()
        let card = try fixtures.card(tree: try fixtures.debianTree())
        let filesystem = try Ext4ImageRootFilesystem(imagePath: card.path, offset: card.rootOffset, runner: fixtures.runner)
        #expect(throws: RootFilesystemError.self) {
            try filesystem.createFile(Data(), at: try RootPath("etc").appending(name), mode: 0o644)
        }
        #expect(try fixtures.fsckClean(card).clean)
    }

    @Test("the root partition of a card is found by itself, or by number; a bare image has none")
    func locator() throws {
        let fixtures = try RootFixtures()
        let card = try fixtures.card(tree: try fixtures.debianTree(), uuid: "12345678-9abc-4def-8123-456789abcdef")
        let found = try #require(try RootPartitionLocator.find(imagePath: card.path))
        #expect(found == RootPartitionLocator.Found(number: 2, byteOffset: card.rootOffset, uuid: "12345678-9abc-4def-8123-456789abcdef"))
        #expect(try RootPartitionLocator.find(imagePath: card.path, number: 2) == found)
        #expect(throws: RootFilesystemError.self) { try RootPartitionLocator.find(imagePath: card.path, number: 1) }
        #expect(throws: RootFilesystemError.self) { try RootPartitionLocator.find(imagePath: card.path, number: 3) }
        let bare = fixtures.path("bare.img")
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: bare))
        #expect(try RootPartitionLocator.find(imagePath: bare) == nil)
    }

    @Test("a directory that is not a root filesystem, or not a mount point, is said so")
    func mountedRefusals() throws {
        let fixtures = try RootFixtures()
        #expect(throws: RootFilesystemError.self) { try MountedRootFilesystem(root: fixtures.path("missing")) }
        try FileManager.default.createDirectory(atPath: fixtures.path("empty"), withIntermediateDirectories: true)
        #expect(throws: RootFilesystemError.self) { try MountedRootFilesystem(root: fixtures.path("empty")) }
        let tree = try MountedRootFilesystem(root: try fixtures.debianTree())
        #expect { try tree.uuid() } throws: { "\($0)".contains("is not a mount point") }
    }
}
