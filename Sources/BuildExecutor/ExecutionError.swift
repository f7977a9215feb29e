import Foundation
import OdroidProcess

/// Why a run stopped without finishing. Each case says what was expected, what was found, and where.
public enum ExecutionError: Error, CustomStringConvertible {
    /// Another run holds the work directory.
    case locked(path: String, holder: WorkDirectoryLock.Holder?)
    /// Tools the plan needs are not installed (checked before the first step).
    case missingTools([ToolCheck.Missing])
    /// A step ran and failed.
    case stepFailed(StepFailure)
    /// Ctrl-C or SIGTERM: the running children were stopped.
    case interrupted(step: String?)
    /// `--until` or `--rebuild` named a step the plan does not have.
    case unknownStep(option: String, step: String, known: [String])
    /// A file the executor writes itself could not be written.
    case io(path: String, message: String)
    /// The plan must not run at all (`Plan.refusal`): nothing was started or written.
    case refused(String)

    public var description: String {
        switch self {
        case .locked(let path, let holder):
            if let holder { return "the work directory is in use by another run (\(holder)); lock \(path)" }
            return "the work directory is in use by another run; lock \(path)"
        case .missingTools(let missing):
            return "\(missing.count) required tool\(missing.count == 1 ? " is" : "s are") missing:\n"
                + missing.map { "  " + $0.description }.joined(separator: "\n")
                + ToolCheck.installHint(missing)
        case .stepFailed(let failure):
            return failure.description
        case .interrupted(let step):
            return "interrupted" + (step.map { " during step \($0)" } ?? "") + "; running commands were stopped"
        case .unknownStep(let option, let step, let known):
            return "\(option) \(step): the plan has no step '\(step)'; steps: \(known.joined(separator: ", "))"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .refused(let why):
            return why
        }
    }
}

/// A failed step: its name, the exact command, how it ended, and the end of its log.
public struct StepFailure: Sendable, CustomStringConvertible {
    public var step: String
    public var title: String
    /// The command as a copy-pasteable shell line; nil for an action done inside the tool.
    public var command: String?
    /// "exit status 2", "killed by signal 9", "'mkinitrd' was not found in PATH", ...
    public var reason: String
    public var logPath: String
    public var logTail: [String]

    public var description: String {
        var text = "step \(step) (\(title)) failed: \(reason)\n"
        if let command { text += "  command: \(command)\n" }
        if !logTail.isEmpty {
            text += "  last \(logTail.count) line\(logTail.count == 1 ? "" : "s") of the log:\n"
            text += logTail.map { "    | " + $0 }.joined(separator: "\n") + "\n"
        }
        text += "  full log: \(logPath)"
        return text
    }

    /// The last `count` lines of the file at `path` (reads at most the last 64 KiB).
    static func tail(of path: String, lines count: Int) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > 65536 ? size - 65536 : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if start > 0, !lines.isEmpty { lines.removeFirst() }  // cut mid-line
        while lines.last?.isEmpty == true { lines.removeLast() }
        return Array(lines.suffix(count))
    }
}
