import Foundation
import OdroidProcess

/// The ext2/3/4 root filesystem of a whole-disk card image (or a bare ext image), changed through e2fsprogs'
/// debugfs without mounting, without a loop device and without root. Each operation is one debugfs batch;
/// renames are `ln` + `unlink` in one directory (debugfs has no rename), so a tree appears under its final
/// name only once it is complete. debugfs bypasses the journal: a run killed in the middle of a batch can
/// leave the filesystem needing `e2fsck -fy`, never a half-written tree under a live name.
public final class Ext4ImageRootFilesystem: RootFilesystem {
    public let imagePath: String
    public let offset: UInt64
    /// The MBR partition number, for messages (nil for a bare filesystem image).
    public let partition: Int?
    let debugfs: DebugfsRunner
    private var listings: [RootPath: [String: (mode: UInt32, size: UInt64)]] = [:]

    public var location: String { partition.map { "\(imagePath) partition \($0)" } ?? imagePath }

    public init(imagePath: String, offset: UInt64, partition: Int? = nil, runner: any ProcessRunning) throws(RootFilesystemError) {
        self.imagePath = imagePath
        self.offset = offset
        self.partition = partition
        debugfs = DebugfsRunner(image: imagePath, offset: offset, runner: runner)
        _ = try Ext4Superblock.read(path: imagePath, offset: offset)
    }

    public func uuid() throws(RootFilesystemError) -> String {
        try Ext4Superblock.read(path: imagePath, offset: offset).uuid
    }

    private func listing(_ directory: RootPath) throws(RootFilesystemError) -> [String: (mode: UInt32, size: UInt64)] {
        if let cached = listings[directory] { return cached }
        let text = try debugfs.run(["ls -p \(try DebugfsRunner.path(directory))"], write: false)
        var entries: [String: (mode: UInt32, size: UInt64)] = [:]
        for entry in try DebugfsRunner.listing(text, directory: "\(location):\(directory)") {
            entries[entry.name] = (entry.mode, entry.size)
        }
        listings[directory] = entries
        return entries
    }

    private func changed() { listings = [:] }

    public func entryKind(_ path: RootPath) throws(RootFilesystemError) -> RootEntryKind? {
        if path.isRoot { return .directory }
        // Every component before the last must be a directory (no link followed).
        var walked = RootPath.root
        for name in path.components.dropLast() {
            guard let entry = try listing(walked)[name] else { return nil }
            guard entry.mode & 0o170000 == 0o040000 else {
                throw .refused(
                    "\(location): \(walked.appending(name)) is not a directory (a symlink is never followed on the root filesystem)")
            }
            walked = walked.appending(name)
        }
        for component in path.components { try DebugfsRunner.check(component, what: "path component of \(path)") }
        guard let entry = try listing(path.parent)[path.name] else { return nil }
        switch entry.mode & 0o170000 {
        case 0o100000: return .file(size: entry.size)
        case 0o040000: return .directory
        case 0o120000: return .symlink(target: try linkTarget(path))
        default: return .other
        }
    }

    /// A fast symlink keeps its target in the inode (`stat` shows it); a slow one in a data block (`cat`).
    private func linkTarget(_ path: RootPath) throws(RootFilesystemError) -> String {
        let stat = String(decoding: try debugfs.request("stat \(try DebugfsRunner.path(path))"), as: UTF8.self)
        if let range = stat.range(of: "Fast link dest: \"") {
            let rest = stat[range.upperBound...]
            if let end = rest.lastIndex(of: "\"") { return String(rest[..<end]) }
        }
        return String(decoding: try debugfs.request("cat \(try DebugfsRunner.path(path))"), as: UTF8.self)
    }

    public func entries(in directory: RootPath) throws(RootFilesystemError) -> [String] {
        try listing(directory).keys.sorted()
    }

    public func read(_ path: RootPath) throws(RootFilesystemError) -> Data {
        try debugfs.request("cat \(try DebugfsRunner.path(path))")
    }

    public func makeDirectory(_ path: RootPath) throws(RootFilesystemError) {
        let target = try DebugfsRunner.path(path)
        defer { changed() }
        try debugfs.run(["mkdir \(target)"] + Self.owned(target, mode: 0o040755), write: true)
    }

    /// Ownership root:root and the given mode, whoever runs debugfs.
    static func owned(_ target: String, mode: UInt32) -> [String] {
        ["sif \(target) uid 0", "sif \(target) gid 0", "sif \(target) mode 0\(String(mode, radix: 8))"]
    }

    public func copyTree(local: String, to path: RootPath) throws(RootFilesystemError) {
        let target = try DebugfsRunner.path(path)
        var commands = ["mkdir \(target)"] + Self.owned(target, mode: 0o040755)
        try appendTree(local: local, relative: "", into: path, commands: &commands)
        defer { changed() }
        // Local names are given relative to the tree, so no host path reaches debugfs' parser.
        try debugfs.run(commands, write: true, localDirectory: local)
    }

