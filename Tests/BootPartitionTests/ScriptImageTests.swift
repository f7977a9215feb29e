import BootPartition
import CommandValues
import Foundation
import OdroidCore
import Testing
import TestSupport

/// The script wrapper at the process seam: the one mkimage line (MkimageCommand's, with its timestamp), its
/// input in a private directory under a plain name, and mkimage's own failure reported, not swallowed.
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

    @Test func anImageMkimageDidNotWriteIsAnError() throws {
        // mkimage "succeeds" but leaves no output: never an empty script on the partition.
        let runner = ScriptedRunner([.exits(["mkimage"]).when(Self.isScriptMkimage)])
        #expect(throws: BootPartitionError.self) {
            _ = try ScriptImage.wrap("echo hi\n", name: "odroid-build 6.1", arch: "arm", runner: runner)
        }
    }
}
