import Foundation

/// Files the tool writes itself appear complete or not at all: written under a temporary name in the same
/// directory, flushed, then renamed over the final name (rename is atomic within one filesystem).
public enum AtomicFile {
    /// A temporary name next to `path` that no other run or step uses.
    public static func temporaryName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
    }

    /// Writes `data` to `path` through a temporary file.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = temporaryName(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw ExecutionError.io(path: temporary, message: "cannot create (\(String(cString: strerror(errno))))")
        }
        try commit(temporary, to: path)
    }

    /// Flushes `temporary` to disk and renames it to `path`; removes it on failure.
    public static func commit(_ temporary: String, to path: String) throws {
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw ExecutionError.io(path: path, message: "cannot rename \(temporary) into place (\(message))")
        }
    }
}
