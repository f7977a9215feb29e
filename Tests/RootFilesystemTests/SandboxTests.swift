import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import RootFilesystem
import TestSupport
import Testing

/// The board's generator run inside its root filesystem through the real bubblewrap. The root here is made
/// of this machine's own dash (so no emulation is needed) and a stand-in mkinitramfs that records its
/// arguments; the sandbox, the binds, the output path and the clean-up are the real ones. The real
/// mkinitramfs under qemu-user runs in the slow card tests.
@Suite("The board's initramfs generator in a sandbox", .tags(.realProcess))
struct SandboxTests {
    /// A root tree with /bin/sh (this machine's dash and its libraries) and a recording mkinitramfs.
    static func hostShellRoot(_ fixtures: RootFixtures) throws -> String {
        let tree = try fixtures.debianTree("sandbox-root")
        for directory in ["proc", "dev", "tmp", "run"] {
            try FileManager.default.createDirectory(atPath: "\(tree)/\(directory)", withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: "\(tree)/usr/bin", withIntermediateDirectories: true)
        try ExecutableFile.copy("/bin/dash", to: "\(tree)/usr/bin/sh")
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/bin", withDestinationPath: "usr/bin")
        let ldd = try fixtures.tool(["ldd", "/bin/dash"])
        for library in ldd.split(separator: "\n").compactMap({ line -> String? in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first { $0.hasPrefix("/") }.map(String.init)
        }) {
            // The file itself, not a link (the loader is a link to an absolute path on this machine).
            let destination = "\(tree)/usr\(library)"
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? FileManager.default.copyItem(atPath: URL(fileURLWithPath: library).resolvingSymlinksInPath().path, toPath: destination)
        }
        if FileManager.default.fileExists(atPath: "\(tree)/usr/lib64") {
            try FileManager.default.createSymbolicLink(atPath: "\(tree)/lib64", withDestinationPath: "usr/lib64")
        }
        try ExecutableFile.write(
            """
            #!/bin/sh
            # stand-in for initramfs-tools: records how it was called and what it could see
            echo "$@" > "$2.args"
            [ -e /proc/self ] && echo proc >> "$2.args"
            [ -c /dev/null ] && echo dev >> "$2.args"
            [ -e /etc/hostname ] && echo root >> "$2.args"
            ( : > /odroid-build-probe ) 2>/dev/null && echo root-writable >> "$2.args"
            printf 'initramfs for %s' "$3" > "$2"

            """, to: "\(tree)/usr/sbin/mkinitramfs")
        try "CONFIG_BLK_DEV_INITRD=y\n".write(toFile: "\(tree)/boot/config-6.1.192", atomically: true, encoding: .utf8)
        return tree
    }

    static func spec(_ fixtures: RootFixtures) -> TargetInitramfs {
        TargetInitramfs(
            generator: "mkinitramfs", command: Command(["mkinitramfs", "-o", "/tmp/odroid-build-out/initrd.img-6.1", "6.1.192"]),
            insideOutput: "/tmp/odroid-build-out/initrd.img-6.1", output: fixtures.path("out/initrd.img-6.1"), release: "6.1.192",
            scratch: fixtures.path("work/rootfs-copy"))
    }

    @Test("a mounted root is bound read-only, the output lands here, nothing stays mounted")
    func mountedRoot() throws {
        let fixtures = try RootFixtures("sandbox")
        let tree = try Self.hostShellRoot(fixtures)
        try FileManager.default.createDirectory(atPath: fixtures.path("out"), withIntermediateDirectories: true)

        let generator = TargetInitramfsGenerator(filesystem: try MountedRootFilesystem(root: tree), runner: fixtures.runner)
        let output = fixtures.path("out/.initrd.tmp")
        try generator.make(Self.spec(fixtures), output: output) { _ in }
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "initramfs for 6.1.192")
        let seen = try String(contentsOfFile: output + ".args", encoding: .utf8)
        #expect(seen == "-o /tmp/odroid-build-out/.initrd.tmp 6.1.192\nproc\ndev\nroot\n", "the card's root is read-only to the generator")
        #expect(!FileManager.default.fileExists(atPath: "\(tree)/odroid-build-probe"))
        let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!mounts.contains(fixtures.root), "nothing mounted under the test's directories")
    }

    @Test("a card image's root is copied out, used, and the copy deleted")
    func imageRoot() throws {
        let fixtures = try RootFixtures("sandbox-image")
        let card = try fixtures.card(tree: try Self.hostShellRoot(fixtures), sizeMiB: 64)
        try FileManager.default.createDirectory(atPath: fixtures.path("out"), withIntermediateDirectories: true)
        let filesystem = try Ext4ImageRootFilesystem(imagePath: card.path, offset: card.rootOffset, runner: fixtures.runner)
        var log: [String] = []
        try TargetInitramfsGenerator(filesystem: filesystem, runner: fixtures.runner).make(
            Self.spec(fixtures), output: fixtures.path("out/initrd.img-6.1")
        ) { log.append($0) }
        #expect(try String(contentsOfFile: fixtures.path("out/initrd.img-6.1"), encoding: .utf8) == "initramfs for 6.1.192")
        #expect(log.contains { $0.hasPrefix("copied ") })
        #expect(!FileManager.default.fileExists(atPath: fixtures.path("work/rootfs-copy")), "the copy is deleted")
        #expect(try fixtures.fsckClean(card).clean)
    }

    @Test("a root without the generator, or without the kernel config it reads, is refused naming what to do")
    func missingPieces() throws {
        let fixtures = try RootFixtures("sandbox-missing")
        let tree = try Self.hostShellRoot(fixtures)
        let filesystem = try MountedRootFilesystem(root: tree)
        let generator = TargetInitramfsGenerator(filesystem: filesystem, runner: fixtures.runner)
        try FileManager.default.removeItem(atPath: "\(tree)/boot/config-6.1.192")
        #expect { try generator.make(Self.spec(fixtures), output: fixtures.path("x")) { _ in } } throws: {
            "\($0)".contains("/boot/config-6.1.192")
        }
        try FileManager.default.removeItem(atPath: "\(tree)/usr/sbin/mkinitramfs")
        try FileManager.default.createDirectory(atPath: "\(tree)/usr/bin", withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(toFile: "\(tree)/usr/bin/dracut", atomically: true, encoding: .utf8)
        #expect { try generator.make(Self.spec(fixtures), output: fixtures.path("x")) { _ in } } throws: {
            "\($0)".contains("has no mkinitramfs") && "\($0)".contains("initramfs.generator = \"dracut\"")
        }
    }
}
