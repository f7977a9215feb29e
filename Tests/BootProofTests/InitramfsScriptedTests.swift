import BootPartition
import BootProof
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing

/// The busybox initramfs at the process seam, with no process at all: the commands the apt fetch of
/// busybox-static and the initramfs builder run (dpkg, apt-get download, dpkg-deb, gzip, mkimage), in order,
/// and what each failure becomes. `InitramfsBuilderTests` runs the real tools.
@Suite("Busybox initramfs: fetch and pack against a scripted runner", .tags(.pure))
struct InitramfsScriptedTests {
    final class Scratch: @unchecked Sendable {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-initramfs-\(UUID().uuidString.prefix(8))").path
        var cache: String { path + "/cache" }
        init() throws { try FileManager.default.createDirectory(atPath: path + "/cache", withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    final class Notes: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) { lock.withLock { stored.append(line) } }
        var lines: [String] { lock.withLock { stored } }
    }

    static let deb = "busybox-static_1%3a1.35.0-4_armhf.deb"

    static func succeeds(_ command: Command) -> ProcessResult {
        ProcessResult(command: command, termination: .exited(0), seconds: 0, stdout: Data())
    }

    /// `apt-get download` as apt does it: the .deb appears in the working directory.
    static func download(into cache: String) -> ScriptedRunner.Expectation {
        ScriptedRunner.Expectation(argv: ["apt-get", "download", "-q", "busybox-static:armhf"]) { command in
            _ = FileManager.default.createFile(atPath: "\(cache)/\(deb)", contents: Data("deb".utf8))
            return succeeds(command)
        }.when { $0.argv == ["apt-get", "download", "-q", "busybox-static:armhf"] && $0.workingDirectory == cache }
    }

    /// `dpkg-deb -x DEB DIR`: an executable bin/busybox appears in DIR.
    static func unpack(_ cache: String) -> ScriptedRunner.Expectation {
        ScriptedRunner.Expectation(argv: ["dpkg-deb", "-x", "\(cache)/\(deb)", "<partial>"]) { command in
            let bin = command.argv[3] + "/bin"
            try? FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(
                atPath: bin + "/busybox", contents: Data("busybox for armhf".utf8), attributes: [.posixPermissions: 0o755])
            return succeeds(command)
        }.when { $0.argv.count == 4 && Array($0.argv[0..<3]) == ["dpkg-deb", "-x", "\(cache)/\(deb)"] && $0.argv[3].hasSuffix(".partial") }
    }

    static var show: ScriptedRunner.Expectation {
        .exits(
            ["apt-cache", "show", "--no-all-versions", "busybox-static:armhf"], stdout: "Package: busybox-static\nVersion: 1:1.35.0-4\n")
    }

    /// gzip that "compresses" by copying, so the test can read the archive back as it was packed.
    static func gzip(status: Int32 = 0) -> ScriptedRunner.Expectation {
        ScriptedRunner.Expectation(argv: ["gzip", "-9", "-n", "-f", "<archive>"]) { command in
            if status == 0 { try? FileManager.default.copyItem(atPath: command.argv[4], toPath: command.argv[4] + ".gz") }
            return ProcessResult(
                command: command, termination: .exited(status), seconds: 0, stdout: Data(),
                stderr: Data((status == 0 ? "" : "gzip: No space left on device").utf8))
        }.when { $0.argv.starts(with: ["gzip", "-9", "-n", "-f"]) && $0.argv.count == 5 && $0.argv[4].hasSuffix(".cpio") }
    }

