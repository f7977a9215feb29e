import CommandValues
/// The one seam through which every external command runs. Production code uses `SpawnRunner`;
/// unit tests use a scripted fake from TestSupport that fails loudly on any unexpected command.
public protocol ProcessRunning: Sendable {
    /// Runs `command` to completion. Throws only when it cannot be started; a non-zero exit is data.
    func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult
}

extension ProcessRunning {
    public func run(_ command: Command, output: OutputMode = .capture) throws -> ProcessResult {
        try run(command, output: output, input: nil)
    }
}
