import CommandValues
import Foundation

/// A child started by `SpawnRunner.start` that runs while the caller watches it: QEMU during a boot proof,
/// whose console has to be read as it arrives and which has to be stopped once the verdict is known.
/// Output goes to a log file (with the command line first, as in `OutputMode.log`); every complete line
/// is also handed to `onLine` as it arrives. The child leads its own process group and is registered in
/// `RunningChildren`, so Ctrl-C handling stops it like any other child.
public final class BackgroundProcess: StartedProcess, @unchecked Sendable {
    public let command: Command
    public let pid: pid_t
    public let logPath: String

    private let lock = NSLock()
    private var ended: Termination?
    private let readers: DispatchGroup
    private let startNanos: UInt64

    init(command: Command, pid: pid_t, logPath: String, readers: DispatchGroup, startNanos: UInt64) {
        self.command = command
        self.pid = pid
        self.logPath = logPath
        self.readers = readers
        self.startNanos = startNanos
    }

    /// Seconds since the child was spawned.
    public var elapsedSeconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - startNanos) / 1e9
    }

    /// How the child ended, or nil while it still runs. Never blocks; reaps the child once it has ended.
    public func poll() -> Termination? {
        lock.withLock {
            if let ended { return ended }
            var status: Int32 = 0
            var rc: pid_t
            repeat { rc = waitpid(pid, &status, WNOHANG) } while rc < 0 && errno == EINTR
            guard rc == pid else { return nil }
            let termination = SpawnRunner.termination(status)
            ended = termination
            RunningChildren.shared.remove(pid)
            return termination
        }
    }

    /// Blocks until the child ends, then until its output has reached the log (at most `drainTimeout`
    /// seconds more, in case a grandchild still holds the pipe).
    @discardableResult
    public func wait(drainTimeout: Double) -> Termination {
        var termination = poll()
        while termination == nil {
            usleep(10_000)
            termination = poll()
        }
        _ = readers.wait(timeout: .now() + drainTimeout)
        return termination!
    }

    /// Stops the child's whole process group: SIGTERM, then SIGKILL if it is still there after `grace`
    /// seconds. Returns how it ended (a child that had already ended keeps its own termination).
    @discardableResult
    public func terminate(grace: Double) -> Termination {
        if let ended = poll() { return ended }
        kill(-pid, SIGTERM)
        let deadline = elapsedSeconds + grace
        while elapsedSeconds < deadline {
            if poll() != nil { return wait() }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        return wait()
    }
}

extension SpawnRunner {
    /// Starts `command` without waiting for it: stdin from /dev/null, stdout and stderr interleaved into the
    /// log at `logPath` (appended, after a `$ command line` header), each complete line also passed to
    /// `onLine` on a reader thread. Throws only when the command cannot be started.
    public func start(_ command: Command, logPath: String, onLine: (@Sendable (String) -> Void)?) throws -> any StartedProcess {
        try startBackground(command, logPath: logPath, onLine: onLine)
    }

    /// `start`, with the concrete type (its pid) for callers that need it.
    public func startBackground(_ command: Command, logPath: String, onLine: (@Sendable (String) -> Void)? = nil) throws
        -> BackgroundProcess
    {
        var env = baseEnvironment
        for (key, value) in command.environment { env[key] = value }
        guard let executable = ExecutableLookup.find(command.program, path: env["PATH"]) else {
            throw ProcessError.executableNotFound(command.program)
        }
        if let dir = command.workingDirectory {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw ProcessError.workingDirectoryMissing(dir)
            }
        }
        trace?(command)

        let logFD = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { throw ProcessError.cannotOpenLog(path: logPath, errno: errno) }
        let header = "$ \(command.shellLine)\n"
        _ = header.withCString { write(logFD, $0, strlen($0)) }

        let output = OutputMode.log(path: logPath, onLine: onLine)
        let io: ChildPipes
        let pid: pid_t
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            io = try ChildPipes(output: output, hasInput: false)
            pid = try spawn(executable: executable, command: command, env: env, io: io)
        } catch {
            close(logFD)
            throw error
        }
        RunningChildren.shared.add(pid)
        io.closeChildEnds()

        let collector = OutputCollector(output: output, logFD: logFD)
        let readers = DispatchGroup()
        if let fd = io.stdoutRead { collector.drain(fd, into: .stdout, group: readers) }
        readers.notify(queue: .global()) { close(logFD) }
        return BackgroundProcess(command: command, pid: pid, logPath: logPath, readers: readers, startNanos: start)
    }
}
