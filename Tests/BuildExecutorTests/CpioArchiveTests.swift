import BuildExecutor
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

@Suite("The initramfs archive is a newc cpio that GNU cpio reads", .tags(.realProcess))
struct CpioArchiveTests {
    @Test func realCpioListsEveryEntryWithRootOwnerAndContents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-cpio-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = "\(dir)/root"
        try FileManager.default.createDirectory(atPath: "\(root)/bin", withIntermediateDirectories: true)
        try "#!/bin/sh\necho hi\n".write(toFile: "\(root)/init", atomically: false, encoding: .utf8)
        try "odd".write(toFile: "\(root)/bin/a file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/bin/sh", withDestinationPath: "busybox")
        try CpioArchive.write(directory: root, to: "\(dir)/out.cpio")

        let runner = SpawnRunner()
        let listing = try runner.run(Command(["cpio", "-itv", "--quiet", "-F", "\(dir)/out.cpio"]))
        #expect(listing.succeeded, "\(listing.stderrText)")
        let lines = listing.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(8).joined(separator: " ") }
                == ["bin", "bin/a file", "bin/sh -> busybox", "init"])
        #expect(lines.allSatisfy { $0.contains(" root ") || $0.contains(" 0 ") })

        try FileManager.default.createDirectory(atPath: "\(dir)/x", withIntermediateDirectories: true)
        let extract = try runner.run(Command(["cpio", "-id", "--quiet", "-F", "\(dir)/out.cpio"], workingDirectory: "\(dir)/x"))
        #expect(extract.succeeded)
        #expect(try String(contentsOfFile: "\(dir)/x/init", encoding: .utf8) == "#!/bin/sh\necho hi\n")
    }

    @Test func missingSourceDirectoryIsAClearError() {
        #expect {
            try CpioArchive.write(directory: "/nonexistent/initramfs-root", to: "/tmp/odroid-never-written.cpio")
        } throws: { "\($0)".contains("initramfs source directory does not exist") }
    }
}
