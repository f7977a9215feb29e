import Foundation

/// A root filesystem mounted (or unpacked) at a local directory: `--rootfs DIR` (the card's second
/// partition as the desktop mounted it) or `/` on the board itself. Every operation walks from the root's
/// directory descriptor with `openat(O_NOFOLLOW)`, so a symlink on the card can never redirect a write or a
/// delete onto the host; symlinks are resolved inside the root by `RootPathResolver` first.
public final class MountedRootFilesystem: RootFilesystem {
    public let root: String
    private let rootDescriptor: Int32

    public var location: String { root }

    public init(root: String) throws(RootFilesystemError) {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unusable("--rootfs \(root): \(String(cString: strerror(errno))) (expected the board's root filesystem as a directory)")
        }
        self.root = root
        rootDescriptor = descriptor
        var info = stat()
        guard fstatat(descriptor, "etc", &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            close(descriptor)
            throw .unusable(
                "--rootfs \(root): has no etc/ directory, so it is not a root filesystem (mount the card's root partition and name its mount point)"
            )
        }
    }

    deinit { close(rootDescriptor) }

    /// Whether this is the running system's own `/` (same device and inode), whatever the spelling.
    public var isHostRoot: Bool {
        var mine = stat(), host = stat()
        return fstat(rootDescriptor, &mine) == 0 && stat("/", &host) == 0 && mine.st_dev == host.st_dev && mine.st_ino == host.st_ino
    }

    // MARK: walking without following symlinks

    /// A descriptor of directory `path`; every component must be a real directory.
    private func openDirectory(_ path: RootPath) throws(RootFilesystemError) -> Int32 {
        var current = dup(rootDescriptor)
        guard current >= 0 else { throw failure("opening", .root) }
        for (index, name) in path.components.enumerated() {
            let next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(current)
            guard next >= 0 else {
                let here = RootPath(components: Array(path.components.prefix(index + 1)))
                if code == ELOOP || code == ENOTDIR {
                    throw .refused("\(root): \(here) is not a directory (a symlink is never followed on the root filesystem)")
                }
                throw .failed(operation: "opening", path: location(of: here), detail: String(cString: strerror(code)))
            }
            current = next
        }
        return current
    }

    private func location(of path: RootPath) -> String { root.hasSuffix("/") ? root + path.relative : root + path.absolute }
    private func failure(_ operation: String, _ path: RootPath, _ code: Int32 = errno) -> RootFilesystemError {
        .failed(operation: operation, path: location(of: path), detail: String(cString: strerror(code)))
    }

    private func withParent<T>(_ path: RootPath, _ body: (Int32, String) throws(RootFilesystemError) -> T) throws(RootFilesystemError) -> T
    {
        guard !path.isRoot else { throw .badInput("the root directory itself cannot be changed") }
        let parent = try openDirectory(path.parent)
        defer { close(parent) }
        return try body(parent, path.name)
    }

    // MARK: RootFilesystem

    public func uuid() throws(RootFilesystemError) -> String {
        try RootMountSource.uuid(ofMountAt: root)
    }

    public func entryKind(_ path: RootPath) throws(RootFilesystemError) -> RootEntryKind? {
        if path.isRoot { return .directory }
        let parent: Int32
        do {
            parent = try openDirectory(path.parent)
        } catch {
            if case .failed = error { return nil }  // a missing parent: the path is absent
            throw error
        }
        defer { close(parent) }
        return try Self.kind(at: parent, name: path.name, label: location(of: path))
    }

    static func kind(at directory: Int32, name: String, label: String) throws(RootFilesystemError) -> RootEntryKind? {
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw .failed(operation: "reading", path: label, detail: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: UInt64(info.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlinkat(directory, name, &buffer, buffer.count - 1)
            guard count >= 0 else { throw .failed(operation: "reading link", path: label, detail: String(cString: strerror(errno))) }
            return .symlink(target: String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        default: return .other
        }
    }

    public func entries(in directory: RootPath) throws(RootFilesystemError) -> [String] {
        let descriptor = try openDirectory(directory)
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            throw failure("listing", directory)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func read(_ path: RootPath) throws(RootFilesystemError) -> Data {
        try withParent(path) { (parent, name) throws(RootFilesystemError) in
            let fd = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw failure("reading", path) }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            return (try? handle.readToEnd()) ?? Data()
        }
    }

    public func makeDirectory(_ path: RootPath) throws(RootFilesystemError) {
        try withParent(path) { (parent, name) throws(RootFilesystemError) in
            guard mkdirat(parent, name, 0o755) == 0 else { throw failure("creating directory", path) }
            fchownatIfRoot(parent, name)
        }
    }

    public func copyTree(local: String, to path: RootPath) throws(RootFilesystemError) {
        try withParent(path) { (parent, name) throws(RootFilesystemError) in
            try copyEntry(local: local, into: parent, name: name, label: path)
        }
    }

    private func copyEntry(local: String, into directory: Int32, name: String, label: RootPath) throws(RootFilesystemError) {
        var info = stat()
        guard lstat(local, &info) == 0 else {
            throw .failed(operation: "reading", path: local, detail: String(cString: strerror(errno)))
        }
        let mode = info.st_mode & 0o7777
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdirat(directory, name, 0o700) == 0 else { throw failure("creating directory", label) }
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { throw failure("opening", label) }
            defer { close(child) }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: local).sorted()
            } catch {
                throw .failed(operation: "listing", path: local, detail: "\(error)")
            }
            for entry in names { try copyEntry(local: local + "/" + entry, into: child, name: entry, label: label.appending(entry)) }
            fchmod(child, mode)
            fchownatIfRoot(directory, name)
            fsync(child)
        case S_IFREG:
            guard let data = FileManager.default.contents(atPath: local) else {
                throw .failed(operation: "reading", path: local, detail: "cannot read the file")
            }
            try writeNew(data, into: directory, name: name, mode: mode, label: label)
        case S_IFLNK:
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: local) else {
                throw .failed(operation: "reading link", path: local, detail: "cannot read the link")
            }
            guard symlinkat(target, directory, name) == 0 else { throw failure("creating link", label) }
            fchownatIfRoot(directory, name)
        default:
            throw .badInput("\(local): neither a file, a directory nor a symlink; not copied to the root filesystem")
        }
    }

    private func writeNew(_ data: Data, into directory: Int32, name: String, mode: mode_t, label: RootPath) throws(RootFilesystemError) {
        let fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("creating", label) }
        defer { close(fd) }
        let written = data.withUnsafeBytes { buffer -> Int in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return -1 }
                offset += n
            }
            return offset
        }
        guard written == data.count, fsync(fd) == 0 else { throw failure("writing", label) }
        fchmod(fd, mode)
        if geteuid() == 0 { fchown(fd, 0, 0) }
    }

    public func createFile(_ data: Data, at path: RootPath, mode: UInt16) throws(RootFilesystemError) {
        try withParent(path) { (parent, name) throws(RootFilesystemError) in
            try writeNew(data, into: parent, name: name, mode: mode_t(mode), label: path)
        }
    }

    public func rename(_ source: RootPath, to destination: RootPath) throws(RootFilesystemError) {
        guard source.parent == destination.parent else { throw .badInput("rename \(source) to \(destination): not in one directory") }
        try withParent(source) { (parent, name) throws(RootFilesystemError) in
            guard try Self.kind(at: parent, name: destination.name, label: location(of: destination)) == nil else {
                throw .refused("\(location(of: destination)) exists; not replaced")
            }
            guard renameat(parent, name, parent, destination.name) == 0 else { throw failure("renaming \(source) to", destination) }
            fsync(parent)
        }
    }

    public func removeTree(_ path: RootPath) throws(RootFilesystemError) {
        try withParent(path) { (parent, name) throws(RootFilesystemError) in
            try removeEntry(in: parent, name: name, label: path)
            fsync(parent)
        }
    }

    private func removeEntry(in directory: Int32, name: String, label: RootPath) throws(RootFilesystemError) {
        guard let kind = try Self.kind(at: directory, name: name, label: location(of: label)) else { return }
        if kind == .directory {
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { throw failure("opening", label) }
            let names: [String]
            do {
                names = try entries(fd: child)
            } catch {
                close(child)
                throw error
            }
            for entry in names {
                do {
                    try removeEntry(in: child, name: entry, label: label.appending(entry))
                } catch {
                    close(child)
                    throw error
                }
            }
            close(child)
            guard unlinkat(directory, name, AT_REMOVEDIR) == 0 else { throw failure("removing directory", label) }
        } else {
            guard unlinkat(directory, name, 0) == 0 else { throw failure("deleting", label) }
        }
    }

    private func entries(fd: Int32) throws(RootFilesystemError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let stream = fdopendir(copy) else {
            throw .failed(operation: "listing", path: root, detail: String(cString: strerror(errno)))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Files and directories are fsync'ed as they are written and each rename's directory after it; this
    /// flushes the root directory itself.
    public func flush() throws(RootFilesystemError) {
        guard fsync(rootDescriptor) == 0 else { throw failure("flushing", .root) }
    }

    public func materialize(scratch: String) throws(RootFilesystemError) -> MaterializedRoot {
        MaterializedRoot(directory: root, isCopy: false)
    }

    private func fchownatIfRoot(_ directory: Int32, _ name: String) {
        if geteuid() == 0 { fchownat(directory, name, 0, 0, AT_SYMLINK_NOFOLLOW) }
    }
}
