import CommandValues
import Foundation
import OdroidProcess

/// A boot-proof preparation step that failed (fetching the payload, building an initramfs or an env
/// image, starting QEMU): what was being done, the command that failed, and what it printed.
/// A boot that runs and fails is not an error but a `BootOutcome`.
public struct BootProofError: Error, CustomStringConvertible {
    public var message: String
    public var command: Command?
    public var output: String

    public init(_ message: String, command: Command? = nil, output: String = "") {
        self.message = message
        self.command = command
        self.output = output
    }

    public var description: String {
        var text = message
        if let command { text += "\n  command: \(command.shellLine)" }
        let said = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if !said.isEmpty { text += "\n  output: " + said.split(separator: "\n").suffix(15).joined(separator: "\n          ") }
        return text
    }
}

extension ProcessRunning {
    /// Runs `command`, captured, and throws a `BootProofError` naming `what` unless it exits 0.
    @discardableResult
    func checked(_ command: Command, input: String? = nil, _ what: String) throws -> ProcessResult {
        let result = try run(command, output: .capture, input: input)
        guard result.succeeded else {
            throw BootProofError("\(what) failed (\(result.termination))", command: command, output: result.stderrText + result.stdoutText)
        }
        return result
    }
}
