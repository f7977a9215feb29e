import Foundation

/// A boot partition mounted as a directory (`/boot/uboot`): plain POSIX calls, `fsync` for flushes, and
/// `rename(2)`, which on Linux vfat reuses the target's directory entry so the name never disappears.
///
/// Every path is walked from the root directory one component at a time with `openat(O_NOFOLLOW)` and the
/// change made with the `*at` calls relative to the directory found: a FAT partition has no symbolic links,
/// so any link met on the way or at the end (in a `--allow-non-fat` directory, or planted in one) is
/// refused, never followed, and nothing outside the root can be read, written or removed through one. The
/// root's descriptor is also what the partition's write lock is taken on.
public final class MountedBootPartition: BootPartition {
    public let root: String
    public var location: String { root }
    private let rootDescriptor: Int32
    public let writeLock: PartitionWriteLock

    /// Opens `root` after `MountCheck` approves it.
    public init(root: String, allowNonFAT: Bool = false) throws(BootPartitionError) {
        let check = try MountCheck.inspect(root)
        if let why = check.refusal(allowNonFAT: allowNonFAT) { throw .unusable(why) }
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .unusable("\(root): cannot open: \(String(cString: strerror(errno)))") }
        rootDescriptor = fd
        writeLock = PartitionWriteLock(descriptor: fd, location: self.root)
    }

    deinit { close(rootDescriptor) }

    static func reason(_ err: Int32 = errno) -> String { String(cString: strerror(err)) }

    /// The refusal for a symbolic link at `path`.
    func symlinkRefusal(_ path: String) -> BootPartitionError {
        .unusable("\(root)/\(path) is a symbolic link; a FAT boot partition has none, so odroid-build refuses it instead of following it")
    }

    /// What sits at `name` in directory `fd`, without following a link: nil when nothing is there.
    func kind(at fd: Int32, _ name: String) -> mode_t? {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The descriptor of directory `path` (the root for ""), each component opened without following links.
    /// The caller closes it (unless it is the root's, which `closeUnlessRoot` leaves open).
    func directory(_ path: String) throws(BootPartitionError) -> Int32 {
        let relative = try PartitionPath.confined(path, on: root)
        var current = rootDescriptor
        var walked = ""
        for component in relative.split(separator: "/").map(String.init) {
            walked = PartitionPath.join(walked, component)
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let err = errno
            if current != rootDescriptor { close(current) }
            guard next >= 0 else {
                if kind(at: rootDescriptor, walked) == S_IFLNK || err == ELOOP { throw symlinkRefusal(walked) }
                if err == ENOENT || err == ENOTDIR { throw .notFound(path) }
                throw .failed(operation: "opening directory", path: walked, detail: Self.reason(err))
            }
            current = next
        }
        return current
    }

    func closeUnlessRoot(_ fd: Int32) {
        if fd != rootDescriptor { close(fd) }
    }

    /// The directory holding `path` and the name in it; refuses a link at the name itself.
    func parent(of path: String) throws(BootPartitionError) -> (fd: Int32, name: String) {
        let (directoryPath, name) = PartitionPath.split(try PartitionPath.confined(path, on: root))
        guard !name.isEmpty else { throw .badInput("empty path on \(root)") }
        let fd = try directory(directoryPath)
        if kind(at: fd, name) == S_IFLNK {
            closeUnlessRoot(fd)
            throw symlinkRefusal(PartitionPath.join(directoryPath, name))
        }
        return (fd, name)
    }

    /// Opens the regular file `path` with `flags` (O_NOFOLLOW added); anything but a regular file is refused.
    func openFile(_ path: String, flags: Int32, operation: String) throws(BootPartitionError) -> Int32 {
        let (dir, name) = try parent(of: path)
        defer { closeUnlessRoot(dir) }
        if let kind = kind(at: dir, name), kind != S_IFREG {
            throw .unusable("\(root)/\(path) is not a regular file; refusing to \(operation == "reading" ? "read" : "write") it")
        }
        let fd = openat(dir, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            let err = errno
            if err == ELOOP { throw symlinkRefusal(path) }
            if err == ENOENT { throw .notFound(path) }
            if err == ENOSPC { throw .noSpace(path: path, detail: Self.reason(err)) }
            throw .failed(operation: operation, path: path, detail: Self.reason(err))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    public func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        let fd = try self.directory(directory)
        // fdopendir takes the descriptor over; keep the root's own open.
        let owned = fd == rootDescriptor ? dup(fd) : fd
        guard owned >= 0, let dir = fdopendir(owned) else {
            if owned >= 0 { close(owned) }
            throw .failed(operation: "listing", path: directory, detail: Self.reason())
        }
        defer { closedir(dir) }
        rewinddir(dir)
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
        let fd = try openFile(path, flags: O_RDONLY, operation: "reading")
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .failed(operation: "reading", path: path, detail: "\(error)")
        }
    }

    public func write(_ data: Data, to path: String) throws(BootPartitionError) {
        let fd = try openFile(path, flags: O_WRONLY | O_CREAT | O_TRUNC, operation: "creating")
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
        let fd = try openFile(path, flags: O_RDONLY, operation: "flushing")
        defer { close(fd) }
        if fsync(fd) != 0 {
            if errno == ENOSPC { throw .noSpace(path: path, detail: Self.reason()) }
            throw .failed(operation: "flushing", path: path, detail: Self.reason())
        }
    }

    public func rename(_ source: String, to destination: String) throws(BootPartitionError) {
        let from = try parent(of: source)
        defer { closeUnlessRoot(from.fd) }
        let to = try parent(of: destination)
        defer { closeUnlessRoot(to.fd) }
        if let kind = kind(at: to.fd, to.name), kind != S_IFREG {
            throw .unusable("\(root)/\(destination) is not a regular file; refusing to replace it")
        }
        guard renameat(from.fd, from.name, to.fd, to.name) == 0 else {
            throw .failed(operation: "renaming \(source) to", path: destination, detail: Self.reason())
        }
        fsync(to.fd)
    }

    public func delete(_ path: String) throws(BootPartitionError) {
        let (dir, name) = try parent(of: path)
        defer { closeUnlessRoot(dir) }
        guard unlinkat(dir, name, 0) == 0 else {
            if errno == ENOENT { throw .notFound(path) }
            throw .failed(operation: "deleting", path: path, detail: Self.reason())
        }
        fsync(dir)
    }

    public func makeDirectory(_ path: String) throws(BootPartitionError) {
        let (dir, name) = try parent(of: path)
        defer { closeUnlessRoot(dir) }
        if mkdirat(dir, name, 0o755) == 0 { return }
        let err = errno
        if err == EEXIST, kind(at: dir, name) == S_IFDIR { return }
        if err == ENOSPC { throw .noSpace(path: path, detail: Self.reason(err)) }
        if err == EEXIST { throw .refused("\(root)/\(path) exists and is not a directory") }
        throw .failed(operation: "creating directory", path: path, detail: Self.reason(err))
    }

    public func removeDirectory(_ path: String) throws(BootPartitionError) {
        let (dir, name) = try parent(of: path)
        defer { closeUnlessRoot(dir) }
        guard unlinkat(dir, name, AT_REMOVEDIR) == 0 else {
            throw .failed(operation: "removing directory", path: path, detail: Self.reason())
        }
    }

    public func space() throws(BootPartitionError) -> BootPartitionSpace {
        var fs = statvfs()
        guard fstatvfs(rootDescriptor, &fs) == 0 else { throw .failed(operation: "statvfs", path: root, detail: Self.reason()) }
        return BootPartitionSpace(freeBytes: UInt64(fs.f_bavail) * UInt64(fs.f_frsize), clusterBytes: UInt64(fs.f_bsize))
    }
}
