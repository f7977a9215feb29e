import Foundation

/// The one seam for writing a FAT boot partition. Two backends: a mounted directory (`MountedBootPartition`)
/// and a FAT filesystem inside an image file, written through mtools (`MtoolsImagePartition`). The install
/// transaction and the kernel-management commands use only this protocol, so every command works on both,
/// and tests can wrap a backend to "die" after any operation.
///
/// Paths are relative to the partition root and use `/` (e.g. `dtbs/3.12.3/exynos5410-odroidxu.dtb`).
/// FAT compares names case-insensitively; backends do not hide that, callers check for collisions.
/// Every backend refuses a path that could leave the partition (`PartitionPath.confined`) and never
/// follows a symbolic link (a FAT partition has none; one found is refused).
public protocol BootPartition: AnyObject {
    /// Where the partition is, for messages (`/boot/uboot`, `disk.img@@1048576`).
    var location: String { get }
    /// The entries of `directory` ("" is the root), without `.` and `..`. Throws `.notFound` when missing.
    func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry]
    /// The bytes of a file.
    func read(_ path: String) throws(BootPartitionError) -> Data
    /// Creates or truncates `path` and writes `data` to it (used for temporary names only).
    func write(_ data: Data, to path: String) throws(BootPartitionError)
    /// Creates or truncates `path` with the contents of a local file (used for temporary names only).
    func copy(localFile: String, to path: String) throws(BootPartitionError)
    /// Makes `path`'s data durable before it is renamed into place.
    func flush(_ path: String) throws(BootPartitionError)
    /// Renames within one directory, replacing `destination` when it exists.
    func rename(_ source: String, to destination: String) throws(BootPartitionError)
    /// Deletes a file.
    func delete(_ path: String) throws(BootPartitionError)
    /// Creates a directory whose parent exists.
    func makeDirectory(_ path: String) throws(BootPartitionError)
    /// Removes an empty directory.
    func removeDirectory(_ path: String) throws(BootPartitionError)
    /// Free space and allocation unit.
    func space() throws(BootPartitionError) -> BootPartitionSpace
    /// The partition's one write lock: every change (an install, a switch, a removal) holds it from before it
    /// reads the partition's state until its last write, so concurrent runs take turns.
    var writeLock: PartitionWriteLock { get }
}

/// One directory entry.
public struct BootPartitionEntry: Sendable, Equatable {
    public var name: String
    public var isDirectory: Bool
    /// Bytes; 0 for directories.
    public var size: UInt64

    public init(name: String, isDirectory: Bool, size: UInt64) {
        self.name = name
        self.isDirectory = isDirectory
        self.size = size
    }
}

/// Free space on a partition and the cluster size every file is rounded up to.
public struct BootPartitionSpace: Sendable, Equatable {
    public var freeBytes: UInt64
    public var clusterBytes: UInt64

    public init(freeBytes: UInt64, clusterBytes: UInt64) {
        self.freeBytes = freeBytes
        self.clusterBytes = max(1, clusterBytes)
    }

    /// Bytes a file of `size` bytes takes on the partition.
    public func allocated(_ size: UInt64) -> UInt64 {
        (size + clusterBytes - 1) / clusterBytes * clusterBytes
    }
}

extension BootPartition {
    /// The entry FAT finds for `path` (names compare case-insensitively, as on the board), nil when it or
    /// its directory does not exist. Compare `name` with the asked one to see whether the case differs.
    public func entry(at path: String) throws(BootPartitionError) -> BootPartitionEntry? {
        let (directory, name) = PartitionPath.split(path)
        let entries = try entriesIfPresent(in: directory)
        return entries.first { $0.name == name } ?? entries.first { PartitionPath.sameOnFAT($0.name, name) }
    }

    /// Entries of a directory, empty when the directory does not exist.
    public func entriesIfPresent(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        do {
            return try entries(in: directory)
        } catch {
            if case .notFound = error { return [] }
            throw error
        }
    }

    /// The file at `path` if it exists.
    public func readIfPresent(_ path: String) throws(BootPartitionError) -> Data? {
        guard let found = try entry(at: path), !found.isDirectory else { return nil }
        return try read(path)
    }
}
