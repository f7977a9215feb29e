import Foundation
import OdroidCore

/// Writes a directory as an uncompressed "newc" cpio archive with `NewcArchive` (the project's one cpio
/// writer): entries in bytewise name order, each directory before its contents, no leading "./"; regular
/// files, directories, symlinks, device nodes, FIFOs and sockets with their permission bits; owner root and
/// a fixed modification time, so the same tree always gives the same bytes. Like
/// `find . | LC_ALL=C sort | cpio -o -H newc -R 0:0`, without cpio or a shell.
public enum CpioArchive {
    public static func write(directory: String, to path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExecutionError.io(
                path: directory,
                message: "the initramfs source directory does not exist (create it with the files the initramfs should hold, e.g. an init)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw ExecutionError.io(path: path, message: "cannot create")
        }
        defer { try? out.close() }
        var writer = NewcArchive.Writer()
        for relative in try entries(directory, "") {
            writer.append(try entry(relative, in: directory))
            if writer.pendingCount > 1 << 20 { try out.write(contentsOf: writer.take()) }
        }
        writer.finish()
        try out.write(contentsOf: writer.take())
    }

    /// The archive entry of `relative`, read with lstat (a symlink is archived as the link).
    static func entry(_ relative: String, in directory: String) throws -> NewcArchive.Entry {
        let full = "\(directory)/\(relative)"
        var info = stat()
        guard lstat(full, &info) == 0 else { throw ExecutionError.io(path: full, message: String(cString: strerror(errno))) }
        let rdev = UInt64(info.st_rdev)
        // glibc's dev_t layout (gnu_dev_major / gnu_dev_minor).
        let major = UInt32(truncatingIfNeeded: ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff))
        let minor = UInt32(truncatingIfNeeded: (rdev & 0xff) | ((rdev >> 12) & ~0xff))
        let kind: NewcArchive.Entry.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard let data = FileManager.default.contents(atPath: full) else { throw ExecutionError.io(path: full, message: "cannot read") }
            kind = .file(data)
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: full))
        case S_IFCHR: kind = .characterDevice(major: major, minor: minor)
        case S_IFBLK: kind = .blockDevice(major: major, minor: minor)
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: throw ExecutionError.io(path: full, message: "a file of unknown type cannot go into the archive")
        }
        return NewcArchive.Entry(path: relative, kind: kind, permissions: UInt32(info.st_mode) & 0o7777)
    }

    /// Paths under `directory`, relative, sorted bytewise, each directory before its contents.
    static func entries(_ root: String, _ prefix: String) throws -> [String] {
        let dir = prefix.isEmpty ? root : "\(root)/\(prefix)"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        var result: [String] = []
        for name in names {
            let relative = prefix.isEmpty ? name : "\(prefix)/\(name)"
            result.append(relative)
            var info = stat()
            if lstat("\(root)/\(relative)", &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                result += try entries(root, relative)
            }
        }
        return result
    }
}
