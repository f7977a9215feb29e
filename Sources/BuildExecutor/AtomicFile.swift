import Foundation

/// The one way the tool writes a file on this machine: complete or not at all. The bytes go to a temporary name
/// in the same directory (so the rename stays on one filesystem), are flushed, and the temporary is renamed over
/// the final name (atomic within one filesystem); the directory is flushed after. On a failure the temporary is
/// removed. `Partial` is the same for a file another tool makes (mkfs, a card image), with Ctrl-C cleanup.
/// (The boot partition has its own seam for this, `SafeReplace`, because its files are not local files.)
public enum AtomicFile {
    /// A temporary name next to `path` that no other run or step uses.
    public static func temporaryName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
    }

    /// Writes `data` to `path` through a temporary file created exclusively (never through a link planted at
    /// the temporary name) with `mode`.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws(ExecutionError) {
        let temporary = temporaryName(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io(path: path, message: "cannot create \(temporary) (\(String(cString: strerror(errno))))") }
        var written = false
        defer { if !written { unlink(temporary) } }
        do {
            defer { close(fd) }
            if let failure = writeAll(data, to: fd) { throw ExecutionError.io(path: temporary, message: failure) }
            fchmod(fd, mode)
            guard fsync(fd) == 0 else {
                throw ExecutionError.io(path: temporary, message: "cannot flush (\(String(cString: strerror(errno))))")
            }
        }
        try rename(temporary, to: path)
        written = true
    }

    /// Flushes `temporary` to disk and renames it to `path`; removes it on failure.
    public static func commit(_ temporary: String, to path: String) throws(ExecutionError) {
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let message = String(cString: strerror(errno))
            throw .io(path: path, message: "cannot open \(temporary) to flush it (\(message))")
        }
        let flushed = fsync(fd) == 0
        let flushError = String(cString: strerror(errno))
        close(fd)
        guard flushed else {
            unlink(temporary)
            throw .io(path: path, message: "cannot flush \(temporary) (\(flushError))")
        }
        do {
            try rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Writes every byte of `data` to `fd`, retrying on EINTR; the error text, or nil when all was written.
    public static func writeAll(_ data: Data, to fd: Int32) -> String? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }

    private static func rename(_ temporary: String, to path: String) throws(ExecutionError) {
        guard Foundation.rename(temporary, path) == 0 else {
            throw .io(path: path, message: "cannot rename \(temporary) into place (\(String(cString: strerror(errno))))")
        }
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// A file another tool writes at `path` (its temporary name), renamed over `finalPath` by `commit` once
    /// complete. On an error, SIGINT or SIGTERM the partial file is deleted, so an interrupted create leaves
    /// neither a half-made file nor a stray one.
    public final class Partial: @unchecked Sendable {
        public let finalPath: String
        public let path: String
        private var signalSources: [DispatchSourceSignal] = []
        private var previousHandlers: [(Int32, sighandler_t?)] = []

        /// `interruptedMessage` is printed to stderr when Ctrl-C or SIGTERM removes the partial file (exit 130).
        public init(finalPath: String, interruptedMessage: String = "odroid-build: interrupted; nothing created") {
            self.finalPath = finalPath
            path = AtomicFile.temporaryName(for: finalPath)
            for number in [SIGINT, SIGTERM] {
                // Ignored first, so the default action does not kill the process before the source sees it.
                previousHandlers.append((number, signal(number, SIG_IGN)))
                let source = DispatchSource.makeSignalSource(
                    signal: number, queue: DispatchQueue(label: "odroid-build.partial-file.signal"))
                source.setEventHandler { [path] in
                    unlink(path)
                    FileHandle.standardError.write(Data((interruptedMessage + "\n").utf8))
                    _exit(130)
                }
                source.resume()
                signalSources.append(source)
            }
        }

        /// Flushes the finished file and renames it to its final name (replacing an old file there).
        public func commit() throws(ExecutionError) {
            try AtomicFile.commit(path, to: finalPath)
        }

        /// Deletes the partial file if it is still there and restores the signal handlers.
        public func discard() {
            unlink(path)
            for source in signalSources { source.cancel() }
            signalSources = []
            for (number, handler) in previousHandlers { signal(number, handler) }
            previousHandlers = []
        }
    }
}
