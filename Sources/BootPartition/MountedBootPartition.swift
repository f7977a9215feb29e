import Foundation

/// A boot partition mounted as a directory (`/boot/uboot`): plain POSIX calls, `fsync` for flushes, and
/// `rename(2)`, which on Linux vfat reuses the target's directory entry so the name never disappears.
public final class MountedBootPartition: BootPartition {
    public let root: String
    public var location: String { root }

    /// Opens `root` after `MountCheck` approves it.
    public init(root: String, allowNonFAT: Bool = false) throws(BootPartitionError) {
        let check = try MountCheck.inspect(root)
        if let why = check.refusal(allowNonFAT: allowNonFAT) { throw .unusable(why) }
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    func full(_ path: String) -> String {
        let relative = PartitionPath.normalized(path)
        return relative.isEmpty ? root : "\(root)/\(relative)"
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    public func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        guard let dir = opendir(full(directory)) else {
            if errno == ENOENT || errno == ENOTDIR { throw .notFound(directory) }
            throw .failed(operation: "listing", path: directory, detail: Self.reason())
        }
        defer { closedir(dir) }
        var result: [BootPartitionEntry] = []
        while let item = readdir(dir) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            var info = stat()
            // Relative to the open directory: no path to build and walk per entry (a root of 20,000 files).
            guard fstatat(dirfd(dir), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            result.append(BootPartitionEntry(name: name, isDirectory: isDirectory, size: isDirectory ? 0 : UInt64(info.st_size)))
        }
        return result.sorted { $0.name < $1.name }
    }

    public func read(_ path: String) throws(BootPartitionError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: full(path)) else {
            if errno == ENOENT { throw .notFound(path) }
            throw .failed(operation: "reading", path: path, detail: Self.reason())
        }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .failed(operation: "reading", path: path, detail: "\(error)")
        }
    }

    public func write(_ data: Data, to path: String) throws(BootPartitionError) {
        let fd = open(full(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed(operation: "creating", path: path, detail: Self.reason()) }
        defer { close(fd) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == ENOSPC || failure == EFBIG || failure == EDQUOT {
            throw .noSpace(path: path, detail: String(cString: strerror(failure)))
        }
        if failure != 0 { throw .failed(operation: "writing", path: path, detail: String(cString: strerror(failure))) }
    }

    public func copy(localFile: String, to path: String) throws(BootPartitionError) {
        guard let data = FileManager.default.contents(atPath: localFile) else {
            throw .failed(operation: "reading", path: localFile, detail: "cannot read the built file")
        }
        try write(data, to: path)
    }

    public func flush(_ path: String) throws(BootPartitionError) {
        let fd = open(full(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .failed(operation: "flushing", path: path, detail: Self.reason()) }
        defer { close(fd) }
        if fsync(fd) != 0 {
            if errno == ENOSPC { throw .noSpace(path: path, detail: Self.reason()) }
            throw .failed(operation: "flushing", path: path, detail: Self.reason())
        }
    }

    public func rename(_ source: String, to destination: String) throws(BootPartitionError) {
        guard Foundation.rename(full(source), full(destination)) == 0 else {
            throw .failed(operation: "renaming \(source) to", path: destination, detail: Self.reason())
        }
        syncDirectory(PartitionPath.split(destination).directory)
    }

    public func delete(_ path: String) throws(BootPartitionError) {
        guard unlink(full(path)) == 0 else {
            if errno == ENOENT { throw .notFound(path) }
            throw .failed(operation: "deleting", path: path, detail: Self.reason())
        }
        syncDirectory(PartitionPath.split(path).directory)
    }

    public func makeDirectory(_ path: String) throws(BootPartitionError) {
        guard mkdir(full(path), 0o755) == 0 || errno == EEXIST else {
            if errno == ENOSPC { throw .noSpace(path: path, detail: Self.reason()) }
            throw .failed(operation: "creating directory", path: path, detail: Self.reason())
        }
    }

    public func removeDirectory(_ path: String) throws(BootPartitionError) {
        guard rmdir(full(path)) == 0 else {
            throw .failed(operation: "removing directory", path: path, detail: Self.reason())
        }
    }

    public func space() throws(BootPartitionError) -> BootPartitionSpace {
        var fs = statvfs()
        guard statvfs(root, &fs) == 0 else { throw .failed(operation: "statvfs", path: root, detail: Self.reason()) }
        return BootPartitionSpace(freeBytes: UInt64(fs.f_bavail) * UInt64(fs.f_frsize), clusterBytes: UInt64(fs.f_bsize))
    }

    /// Makes a rename or unlink durable (the directory entry is what changed).
    private func syncDirectory(_ directory: String) {
        let fd = open(full(directory), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