    @Test func aFirstFetchDownloadsAndUnpacksBusyboxThenThePackIsGzippedAndWrapped() throws {
        let scratch = try Scratch()
        let output = scratch.path + "/initrd.gz", uInitrd = scratch.path + "/uInitrd"
        let runner = ScriptedRunner([
            .exits(["dpkg", "--print-foreign-architectures"], stdout: "armhf\n"),
            Self.download(into: scratch.cache),
            Self.show,
            Self.unpack(scratch.cache),
            Self.gzip(),
            .exits(MkimageCommand.command(.ramdisk, arch: "arm", name: "initramfs", input: output, output: uInitrd).argv),
        ])
        let busybox = try ArmhfPayloadProvider(runner: runner, cacheDirectory: scratch.cache).fetchBusybox()
        #expect(busybox == "\(scratch.cache)/unpacked/busybox-static_1%3a1.35.0-4_armhf/bin/busybox")
        try InitramfsBuilder(runner: runner).build(
            MarkerInitramfs(busybox: busybox, marker: "UP"), output: output, uImagePath: uInitrd,
            workDirectory: scratch.path)
        #expect(runner.unused.isEmpty, "never ran: \(runner.unused)")
        #expect(runner.received.last?.environment == ["SOURCE_DATE_EPOCH": MkimageCommand.sourceDateEpoch])

        // What went to gzip is our newc archive of busybox, the /bin/sh link and the marker /init.
        let archive = try InitramfsArchive(try Data(contentsOf: URL(fileURLWithPath: output)), runner: ScriptedRunner([]))
        #expect(archive.entries.map(\.path) == ["bin", "bin/busybox", "bin/sh", "dev", "init", "proc", "sys"])
        #expect(archive.resolve("bin/sh")?.data == Data("busybox for armhf".utf8))
        #expect(archive.resolve("init").map { String(decoding: $0.data, as: UTF8.self) } == MarkerInit.script(marker: "UP"))
        #expect(archive.entries.first { $0.path == "init" }?.mode == 0o100755)
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(left == ["cache", "initrd.gz"], "no staging tree or uncompressed archive left (the fake mkimage wrote no uInitrd)")
    }

    @Test func aCachedDebIsReusedWithoutDownloadingOrUnpacking() throws {
        let scratch = try Scratch()
        let first = ScriptedRunner([
            .exits(["dpkg", "--print-foreign-architectures"], stdout: "armhf\n"), Self.download(into: scratch.cache),
            Self.show, Self.unpack(scratch.cache),
        ])
        let busybox = try ArmhfPayloadProvider(runner: first, cacheDirectory: scratch.cache).fetchBusybox()
        let again = ScriptedRunner([.exits(["dpkg", "--print-foreign-architectures"], stdout: "armhf\n"), Self.show])
        #expect(try ArmhfPayloadProvider(runner: again, cacheDirectory: scratch.cache).fetchBusybox() == busybox)
        #expect(again.unused.isEmpty)
    }

    @Test func aDownloadThatFailsTwiceIsAnErrorNamingThePackageAndCache() throws {
        let scratch = try Scratch()
        let runner = ScriptedRunner([
            .exits(["dpkg", "--print-foreign-architectures"], stdout: "armhf\n"),
            .exits(["apt-get", "download", "-q", "busybox-static:armhf"], status: 100, stderr: "E: Can't select candidate version"),
            .exits(["apt-get", "update", "-qq"], status: 100, stderr: "E: Failed to fetch"),
            .exits(["apt-get", "download", "-q", "busybox-static:armhf"], status: 100),
        ])
        let notes = Notes()
        let provider = ArmhfPayloadProvider(runner: runner, cacheDirectory: scratch.cache) { notes.add($0) }
        #expect {
            _ = try provider.fetchBusybox()
        } throws: { "\($0)".contains("apt-get download busybox-static:armhf left no busybox-static_*_armhf.deb in \(scratch.cache)") }
        #expect(runner.unused.isEmpty)
        #expect(notes.lines.contains("apt-get update reported errors; continuing with the indexes it did fetch"))
    }

