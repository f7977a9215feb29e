import Foundation

/// Writes a program (a script) a test then runs. O_CLOEXEC: a child that another test spawns meanwhile
/// must not inherit the descriptor open for writing, or running the file fails with ETXTBSY ("Text file
/// busy"), which Foundation's own file writing does not prevent.
public enum ExecutableFile {
    public static func write(_ text: String, to path: String, mode: mode_t = 0o755) throws {
        try write(Data(text.utf8), to: path, mode: mode)
    }

    /// A copy of the program at `source` (its bytes; a symlink is followed).
    public static func copy(_ source: String, to path: String) throws {
        try write(try Data(contentsOf: URL(fileURLWithPath: source).resolvingSymlinksInPath()), to: path)
    }

    public static func write(_ data: Data, to path: String, mode: mode_t = 0o755) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        let bytes = [UInt8](data)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        fchmod(fd, mode)
    }
}
