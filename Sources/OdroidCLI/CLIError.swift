import ArgumentParser
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Errors the commands report: usage and validation problems exit 2 (nothing was changed), a failed
/// step exits 1, an interrupted run 130. Each says which phase failed.
enum CLIError: Error {
    case usage(String)
    case diagnostics(phase: FailurePhase, Diagnostics)
    case failed(phase: FailurePhase, String)

    var exitCode: Int32 {
        switch self {
        case .usage, .diagnostics: return 2
        case .failed: return 1
        }
    }
}

/// Runs a command body, printing CLIErrors to stderr in `file:line: error: message` form and exiting
/// with their status; warnings from successful phases are printed by the commands themselves.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CLIError {
        switch error {
        case .usage(let message):
            Terminal.error("odroid-build: error: \(message)")
        case .diagnostics(let phase, let diagnostics):
            let count = diagnostics.errors.count
            Terminal.error("odroid-build: \(phase) failed with \(count) error\(count == 1 ? "" : "s"):")
            for item in diagnostics.items { Terminal.error(item.description) }
        case .failed(let phase, let message):
            Terminal.error("odroid-build: \(phase) failed: \(message)")
        }
        throw ExitCode(error.exitCode)
    }
}

/// Output helpers: stdout for results, stderr for diagnostics and progress. Every byte the commands print goes
/// through `TerminalText.safe`: messages carry paths, profile values, what a manifest or a tool said, and none
/// of those may reach the terminal as an escape sequence (a renamed window, a cleared screen, a line
/// overwritten by CR). The only control sequence printed raw is the one `status` itself adds.
enum Terminal {
    static func error(_ line: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((TerminalText.safe(line) + (newline ? "\n" : "")).utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.safe(text).utf8))
    }

    /// JSON for standard output: `TerminalText.json`, so the escapes stay valid JSON.
    static func json(_ text: String) {
        out(TerminalText.json(text))
    }

    /// Rewrites the status line of a terminal (CR, clear to end of line) with `text`, which is made safe.
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + TerminalText.inline(text)).utf8))
    }

    static func warnings(_ diagnostics: [Diagnostic]) {
        for item in diagnostics where item.severity != .error { error(item.description) }
    }
}