    @Test func withoutArmhfDpkgIsAskedToAddItAndItsRefusalIsReported() throws {
        let scratch = try Scratch()
        let runner = ScriptedRunner([
            .exits(["dpkg", "--print-foreign-architectures"], stdout: "i386\n"),
            .exits(
                ["dpkg", "--add-architecture", "armhf"], status: 2, stderr: "dpkg: error: requested operation requires superuser privilege"),
        ])
        #expect {
            _ = try ArmhfPayloadProvider(runner: runner, cacheDirectory: scratch.cache).fetchBusybox()
        } throws: { error in
            let text = "\(error)"
            return text.contains("dpkg --add-architecture armhf (needs root) failed (exit status 2)")
                && text.contains("requires superuser privilege")
        }
    }

    @Test func aDebThatDoesNotUnpackIsAnErrorNamingIt() throws {
        let scratch = try Scratch()
        let runner = ScriptedRunner([
            .exits(["dpkg", "--print-foreign-architectures"], stdout: "armhf\n"),
            Self.download(into: scratch.cache),
            Self.show,
            .exits(["dpkg-deb", "-x"], status: 2, stderr: "dpkg-deb: error: unexpected end of file").when {
                $0.argv.starts(with: ["dpkg-deb", "-x"])
            },
        ])
        #expect {
            _ = try ArmhfPayloadProvider(runner: runner, cacheDirectory: scratch.cache).fetchBusybox()
        } throws: { error in
            let text = "\(error)"
            return text.contains("unpacking \(scratch.cache)/\(Self.deb) failed") && text.contains("unexpected end of file")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.cache)/unpacked/busybox-static_1%3a1.35.0-4_armhf/.unpacked"))
    }

    static func busybox(in scratch: Scratch) throws -> String {
        let path = scratch.path + "/busybox"
        try Data("busybox".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func gzipFailingIsAnErrorAndLeavesNothingBehind() throws {
        let scratch = try Scratch()
        let runner = ScriptedRunner([Self.gzip(status: 1)])
        #expect {
            try InitramfsBuilder(runner: runner).build(
                MarkerInitramfs(busybox: try Self.busybox(in: scratch), marker: "UP"),
                output: scratch.path + "/initrd.gz", workDirectory: scratch.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("gzip of the initramfs archive failed (exit status 1)") && text.contains("No space left on device")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["busybox", "cache"])
    }

    @Test func mkimageFailingIsAnErrorNamingTheImage() throws {
        let scratch = try Scratch()
        let output = scratch.path + "/initrd.gz", uInitrd = scratch.path + "/uInitrd"
        let runner = ScriptedRunner([
            Self.gzip(),
            .exits(
                MkimageCommand.command(.ramdisk, arch: "arm", name: "initramfs", input: output, output: uInitrd).argv, status: 1,
                stderr: "mkimage: Can't open"),
        ])
        #expect {
            try InitramfsBuilder(runner: runner).build(
                MarkerInitramfs(busybox: try Self.busybox(in: scratch), marker: "UP"), output: output,
                uImagePath: uInitrd, workDirectory: scratch.path)
        } throws: { "\($0)".contains("mkimage of \(uInitrd) failed (exit status 1)") }
    }

    @Test func aMissingBusyboxIsAnErrorBeforeAnyCommand() throws {
        let scratch = try Scratch()
        let runner = ScriptedRunner([])
        #expect {
            try InitramfsBuilder(runner: runner).build(
                MarkerInitramfs(busybox: scratch.path + "/none", marker: "UP"), output: scratch.path + "/i.gz",
                workDirectory: scratch.path)
        } throws: { "\($0)".contains("cannot read the busybox for the initramfs at \(scratch.path)/none") }
        #expect(runner.received.isEmpty)
    }

    @Test func theSameBusyboxAlwaysPacksTheSameBytes() throws {
        let scratch = try Scratch()
        let busybox = try Self.busybox(in: scratch)
        var packed: [Data] = []
        for name in ["a.gz", "b.gz"] {
            try InitramfsBuilder(runner: ScriptedRunner([Self.gzip()])).build(
                MarkerInitramfs(busybox: busybox, marker: "UP"), output: scratch.path + "/" + name, workDirectory: scratch.path)
            packed.append(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/" + name)))
            // A newer modification time on busybox changes nothing.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: busybox)
        }
        #expect(packed[0] == packed[1])
        #expect(
            packed[0]
                == NewcArchive.encode(
                    InitramfsBuilder.entries(MarkerInitramfs(busybox: busybox, marker: "UP"), busybox: Data("busybox".utf8))))
    }
}
