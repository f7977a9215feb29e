import CommandValues
import Foundation
import OdroidProcess

/// A fake `ProcessRunning` for pure unit tests at the process seam: it answers only the commands it was
/// told to expect, in order, and records a failure for anything else (it never guesses a result).
public final class ScriptedRunner: ProcessRunning, @unchecked Sendable {
    public struct Expectation {
        public var argv: [String]
        public var result: (Command) -> ProcessResult
        public init(argv: [String], result: @escaping (Command) -> ProcessResult) {
            self.argv = argv
            self.result = result
        }
        /// Expect `argv` and answer with exit status `status` and `stdout`.
        public static func exits(_ argv: [String], status: Int32 = 0, stdout: String = "") -> Expectation {
            Expectation(argv: argv) { ProcessResult(command: $0, termination: .exited(status), seconds: 0, stdout: Data(stdout.utf8)) }
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unexpected(Command, expected: [String]?)
        public var description: String {
            switch self {
            case .unexpected(let command, let expected):
                return "unexpected command: \(command.shellLine)" + (expected.map { "; expected: \($0.joined(separator: " "))" } ?? "; no more commands expected")
            }
        }
    }

    private let lock = NSLock()
    private var queue: [Expectation]
    public private(set) var received: [Command] = []

    public init(_ expectations: [Expectation]) { queue = expectations }

    public func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult {
        try lock.withLock {
            received.append(command)
            guard let next = queue.first else { throw Failure.unexpected(command, expected: nil) }
            guard next.argv == command.argv else { throw Failure.unexpected(command, expected: next.argv) }
            queue.removeFirst()
            return next.result(command)
        }
    }

    /// Commands that were expected but never ran.
    public var unused: [[String]] { lock.withLock { queue.map(\.argv) } }
}
