import BuildExecutor
import Foundation

/// Where a `-o FILE` (and `--svg`, `--emit-script`, a changed dtb) is written, decided by what is at FILE now:
/// - `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the open descriptor itself, so a
///   redirect (`>`, `>>`, a pipe) keeps working and nothing is ever renamed over a name under /dev;
/// - a character device or a FIFO (`/dev/null`, a terminal, `mkfifo`): opened and written in place;
/// - a regular file, or nothing yet: replaced atomically (a temporary name in the same directory, flushed,
///   renamed over it), so a reader sees the old file or the whole new one;
/// - a symbolic link: written through: the rules above apply to what it points at, and the link stays;
/// - a block device, a directory, a socket, or a new name under /dev or /proc: refused (exit 2). A card is
///   written with `odroid-build flash`, which checks it first.
/// Before, the output always went through a temporary file renamed over FILE: as root, `-o /dev/null`
/// replaced the system's /dev/null with a regular file.
enum OutputFile: Equatable {
    case descriptor(Int32, name: String)
    case inPlace(String)
    case replace(String)

    /// The destination for `path` as given on the command line (relative paths against the current directory).
    static func at(_ path: String) throws -> OutputFile {
        if path == "-" { return .descriptor(1, name: "standard output") }
        if let fd = inheritedDescriptor(path) { return .descriptor(fd, name: path) }
        var own = stat()
        guard lstat(path, &own) == 0 else {
            guard errno == ENOENT else { throw CLIError.usage("\(path): \(String(cString: strerror(errno)))") }
            return try newFile(path)
        }
        let kind = own.st_mode & S_IFMT
        if kind == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else {
                // A dangling link: create what it points at (the link stays as it is).
                return try newFile(try linkTarget(path))
            }
            if (target.st_mode & S_IFMT) == S_IFREG { return .replace(try realPath(path)) }
            return try byKind(target.st_mode & S_IFMT, path: path)
        }
        if kind == S_IFREG { return .replace(path) }
        return try byKind(kind, path: path)
    }

    /// The file a writer that makes its output under a temporary name (image create's `AtomicFile.Partial`) renames
    /// onto: `path` itself, or what its symlink points at. Anything but a regular file or a new name is refused:
    /// such a writer cannot write a device or a FIFO in place.
    static func regularFilePath(_ path: String) throws -> String {
        switch try at(path) {
        case .replace(let file): return file
        case .descriptor, .inPlace:
            throw CLIError.usage("\(path) is not a regular file; this command writes an image file (write a card with odroid-build flash)")
        }
    }

    /// Writes `data` (for a new or replaced file with `mode`).
    func write(_ data: Data, mode: mode_t = 0o644) throws {
        switch self {
        case .descriptor(let fd, let name):
            try Self.writeAll(data, to: fd, name: name)
        case .inPlace(let path):
            let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw CLIError.failed(phase: .writing(nil), "\(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try Self.writeAll(data, to: fd, name: path)
        case .replace(let path):
            try Self.replace(path, with: data, mode: mode)
        }
    }

    /// The path to show in messages.
    var name: String {
        switch self {
        case .descriptor(_, let name): return name
        case .inPlace(let path), .replace(let path): return path
        }
    }

    // MARK: - The rules

    private static func byKind(_ kind: mode_t, path: String) throws -> OutputFile {
        switch kind {
        case S_IFCHR, S_IFIFO: return .inPlace(path)
        case S_IFBLK: throw CLIError.usage("\(path) is a block device; write a card with odroid-build flash, which checks it first")
        case S_IFDIR: throw CLIError.usage("\(path) is a directory; give a file name")
        default: throw CLIError.usage("\(path) is neither a regular file, a character device nor a FIFO")
        }
    }

    private static func newFile(_ path: String) throws -> OutputFile {
        let absolute = absolutePath(path)
        if absolute.hasPrefix("/dev/") || absolute.hasPrefix("/proc/") || absolute.hasPrefix("/sys/") {
            throw CLIError.usage("\(path) does not exist; odroid-build does not create files under /dev, /proc or /sys")
        }
        return .replace(path)
    }

    /// `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1` and the like: the descriptor number, when this process has it open.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        let named: [String: Int32] = ["/dev/stdout": 1, "/dev/stderr": 2, "/proc/self/fd/1": 1, "/proc/self/fd/2": 2]
        var fd = named[path]
        for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"] where path.hasPrefix(prefix) {
            fd = Int32(path.dropFirst(prefix.count))
        }
        guard let fd, fd >= 0, fcntl(fd, F_GETFD) != -1 else { return nil }
        return fd
    }

    private static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw CLIError.usage("\(path): \(String(cString: strerror(errno)))") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where a dangling symlink chain ends, made absolute against each link's directory.
    private static func linkTarget(_ path: String) throws -> String {
        var current = absolutePath(path)
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                throw CLIError.usage("\(path): cannot read the symbolic link")
            }
            current = target.hasPrefix("/") ? target : (current as NSString).deletingLastPathComponent + "/" + target
        }
        throw CLIError.usage("\(path): too many levels of symbolic links")
    }

    private static func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func writeAll(_ data: Data, to fd: Int32, name: String) throws {
        if let failure = AtomicFile.writeAll(data, to: fd) { throw CLIError.failed(phase: .writing(nil), "\(name): \(failure)") }
    }

    private static func replace(_ path: String, with data: Data, mode: mode_t) throws {
        do {
            try AtomicFile.write(data, to: absolutePath(path), mode: mode)
        } catch {
            throw CLIError.failed(phase: .writing(nil), error.description)
        }
    }
}

/// Renames a finished `AtomicFile.Partial` into place, as a failure of writing its final path.
func commitOutput(_ partial: AtomicFile.Partial) throws {
    do {
        try partial.commit()
    } catch {
        throw CLIError.failed(phase: .writing(partial.finalPath), error.description)
    }
}
