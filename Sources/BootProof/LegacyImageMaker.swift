import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Wraps files in u-boot legacy image headers with the real `mkimage` (u-boot-tools), the way a boot
/// partition for `bootm` and `source` needs them. The command line is `MkimageCommand`'s, so the same
/// input gives the same bytes here as in a build.
public struct LegacyImageMaker: Sendable {
    /// The image types (the same as every other mkimage line of the project).
    public typealias Kind = MkimageCommand.Kind

    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// The mkimage command for `kind`; kept separate so dry runs and tests can print it.
    public func command(_ kind: Kind, name: String, input: String, output: String) -> Command {
        MkimageCommand.command(kind, arch: "arm", name: name, input: input, output: output)
    }

    /// Runs the command; a script's `-d` that mkimage would split at `:` goes as a `ToolPath`.
    public func make(_ kind: Kind, name: String, input: String, output: String) throws {
        let (shielded, opened) = try ReinterpretedArguments.shielded(command(kind, name: name, input: input, output: output))
        defer { opened.forEach { $0.close() } }
        try runner.checked(shielded, "mkimage of \(output)")
    }

    /// Writes `text` to `output`.txt beside it and wraps it as a script image at `output`.
    public func makeScript(text: String, name: String, output: String) throws {
        let source = output + ".txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: source))
        try make(.script, name: name, input: source, output: output)
    }
}
