import Foundation

/// A user's file handed to another program by a name that program cannot misread.
///
/// Several tools re-read the path they are given instead of opening it as it is: mtools passes `-i IMAGE`
/// through `/bin/sh -c echo` when it holds any of `$*(){}[]\?`~` (so `x$(touch PWNED).img` runs a command)
/// and reads `@@OFFSET` out of it (so `b.img@@0` writes another file); e2fsprogs reads `IMAGE?offset=N`;
/// mkimage splits the `-d` of a script or multi image at `:`; QEMU's `-drive file=` ends at a `,` and takes
/// `proto:` prefixes; nearly every tool takes a leading `-` as an option. Quoting cannot help, since each
/// tool has its own rule. So the file is opened here, once, and the tool gets `/proc/<our pid>/fd/<n>`:
/// digits and slashes only, which no tool reinterprets, naming exactly the file this process opened (the
/// same inode it may hold locked, even if the name is replaced meanwhile). On Linux, opening that path in
/// the child reopens the file with the child's own access mode, so a tool may read or write through it.
///
/// Keep the value alive while the tool runs; the descriptor closes when it is released (or at `close()`).
///
///     let image = try ToolPath(opening: userPath, access: .readWrite)
///     try runner.run(Command(["mcopy", "-i", image.path + "@@\(offset)", local, "::/x"]))
///     try runner.run(Command(["debugfs", "-w", "-R", "stat /", image.path + "?offset=\(offset)"]))
public final class ToolPath: @unchecked Sendable {
    public enum Access: Sendable {
        case readOnly
        /// Read and write; fails with the system's reason when the file is not writable.
        case readWrite
    }

    /// The path the user gave (for messages).
    public let original: String
    /// The open descriptor (close-on-exec: tools reopen the file by `path`, they do not inherit it).
    public let descriptor: Int32
    /// What to give a tool: `/proc/<pid>/fd/<descriptor>`.
    public let path: String
    private let lock = NSLock()
    private var closed = false

    /// Opens an existing file (never creates one, never follows a missing name into a new file).
    /// `directory` true opens a directory instead (for tools that take a directory, e.g. `mke2fs -d`).
    public init(opening original: String, access: Access = .readOnly, directory: Bool = false) throws(ToolPathError) {
        var flags = O_CLOEXEC | (directory ? O_RDONLY | O_DIRECTORY : (access == .readWrite ? O_RDWR : O_RDONLY))
        // A FIFO would block the open until a writer comes: refuse it after the open instead.
        if !directory { flags |= O_NONBLOCK }
        let fd = open(original, flags)
        guard fd >= 0 else { throw .cannotOpen(path: original, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let err = errno
            Foundation.close(fd)
            throw .cannotOpen(path: original, errno: err)
        }
        let kind = info.st_mode & S_IFMT
        if !directory && kind != S_IFREG && kind != S_IFBLK {
            Foundation.close(fd)
            throw .notAFile(path: original)
        }
        if !directory {
            // Back to blocking I/O for whoever reads through the descriptor itself.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        }
        self.original = original
        self.descriptor = fd
        self.path = Self.procPath(fd)
        guard Self.reopenable(path) else {
            Foundation.close(fd)
            throw .noProcFileSystem(path: original)
        }
    }

    deinit { close() }

    /// Closes the descriptor; `path` names nothing afterwards.
    public func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            Foundation.close(descriptor)
        }
    }

    /// `/proc/<pid>/fd/<fd>`, never `/proc/self`: `self` in the tool would be the tool.
    static func procPath(_ fd: Int32) -> String { "/proc/\(getpid())/fd/\(fd)" }

    /// Whether /proc is there to reopen the descriptor by name (it is on every Linux system this runs on;
    /// without it, refusing beats handing the tool the user's name).
    static func reopenable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// Why a file could not be opened for a tool.
public enum ToolPathError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case notAFile(path: String)
    case noProcFileSystem(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let err): return "cannot open \(path): \(String(cString: strerror(err)))"
        case .notAFile(let path): return "\(path) is neither a regular file nor a block device"
        case .noProcFileSystem(let path): return "cannot hand \(path) to a tool safely: /proc is not mounted"
        }
    }
}
