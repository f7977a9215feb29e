import Foundation

/// One run per work directory: an exclusive flock(2) on a lock file there, taken before the first step and
/// released when the run ends or its process dies (the kernel drops the lock with the process). The file
/// holds who took it, so a second run can name the first.
public final class WorkDirectoryLock: @unchecked Sendable {
    /// Who holds the lock, as written into the lock file by the holder.
    public struct Holder: Codable, Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32
        public var command: String
        public var startedAt: Date

        public var description: String {
            "pid \(pid), started \(ISO8601DateFormatter().string(from: startedAt)): \(command)"
        }
    }

    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Takes the lock of `workDirectory` or throws `ExecutionError.locked` naming the run that holds it.
    public static func acquire(workDirectory: String, command: String) throws -> WorkDirectoryLock {
        let path = "\(workDirectory)/.odroid-build.lock"
        // O_CLOEXEC: children must not inherit the lock, or a stray compiler would keep it after we die.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ExecutionError.io(path: path, message: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = readHolder(fd)
            close(fd)
            throw ExecutionError.locked(path: path, holder: holder)
        }
        let holder = Holder(pid: getpid(), command: command, startedAt: Date())
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        if let data = try? encoder.encode(holder) {
            ftruncate(fd, 0)
            _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, data.count, 0) }
        }
        return WorkDirectoryLock(path: path, fd: fd)
    }

    private static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return try? JSONDecoder.iso.decode(Holder.self, from: Data(buffer[0..<n]))
    }

    /// Releases the lock (also done by the kernel if the process dies). The file stays; only the flock matters.
    public func release() {
        guard fd >= 0 else { return }
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
