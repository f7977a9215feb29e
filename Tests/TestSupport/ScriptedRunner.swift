import CommandValues
import Foundation
import OdroidProcess

/// A fake `ProcessRunning` for pure unit tests at the process seam: it answers only the commands it was
/// told to expect, in order, and records a failure for anything else (it never guesses a result).
public final class ScriptedRunner: ProcessRunning, @unchecked Sendable {
    public struct Expectation {
        public var argv: [String]
        public var result: (Command) -> ProcessResult
        /// For `start`: what the started child prints and how it ends (nil: expected through `run`).
        public var started: ScriptedProcess.Script?
        /// When set, decides instead of comparing argv (for arguments a test cannot know, such as the
        /// `/proc/<pid>/fd/N` of a `ToolPath` or a private directory's name).
        public var matches: (@Sendable (Command) -> Bool)?
        public init(argv: [String], result: @escaping (Command) -> ProcessResult) {
            self.argv = argv
            self.result = result
        }
        /// Expect `argv` to be started (not run): it prints `lines` one by one, `interval` seconds apart,
        /// then `unfinished` without a line break (a prompt), then ends with `exit`, or runs until stopped.
        public static func starts(
            _ argv: [String], lines: [String], interval: Double = 0.01, unfinished: String = "",
            exit: Termination? = nil
        ) -> Expectation {
            var expectation = Expectation(argv: argv) { ProcessResult(command: $0, termination: .exited(0), seconds: 0, stdout: Data()) }
            expectation.started = ScriptedProcess.Script(lines: lines, interval: interval, unfinished: unfinished, exit: exit)
            return expectation
        }
        /// This expectation for any command `predicate` accepts (`argv` stays for messages).
        public func when(_ predicate: @escaping @Sendable (Command) -> Bool) -> Expectation {
            var copy = self
            copy.matches = predicate
            return copy
        }
        /// Expect `argv` and answer with exit status `status` and `stdout`.
        public static func exits(_ argv: [String], status: Int32 = 0, stdout: String = "", stderr: String = "") -> Expectation {
            Expectation(argv: argv) {
                ProcessResult(command: $0, termination: .exited(status), seconds: 0, stdout: Data(stdout.utf8), stderr: Data(stderr.utf8))
            }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unexpected(Command, expected: [String]?)
        public var description: String {
            switch self {
            case .unexpected(let command, let expected):
                return "unexpected command: \(command.shellLine)"
                    + (expected.map { "; expected: \($0.joined(separator: " "))" } ?? "; no more commands expected")
            }
        }
    }

    private let lock = NSLock()
    private var queue: [Expectation]
    public private(set) var received: [Command] = []

    public init(_ expectations: [Expectation]) { queue = expectations }

    public func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult {
        let next = try take(command, started: false)
        return next.result(command)
    }

    public func start(_ command: Command, logPath: String, onLine: (@Sendable (String) -> Void)?) throws -> any StartedProcess {
        let next = try take(command, started: true)
        return try ScriptedProcess(command: command, logPath: logPath, script: next.started!, onLine: onLine)
    }

    private func take(_ command: Command, started: Bool) throws -> Expectation {
        try lock.withLock {
            received.append(command)
            guard let next = queue.first else { throw Failure.unexpected(command, expected: nil) }
            let same = next.matches.map { $0(command) } ?? (next.argv == command.argv)
            guard same, (next.started != nil) == started else { throw Failure.unexpected(command, expected: next.argv) }
            queue.removeFirst()
            return next
        }
    }

    /// Commands that were expected but never ran.
    public var unused: [[String]] { lock.withLock { queue.map(\.argv) } }
}

/// The child a `ScriptedRunner` starts: a thread writes the scripted lines into the log (after the same
/// `$ command` header the real runner writes) and hands each to `onLine`; it ends as scripted, or when
/// terminated (then as killed by SIGTERM).
public final class ScriptedProcess: StartedProcess, @unchecked Sendable {
    public struct Script: Sendable {
        public var lines: [String]
        public var interval: Double
        public var unfinished: String
        public var exit: Termination?
    }

    public let command: Command
    public let logPath: String
    private let started = Date()
    private let lock = NSLock()
    private var ended: Termination?
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(command: Command, logPath: String, script: Script, onLine: (@Sendable (String) -> Void)?) throws {
        self.command = command
        self.logPath = logPath
        try Data("$ \(command.shellLine)\n".utf8).write(to: URL(fileURLWithPath: logPath))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        Thread.detachNewThread { [self] in
            for line in script.lines {
                if lock.withLock({ stopped }) { break }
                Thread.sleep(forTimeInterval: script.interval)
                handle.write(Data((line + "\n").utf8))
                onLine?(line)
            }
            if !lock.withLock({ stopped }) { handle.write(Data(script.unfinished.utf8)) }
            try? handle.close()
            if let exit = script.exit { lock.withLock { if ended == nil { ended = exit } } }
            done.signal()
        }
    }

    public var elapsedSeconds: Double { Date().timeIntervalSince(started) }

    public func poll() -> Termination? { lock.withLock { ended } }

    public func wait(drainTimeout: Double) -> Termination {
        while poll() == nil { usleep(5_000) }
        return poll()!
    }

    public func terminate(grace: Double) -> Termination {
        lock.withLock {
            stopped = true
            if ended == nil { ended = .signaled(SIGTERM) }
        }
        _ = done.wait(timeout: .now() + 5)
        return poll()!
    }
}