    private func appendTree(local: String, relative: String, into directory: RootPath, commands: inout [String]) throws(RootFilesystemError)
    {
        let here = relative.isEmpty ? local : local + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: here).sorted()
        } catch {
            throw .failed(operation: "listing", path: here, detail: "\(error)")
        }
        let base = try DebugfsRunner.path(directory)
        commands.append("cd \(base)")
        var subdirectories: [String] = []
        for name in names {
            try DebugfsRunner.check(name, what: "file name in \(here)")
            let localName = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(local + "/" + localName, &info) == 0 else {
                throw .failed(operation: "reading", path: local + "/" + localName, detail: String(cString: strerror(errno)))
            }
            let mode = UInt32(info.st_mode & 0o7777)
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                commands.append("write \(localName) \(name)")
                commands += Self.owned(name, mode: 0o100000 | mode)
            case S_IFDIR:
                commands.append("mkdir \(name)")
                commands += Self.owned(name, mode: 0o040000 | mode)
                subdirectories.append(name)
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: local + "/" + localName)) ?? ""
                for part in target.split(separator: "/") where part != ".." {
                    try DebugfsRunner.check(String(part), what: "symlink target in \(localName)")
                }
                commands.append("symlink \(name) \(target)")
                commands += ["sif \(name) uid 0", "sif \(name) gid 0"]
            default:
                throw .badInput("\(local)/\(localName): neither a file, a directory nor a symlink; not copied to the root filesystem")
            }
        }
        for name in subdirectories {
            try appendTree(
                local: local, relative: relative.isEmpty ? name : relative + "/" + name, into: directory.appending(name),
                commands: &commands)
        }
    }

    public func createFile(_ data: Data, at path: RootPath, mode: UInt16) throws(RootFilesystemError) {
        let directory: PrivateDirectory
        do {
            directory = try PrivateDirectory(purpose: "ext4-file")
        } catch {
            throw .failed(operation: "staging", path: path.absolute, detail: "\(error)")
        }
        let staging = directory.path
        guard FileManager.default.createFile(atPath: directory.file("content"), contents: data) else {
            throw .failed(operation: "staging", path: path.absolute, detail: "cannot write a local copy")
        }
        let parent = try DebugfsRunner.path(path.parent)
        try DebugfsRunner.check(path.name, what: "file name")
        defer { changed() }
        try debugfs.run(
            ["cd \(parent)", "write content \(path.name)"] + Self.owned(path.name, mode: 0o100000 | UInt32(mode)), write: true,
            localDirectory: staging)
    }

    public func rename(_ source: RootPath, to destination: RootPath) throws(RootFilesystemError) {
        guard source.parent == destination.parent else { throw .badInput("rename \(source) to \(destination): not in one directory") }
        guard try entryKind(destination) == nil else { throw .refused("\(location): \(destination) exists; not replaced") }
        try DebugfsRunner.check(source.name, what: "file name")
        try DebugfsRunner.check(destination.name, what: "file name")
        defer { changed() }
        try debugfs.run(
            ["cd \(try DebugfsRunner.path(source.parent))", "ln \(source.name) \(destination.name)", "unlink \(source.name)"], write: true)
    }

    public func removeTree(_ path: RootPath) throws(RootFilesystemError) {
        guard let kind = try entryKind(path) else { return }
        var commands: [String] = []
        if kind == .directory {
            try appendRemoval(of: path, commands: &commands)
        } else {
            commands = ["cd \(try DebugfsRunner.path(path.parent))", "rm \(path.name)"]
        }
        defer { changed() }
        try debugfs.run(commands, write: true)
    }

    /// Deepest first: files and links of each directory, then the directory itself.
    private func appendRemoval(of directory: RootPath, commands: inout [String]) throws(RootFilesystemError) {
        let entries = try listing(directory)
        for name in entries.keys.sorted() where entries[name]!.mode & 0o170000 == 0o040000 {
            try appendRemoval(of: directory.appending(name), commands: &commands)
        }
        commands.append("cd \(try DebugfsRunner.path(directory))")
        for name in entries.keys.sorted() where entries[name]!.mode & 0o170000 != 0o040000 {
            try DebugfsRunner.check(name, what: "file name in \(directory)")
            commands.append("rm \(name)")
        }
        commands.append("cd \(try DebugfsRunner.path(directory.parent))")
        commands.append("rmdir \(directory.name)")
    }

    public func flush() throws(RootFilesystemError) {
        let fd = open(imagePath, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .failed(operation: "flushing", path: imagePath, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .failed(operation: "flushing", path: imagePath, detail: String(cString: strerror(errno))) }
    }

    public func materialize(scratch: String) throws(RootFilesystemError) -> MaterializedRoot {
        do {
            if FileManager.default.fileExists(atPath: scratch) { try FileManager.default.removeItem(atPath: scratch) }
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw .failed(operation: "preparing", path: scratch, detail: "\(error)")
        }
        // Relative to the scratch directory, so its path never reaches debugfs' parser.
        try debugfs.run(["rdump / ."], write: false, localDirectory: scratch)
        return MaterializedRoot(directory: scratch, isCopy: true)
    }
}
