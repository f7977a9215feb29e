import BootProof
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport
import Testing
import UBootImage

/// The tool-path mechanism itself, with the tools it protects against.
@Suite("ToolPath: tools get a descriptor path, never the user's name", .tags(.realProcess))
struct ToolPathTests {
    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-toolpath-\(UUID().uuidString.prefix(6))/\(name)")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aToolPathIsPlainAndNamesTheSameFile() throws {
        let dir = try scratch("odd $(x), name@@0:?")
        let file = dir + "/image.img"
        try Data("contents".utf8).write(to: URL(fileURLWithPath: file))
        let opened = try ToolPath(opening: file, access: .readWrite)
        #expect(PlainWord.isPlain(opened.path) && opened.path.hasPrefix("/proc/\(getpid())/fd/"))
        #expect(try String(contentsOfFile: opened.path, encoding: .utf8) == "contents")
        opened.close()
        #expect(!FileManager.default.fileExists(atPath: opened.path), "closed: the path names nothing")
    }

    @Test func onlyRegularFilesAndBlockDevicesAreOpened() throws {
        let dir = try scratch("kinds")
        #expect(throws: ToolPathError.notAFile(path: dir)) { try ToolPath(opening: dir) }
        let fifo = dir + "/fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ToolPathError.notAFile(path: fifo), "a FIFO is refused without blocking") { try ToolPath(opening: fifo) }
        #expect(throws: ToolPathError.self, "a missing file is never created") { try ToolPath(opening: dir + "/missing") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing"))
    }

    @Test func isPlainRejectsWhatSomeToolReinterprets() {
        for path in ["a:b", "a,b", "a?offset=1", "a@@0", "-x", "a$b", "a b", "a\nb", "a*", "a~", ""] {
            #expect(!PlainWord.isPlain(path), "\(path.debugDescription)")
        }
        #expect(PlainWord.isPlain("/proc/12/fd/7") && PlainWord.isPlain("/work/odroid/out/boot.cmd"))
    }

    /// mkimage splits a script image's -d at ':'; through `runShielded` (the one guard) the one file is wrapped.
    @Test func aScriptWhosePathHasAColonIsWrappedWhole() throws {
        let dir = try scratch("work:dir")
        let text = "setenv bootargs \"console=ttyAMA0\"\nbootm 0x43000000\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/boot.cmd"))
        let mkimage = MkimageCommand.command(.script, arch: "arm", name: "colon", input: dir + "/boot.cmd", output: dir + "/boot.scr")
        let made = try SpawnRunner().runShielded(mkimage)
        #expect(made.succeeded, "\(made.stderrText)")
        let image = try LegacyImage(try Data(contentsOf: URL(fileURLWithPath: dir + "/boot.scr")))
        #expect(try image.scriptText() == text)
    }

    @Test func aPrivateDirectoryIsPlainAndGoesAway() throws {
        let made = try PrivateDirectory(base: "/tmp", purpose: "test")
        #expect(PlainWord.isPlain(made.path))
        var info = stat()
        #expect(stat(made.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        try Data("x".utf8).write(to: URL(fileURLWithPath: made.file("a")))
        made.remove()
        #expect(!FileManager.default.fileExists(atPath: made.path))
    }
}
