import BootPartition
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import Testing
import TestSupport

/// The script wrapper at the process seam: the one mkimage line (MkimageCommand's, with its timestamp), its
/// input in a scratch directory under a plain name, the image mkimage wrote returned, and mkimage's own
/// failure reported, not swallowed. `ToolPathTests` runs the real mkimage on a path with a `:`.
@Suite("Script images go through one mkimage line", .tags(.pure))
struct ScriptImageTests {
    static func isScriptMkimage(_ command: Command) -> Bool {
        command.program == "mkimage" && command.environment == ["SOURCE_DATE_EPOCH": MkimageCommand.sourceDateEpoch]
            && Array(command.argv[1..<12]) == ["-A", "arm", "-O", "linux", "-T", "script", "-C", "none", "-n", "odroid-build 6.1", "-d"]
            && command.argv[12].hasSuffix("/boot.cmd") && command.argv[13].hasSuffix("/boot.scr") && PlainWord.isPlain(command.argv[12])
    }

    @Test func mkimageFailingIsAnErrorNamingIt() throws {
        let runner = ScriptedRunner([.exits(["mkimage"], status: 1, stderr: "mkimage: Can't map boot.cmd").when(Self.isScriptMkimage)])
        #expect {
            _ = try ScriptImage.wrap("echo hi\n", name: "odroid-build 6.1", arch: "arm", runner: runner)
        } throws: { error in
            "\(error)".contains("mkimage exit status 1: mkimage: Can't map boot.cmd")
        }
        #expect(runner.unused.isEmpty && runner.received.count == 1)
    }

    /// mkimage as the fake plays it: remembers what its -d holds, writes an "image" at its output.
    static func mkimage(writes image: Data, seen: Seen) -> ScriptedRunner.Expectation {
        ScriptedRunner.Expectation(argv: ["mkimage", "...", "-d", "<dir>/boot.cmd", "<dir>/boot.scr"]) { command in
            seen.input = FileManager.default.contents(atPath: command.argv[12]).map { String(decoding: $0, as: UTF8.self) }
            _ = FileManager.default.createFile(atPath: command.argv[13], contents: image)
            return ProcessResult(command: command, termination: .exited(0), seconds: 0, stdout: Data())
        }.when(Self.isScriptMkimage)
    }

    final class Seen: @unchecked Sendable {
        var input: String?
    }

    @Test func theArgvIsMkimageCommandsAndTheImageIsWhatMkimageWrote() throws {
        let seen = Seen()
        let text = "setenv bootargs \"console=ttySAC2,115200n8\"\nbootm 0x40008000\n"
        let runner = ScriptedRunner([Self.mkimage(writes: Data([0x27, 0x05, 0x19, 0x56]), seen: seen)])
        let image = try ScriptImage.wrap(text, name: "odroid-build 6.1", arch: "arm", runner: runner)

        #expect(image == Data([0x27, 0x05, 0x19, 0x56]))
        #expect(seen.input == text, "mkimage's -d holds the script text as given")
        let command = try #require(runner.received.first)
        #expect(
            command.argv
                == MkimageCommand.command(.script, arch: "arm", name: "odroid-build 6.1", input: command.argv[12], output: command.argv[13])
                .argv)
        #expect(
            !FileManager.default.fileExists(atPath: URL(fileURLWithPath: command.argv[12]).deletingLastPathComponent().path),
            "the scratch directory is removed")
    }

    @Test func aScratchBaseWithAColonNeverReachesMkimage() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-script:\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let runner = ScriptedRunner([Self.mkimage(writes: Data("img".utf8), seen: Seen())])
        _ = try ScriptImage.wrap("echo hi\n", name: "odroid-build 6.1", arch: "arm", runner: runner, scratchBase: base)
        let input = try #require(runner.received.first?.argv[12])
        #expect(!input.contains(":") && PlainWord.isPlain(input), "\(input)")
    }

    @Test func mkimageThatCannotStartIsAnErrorSayingWhatToInstall() throws {
        // An empty script: the fake throws as a runner does when mkimage is not installed.
        #expect {
            _ = try ScriptImage.wrap("echo hi\n", name: "odroid-build 6.1", arch: "arm", runner: ScriptedRunner([]))
        } throws: { error in
            guard let error = error as? BootPartitionError else { return false }
            return "\(error)".contains("install u-boot-tools")
        }
    }

    @Test func anImageMkimageDidNotWriteIsAnError() throws {
        // mkimage "succeeds" but leaves no output: never an empty script on the partition.
        let runner = ScriptedRunner([.exits(["mkimage"]).when(Self.isScriptMkimage)])
        #expect(throws: BootPartitionError.self) {
            _ = try ScriptImage.wrap("echo hi\n", name: "odroid-build 6.1", arch: "arm", runner: runner)
        }
    }
}
