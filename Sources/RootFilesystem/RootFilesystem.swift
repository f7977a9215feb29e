import Foundation

/// The one seam for a board's root filesystem (the card's second partition), like `BootPartition` for the
/// FAT one. Two backends: a mounted directory (`MountedRootFilesystem`: `--rootfs DIR`, or `/` on the board
/// itself) and the ext2/3/4 filesystem of a whole-disk image, written through e2fsprogs' debugfs without
/// mounting and without root (`Ext4ImageRootFilesystem`). Transactions (`ModuleTreeInstaller`) and the
/// initramfs generator use only this protocol.
///
/// Every path is a `RootPath`, relative to the root; no operation follows a symlink: `RootPathResolver`
/// resolves symlinks inside the root first (an absolute link such as `/lib -> /usr/lib` means the board's
/// /usr/lib, never the host's), and backends refuse a symlink met where a directory is expected.
public protocol RootFilesystem: AnyObject {
    /// Where the root filesystem is, for messages (`/mnt/card-root`, `card.img partition 2`).
    var location: String { get }
    /// The filesystem's UUID as `root=UUID=` takes it (ext2/3/4 superblock), lower-case 8-4-4-4-12.
    func uuid() throws(RootFilesystemError) -> String
    /// What is at `path`, without following a symlink there; nil when absent. Throws when a component
    /// before the last is not a directory.
    func entryKind(_ path: RootPath) throws(RootFilesystemError) -> RootEntryKind?
    /// Names in a directory, without `.` and `..`.
    func entries(in directory: RootPath) throws(RootFilesystemError) -> [String]
    /// The bytes of a (small) regular file.
    func read(_ path: RootPath) throws(RootFilesystemError) -> Data
    /// Creates directory `path` (its parent exists), owned by root, mode 0755.
    func makeDirectory(_ path: RootPath) throws(RootFilesystemError)
    /// Copies the local directory tree `local` to `path`, which must not exist yet (its parent does):
    /// directories, regular files and symlinks, with their permission bits, owned by root.
    func copyTree(local: String, to path: RootPath) throws(RootFilesystemError)
    /// Writes a new regular file (it must not exist yet), owned by root.
    func createFile(_ data: Data, at path: RootPath, mode: UInt16) throws(RootFilesystemError)
    /// Renames within one directory; `destination` must not exist.
    func rename(_ source: RootPath, to destination: RootPath) throws(RootFilesystemError)
    /// Deletes `path` and, for a directory, everything under it (symlinks are removed, never followed).
    func removeTree(_ path: RootPath) throws(RootFilesystemError)
    /// Makes every change so far durable.
    func flush() throws(RootFilesystemError)
    /// A local directory holding the whole root filesystem, for a program that must run inside it (the
    /// board's initramfs generator): the directory itself when mounted, an extracted copy for an image.
    func materialize(scratch: String) throws(RootFilesystemError) -> MaterializedRoot
}

/// What a path in the root filesystem is.
public enum RootEntryKind: Sendable, Equatable {
    case file(size: UInt64)
    case directory
    case symlink(target: String)
    /// A device, FIFO or socket.
    case other
}

/// A root filesystem as a local directory, and whether that directory is a temporary copy to delete.
public struct MaterializedRoot: Sendable {
    public var directory: String
    public var isCopy: Bool

    public init(directory: String, isCopy: Bool) {
        self.directory = directory
        self.isCopy = isCopy
    }
}

extension RootFilesystem {
    /// The kind of what `path` names after resolving symlinks inside the root, or nil when absent.
    public func resolvedKind(_ path: RootPath) throws(RootFilesystemError) -> (path: RootPath, kind: RootEntryKind)? {
        let resolved = try RootPathResolver(filesystem: self).resolve(path)
        guard let kind = try entryKind(resolved) else { return nil }
        return (resolved, kind)
    }

    /// `directory` with symlinks resolved, created (with missing parents) when absent.
    public func directoryCreatingParents(_ directory: RootPath) throws(RootFilesystemError) -> RootPath {
        var current = RootPath.root
        for name in directory.components {
            current = try RootPathResolver(filesystem: self).resolve(current.appending(name))
            switch try entryKind(current) {
            case .directory?: continue
            case nil: try makeDirectory(current)
            case .some(let kind):
                throw .refused("\(location): \(current) is \(kind), not a directory; cannot install under it")
            }
        }
        return current
    }
}
