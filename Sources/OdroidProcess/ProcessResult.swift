import CommandValues
import Foundation

/// How a child process ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// What a finished command produced: its termination as data, never as a thrown error.
public struct ProcessResult: Sendable {
    public var command: Command
    public var termination: Termination
    /// Wall-clock time from spawn to reap, in seconds.
    public var seconds: Double
    /// Standard output, when the output mode captured it.
    public var stdout: Data
    /// Standard error, when the output mode captured it.
    public var stderr: Data

    public init(command: Command, termination: Termination, seconds: Double, stdout: Data = Data(), stderr: Data = Data()) {
        self.command = command
        self.termination = termination
        self.seconds = seconds
        self.stdout = stdout
        self.stderr = stderr
    }

    public var succeeded: Bool { termination == .exited(0) }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Where a child's output goes.
public enum OutputMode: Sendable {
    /// Capture stdout and stderr separately into the result (for small outputs such as `make -s kernelrelease`).
    case capture
    /// Append stdout and stderr, interleaved as they come, to a log file that starts with the command line;
    /// `onLine` sees each complete line (progress displays, `--verbose` streaming).
    case log(path: String, onLine: (@Sendable (String) -> Void)? = nil)
    /// Share the caller's terminal.
    case inherit
    /// Throw everything away.
    case discard
}

/// Failures to start a command at all; a command that starts and fails is a `ProcessResult`.
public enum ProcessError: Error, CustomStringConvertible, Equatable {
    case executableNotFound(String)
    case spawnFailed(program: String, errno: Int32)
    case cannotOpenLog(path: String, errno: Int32)
    case workingDirectoryMissing(String)

    public var description: String {
        switch self {
        case .executableNotFound(let name):
            return "'\(name)' was not found in PATH"
        case .spawnFailed(let program, let err):
            return "could not start '\(program)': \(String(cString: strerror(err)))"
        case .cannotOpenLog(let path, let err):
            return "cannot open log file \(path): \(String(cString: strerror(err)))"
        case .workingDirectoryMissing(let dir):
            return "working directory \(dir) does not exist"
        }
    }
}
