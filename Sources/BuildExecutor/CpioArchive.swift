import Foundation

/// Writes a directory as an uncompressed "newc" cpio archive (the format the kernel unpacks as an initramfs):
/// entries in name order, owner root, no leading "./", regular files, directories, symlinks and device nodes.
/// The same as `find . | sort | cpio -o -H newc -R 0:0`, without needing cpio or a shell.
public enum CpioArchive {
    public static func write(directory: String, to path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExecutionError.io(path: directory, message: "the initramfs source directory does not exist (create it with the files the initramfs should hold, e.g. an init)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw ExecutionError.io(path: path, message: "cannot create")
        }
        defer { try? out.close() }
        var inode: UInt32 = 1
        var buffer = Data()
        func flush() throws {
            try out.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        for relative in try entries(directory, "") {
            let full = "\(directory)/\(relative)"
            var info = stat()
            guard lstat(full, &info) == 0 else { throw ExecutionError.io(path: full, message: String(cString: strerror(errno))) }
            let type = info.st_mode & S_IFMT
            var body = Data()
            if type == S_IFREG {
                guard let data = FileManager.default.contents(atPath: full) else { throw ExecutionError.io(path: full, message: "cannot read") }
                body = data
            } else if type == S_IFLNK {
                body = Data(try FileManager.default.destinationOfSymbolicLink(atPath: full).utf8)
            }
            let rdev = UInt64(info.st_rdev)
            appendEntry(&buffer, name: relative, inode: inode, mode: UInt32(info.st_mode), nlink: type == S_IFDIR ? 2 : 1,
                        mtime: UInt32(truncatingIfNeeded: info.st_mtim.tv_sec), body: body,
                        rdevMajor: UInt32(truncatingIfNeeded: ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff)),
                        rdevMinor: UInt32(truncatingIfNeeded: (rdev & 0xff) | ((rdev >> 12) & ~0xff)))
            inode += 1
            if buffer.count > 1 << 20 { try flush() }
        }
        appendEntry(&buffer, name: "TRAILER!!!", inode: 0, mode: 0, nlink: 1, mtime: 0, body: Data(), rdevMajor: 0, rdevMinor: 0)
        try flush()
    }

    /// Paths under `directory`, relative, sorted bytewise, each directory before its contents.
    static func entries(_ root: String, _ prefix: String) throws -> [String] {
        let dir = prefix.isEmpty ? root : "\(root)/\(prefix)"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
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

    static func appendEntry(_ out: inout Data, name: String, inode: UInt32, mode: UInt32, nlink: UInt32, mtime: UInt32,
                            body: Data, rdevMajor: UInt32, rdevMinor: UInt32) {
        let nameBytes = Array(name.utf8) + [0]
        let fields: [UInt32] = [inode, mode, 0, 0, nlink, mtime, UInt32(body.count), 0, 0, rdevMajor, rdevMinor, UInt32(nameBytes.count), 0]
        out.append(contentsOf: Array("070701".utf8))
        for field in fields { out.append(contentsOf: Array(String(format: "%08X", field).utf8)) }
        out.append(contentsOf: nameBytes)
        pad(&out)
        out.append(body)
        pad(&out)
    }

    private static func pad(_ out: inout Data) {
        while out.count % 4 != 0 { out.append(0) }
    }
}
