import CommandValues
/// The one seam through which every external command runs. Production code uses `SpawnRunner`;
/// unit tests use a scripted fake from TestSupport that fails loudly on any unexpected command.
public protocol ProcessRunning: Sendable {
    /// Runs `command` to completion. Throws only when it cannot be started; a non-zero exit is data.
    func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult
    /// Starts `command` without waiting for it (QEMU during a boot proof): output interleaved into the log at
    /// `logPath` after a `$ command line` header, each complete line also passed to `onLine`. Throws only
    /// when it cannot be started.
    func start(_ command: Command, logPath: String, onLine: (@Sendable (String) -> Void)?) throws -> any StartedProcess
}

/// A child that runs while the caller watches it (`ProcessRunning.start`): `BackgroundProcess` for a real
/// one, a scripted one in the tests.
public protocol StartedProcess: AnyObject, Sendable {
    var command: Command { get }
    var logPath: String { get }
    /// Seconds since it started.
    var elapsedSeconds: Double { get }
    /// How it ended, or nil while it runs; never blocks.
    func poll() -> Termination?
    /// Blocks until it ends and its output has reached the log (at most `drainTimeout` seconds more).
    @discardableResult func wait(drainTimeout: Double) -> Termination
    /// Stops it (SIGTERM, then SIGKILL after `grace` seconds); a child that had ended keeps its termination.
    @discardableResult func terminate(grace: Double) -> Termination
}

extension StartedProcess {
    public var isRunning: Bool { poll() == nil }
    @discardableResult public func wait() -> Termination { wait(drainTimeout: 2) }
    @discardableResult public func terminate() -> Termination { terminate(grace: 2) }
}

extension ProcessRunning {
    public func run(_ command: Command, output: OutputMode = .capture) throws -> ProcessResult {
        try run(command, output: output, input: nil)
    }

    public func start(_ command: Command, logPath: String) throws -> any StartedProcess {
        try start(command, logPath: logPath, onLine: nil)
    }
}
