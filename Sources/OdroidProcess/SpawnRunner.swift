import CProcessSpawn
import CommandValues
import Foundation

/// The production runner: `posix_spawn` without a shell, each child in its own process group,
/// stdin from /dev/null unless input is given, output captured, logged or passed through.
public struct SpawnRunner: ProcessRunning {
    /// Called with every command just before it starts (the CLI prints these with `--verbose`).
    public var trace: (@Sendable (Command) -> Void)?
    /// The environment children inherit before a command's own variables are applied.
    public var baseEnvironment: [String: String]

    public init(trace: (@Sendable (Command) -> Void)? = nil, baseEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.trace = trace
        self.baseEnvironment = baseEnvironment
    }

    public func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult {
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

        var logFD: Int32 = -1
        if case .log(let path, _) = output {
            logFD = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard logFD >= 0 else { throw ProcessError.cannotOpenLog(path: path, errno: errno) }
            let header = "$ \(command.shellLine)\n"
            _ = header.withCString { write(logFD, $0, strlen($0)) }
        }
        defer { if logFD >= 0 { close(logFD) } }

        let io = try ChildPipes(output: output, hasInput: input != nil)
        let start = DispatchTime.now().uptimeNanoseconds
        let pid = try spawn(executable: executable, command: command, env: env, io: io)
        RunningChildren.shared.add(pid)
        io.closeChildEnds()

        let collector = OutputCollector(output: output, logFD: logFD)
        let readers = DispatchGroup()
        if let fd = io.stdoutRead { collector.drain(fd, into: .stdout, group: readers) }
        if let fd = io.stderrRead { collector.drain(fd, into: .stderr, group: readers) }
        if let text = input, let fd = io.stdinWrite {
            DispatchQueue.global().async {
                text.utf8CString.withUnsafeBufferPointer { buf in
                    var offset = 0
                    let count = buf.count - 1
                    while offset < count {
                        let n = write(fd, buf.baseAddress! + offset, count - offset)
                        if n <= 0 { break }
                        offset += n
                    }
                }
                close(fd)
            }
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        RunningChildren.shared.remove(pid)
        readers.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ProcessResult(
            command: command, termination: Self.termination(status), seconds: seconds,
            stdout: collector.stdout, stderr: collector.stderr)
    }

    func spawn(executable: String, command: Command, env: [String: String], io: ChildPipes) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        io.addActions(&actions)
        if let dir = command.workingDirectory { _ = odroid_spawn_addchdir(&actions, dir) }

        // Own process group; default signal dispositions and an empty mask, whatever the parent set.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = command.argv.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            io.closeAll()
            throw ProcessError.spawnFailed(program: command.program, errno: rc)
        }
        return pid
    }

    static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }
}
