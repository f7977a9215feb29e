import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// A scratch tree to pack: directories with their own modes, files, a symlink, a FIFO (device nodes need
/// root to create, so they are checked from `NewcArchive` entries instead).
private final class Tree: @unchecked Sendable {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-cpio-\(UUID().uuidString.prefix(8))").path
    var root: String { "\(dir)/root" }

    init() throws {
        try FileManager.default.createDirectory(atPath: "\(root)/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/etc/empty", withIntermediateDirectories: true)
        try "#!/bin/sh\necho hi\n".write(toFile: "\(root)/init", atomically: false, encoding: .utf8)
        try "odd".write(toFile: "\(root)/bin/a file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/bin/sh", withDestinationPath: "busybox")
        #expect(mkfifo("\(root)/etc/fifo", 0o600) == 0)
        // Modes set outright: the umask decides nothing.
        for (path, mode) in [
            ("init", 0o750), ("etc/empty", 0o700), ("etc/fifo", 0o600), ("bin", 0o755), ("etc", 0o755), ("bin/a file", 0o644),
        ] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: "\(root)/\(path)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }
}

@Suite("The initramfs archive is a newc cpio that GNU cpio reads", .tags(.realProcess))
struct CpioArchiveTests {
    let runner = SpawnRunner()

    /// `cpio -itv`'s lines as (mode string, name) pairs, e.g. ("lrwxrwxrwx", "bin/sh -> busybox").
    func listing(_ archive: String) throws -> [(mode: String, name: String, line: String)] {
        let listed = try runner.run(Command(["cpio", "-itv", "--quiet", "-F", archive], environment: ["TZ": "UTC"]))
        #expect(listed.succeeded, "\(listed.stderrText)")
        return listed.stdoutText.split(separator: "\n").map { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(words[0]), words.dropFirst(8).joined(separator: " "), String(line))
        }
    }

    @Test func realCpioListsAndExtractsEveryEntryWithItsModeAndRootOwner() throws {
        let tree = try Tree()
        try CpioArchive.write(directory: tree.root, to: "\(tree.dir)/out.cpio")

        let lines = try listing("\(tree.dir)/out.cpio")
        #expect(lines.map(\.name) == ["bin", "bin/a file", "bin/sh -> busybox", "etc", "etc/empty", "etc/fifo", "init"])
        #expect(lines.map(\.mode) == ["drwxr-xr-x", "-rw-r--r--", "lrwxrwxrwx", "drwxr-xr-x", "drwx------", "prw-------", "-rwxr-x---"])
        #expect(lines.allSatisfy { $0.line.contains(" root ") || $0.line.contains(" 0 ") }, "\(lines.map(\.line))")
        #expect(lines.allSatisfy { $0.line.contains(" 1970 ") }, "modification times fixed at the epoch: \(lines.map(\.line))")

        try FileManager.default.createDirectory(atPath: "\(tree.dir)/x", withIntermediateDirectories: true)
        let extract = try runner.run(Command(["cpio", "-id", "--quiet", "-F", "\(tree.dir)/out.cpio"], workingDirectory: "\(tree.dir)/x"))
        #expect(extract.succeeded, "\(extract.stderrText)")
        #expect(try String(contentsOfFile: "\(tree.dir)/x/init", encoding: .utf8) == "#!/bin/sh\necho hi\n")
        #expect(try String(contentsOfFile: "\(tree.dir)/x/bin/a file", encoding: .utf8) == "odd")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(tree.dir)/x/bin/sh") == "busybox")
    }

    @Test func realCpioReadsDeviceNodesFromEntries() throws {
        let tree = try Tree()
        let data = NewcArchive.encode([
            .directory("dev"),
            NewcArchive.Entry(path: "dev/console", kind: .characterDevice(major: 5, minor: 1), permissions: 0o600),
            NewcArchive.Entry(path: "dev/mmcblk0", kind: .blockDevice(major: 179, minor: 8), permissions: 0o660),
        ])
        try data.write(to: URL(fileURLWithPath: "\(tree.dir)/dev.cpio"))
        let lines = try listing("\(tree.dir)/dev.cpio")
        #expect(lines.map(\.mode) == ["drwxr-xr-x", "crw-------", "brw-rw----"])
        #expect(lines[1].line.contains(" 5, ") && lines[1].line.contains(" 1 "), "\(lines[1].line)")
        #expect(lines[2].line.contains(" 179, ") && lines[2].line.contains(" 8 "), "\(lines[2].line)")
    }

    @Test func missingSourceDirectoryIsAClearError() {
        #expect {
            try CpioArchive.write(directory: "/nonexistent/initramfs-root", to: "/tmp/odroid-never-written.cpio")
        } throws: { "\($0)".contains("initramfs source directory does not exist") }
    }
}

@Suite("A directory packs to the same bytes every time", .tags(.pure))
struct CpioArchiveReproducibilityTests {
    @Test func newerModificationTimesChangeNoByte() throws {
        let tree = try Tree()
        try CpioArchive.write(directory: tree.root, to: "\(tree.dir)/one.cpio")
        for path in ["init", "bin/a file", "bin", "etc/empty"] {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: 7200)], ofItemAtPath: "\(tree.root)/\(path)")
        }
        try CpioArchive.write(directory: tree.root, to: "\(tree.dir)/two.cpio")
        let one = try Data(contentsOf: URL(fileURLWithPath: "\(tree.dir)/one.cpio"))
        #expect(one == (try Data(contentsOf: URL(fileURLWithPath: "\(tree.dir)/two.cpio"))))
        #expect(one.suffix(124).starts(with: Array("070701".utf8)), "the TRAILER!!! record ends it")
    }

    @Test func theWalkGivesTheEntriesInOrderWithTheirKinds() throws {
        let tree = try Tree()
        try CpioArchive.write(directory: tree.root, to: "\(tree.dir)/walk.cpio")
        let expected = NewcArchive.encode([
            .directory("bin"), .file("bin/a file", Data("odd".utf8)), .symlink("bin/sh", to: "busybox"), .directory("etc"),
            .directory("etc/empty", permissions: 0o700), NewcArchive.Entry(path: "etc/fifo", kind: .fifo, permissions: 0o600),
            .file("init", Data("#!/bin/sh\necho hi\n".utf8), permissions: 0o750),
        ])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(tree.dir)/walk.cpio")) == expected)
    }
}
