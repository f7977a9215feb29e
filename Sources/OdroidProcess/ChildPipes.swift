import CProcessSpawn
import Foundation

/// The file descriptors wired to a child's stdin, stdout and stderr for one `OutputMode`.
struct ChildPipes {
    var stdinRead: Int32?, stdinWrite: Int32?
    var stdoutRead: Int32?, stdoutWrite: Int32?
    var stderrRead: Int32?, stderrWrite: Int32?
    var mode: OutputMode

    init(output: OutputMode, hasInput: Bool) throws {
        mode = output
        if hasInput { (stdinRead, stdinWrite) = try Self.pipe() }
        switch output {
        case .capture:
            (stdoutRead, stdoutWrite) = try Self.pipe()
            (stderrRead, stderrWrite) = try Self.pipe()
        case .log:
            (stdoutRead, stdoutWrite) = try Self.pipe()
        case .inherit, .discard:
            break
        }
    }

    private static func pipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard odroid_pipe_cloexec(&fds) == 0 else { throw ProcessError.spawnFailed(program: "pipe", errno: errno) }
        return (fds[0], fds[1])
    }

    func addActions(_ actions: inout posix_spawn_file_actions_t) {
        if let fd = stdinRead {
            posix_spawn_file_actions_adddup2(&actions, fd, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        switch mode {
        case .capture:
            posix_spawn_file_actions_adddup2(&actions, stdoutWrite!, 1)
            posix_spawn_file_actions_adddup2(&actions, stderrWrite!, 2)
        case .log:
            posix_spawn_file_actions_adddup2(&actions, stdoutWrite!, 1)
            posix_spawn_file_actions_adddup2(&actions, stdoutWrite!, 2)
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .inherit:
            break
        }
    }

    /// After the spawn: the parent keeps only its own ends.
    func closeChildEnds() {
        for fd in [stdinRead, stdoutWrite, stderrWrite].compactMap({ $0 }) { close(fd) }
    }

    func closeAll() {
        for fd in [stdinRead, stdinWrite, stdoutRead, stdoutWrite, stderrRead, stderrWrite].compactMap({ $0 }) { close(fd) }
    }
}

/// Reads a child's output pipes on background threads into memory, a log file and a line observer.
final class OutputCollector: @unchecked Sendable {
    enum Stream { case stdout, stderr }

    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let mode: OutputMode
    private let logFD: Int32

    init(output: OutputMode, logFD: Int32) {
        self.mode = output
        self.logFD = logFD
    }

    var stdout: Data { lock.withLock { out } }
    var stderr: Data { lock.withLock { err } }

    func drain(_ fd: Int32, into stream: Stream, group: DispatchGroup) {
        group.enter()
        Thread.detachNewThread { [self] in
            var partial = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                let chunk = Data(buffer[0..<n])
                switch mode {
                case .capture:
                    lock.withLock { if stream == .stdout { out.append(chunk) } else { err.append(chunk) } }
                case .log(_, let onLine):
                    _ = buffer.withUnsafeBytes { write(logFD, $0.baseAddress!, n) }
                    if let onLine {
                        partial.append(chunk)
                        while let newline = partial.firstIndex(of: 0x0A) {
                            onLine(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                            partial = Data(partial[(newline + 1)...])
                        }
                    }
                case .inherit, .discard:
                    break
                }
            }
            if case .log(_, let onLine?) = mode, !partial.isEmpty {
                onLine(String(decoding: partial, as: UTF8.self))
            }
            close(fd)
            group.leave()
        }
    }
}
