import SHA256Hashing
import Foundation

/// Fingerprints of files and whole trees from stat data alone (mode, owner, size, inode, mtime and ctime in
/// nanoseconds), the way git's index notices changes without reading contents. A kernel tree of ~75,000
/// files is fingerprinted in a fraction of a second, so a no-change rerun never has to start `make`.
public enum PathFingerprint {
    /// Names never descended into: version-control metadata changes on every fetch without changing the tree.
    public static let skippedNames: Set<String> = [".git", ".hg", ".svn"]

    /// A SHA-256 hex digest of the stat data of `path` (and, for a directory, of everything under it,
    /// in name order). A missing path has the fixed fingerprint "missing". Paths in `excluding` (and
    /// everything under them) are left out, so a work directory inside a source tree does not count.
    public static func of(_ path: String, excluding: Set<String> = []) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "missing" }
        var hasher = SHA256()
        if (info.st_mode & S_IFMT) != S_IFDIR {
            add(&hasher, relative: "", info)
            return hasher.finalize().hex
        }
        walk(path, excluding: excluding, into: &hasher)
        return hasher.finalize().hex
    }

    /// Hashes every entry under `root` (physical walk: symlinks are not followed), names sorted in each directory.
    private static func walk(_ root: String, excluding: Set<String>, into hasher: inout SHA256) {
        walk(directory: root, relative: "", excluding: excluding, into: &hasher)
    }

    private static func walk(directory: String, relative: String, excluding: Set<String>, into hasher: inout SHA256) {
        guard let handle = opendir(directory) else {
            hasher.update(data: Data("\(relative)\0unreadable\n".utf8))
            return
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        names.sort()
        let fd = dirfd(handle)
        for name in names {
            var info = stat()
            let path = relative + "/" + name
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                hasher.update(data: Data("\(path)\0vanished\n".utf8))
                continue
            }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            let full = directory + "/" + name
            // Skipped directories leave no trace at all: not even their own times, which change with their contents.
            if isDirectory && (skippedNames.contains(name) || excluding.contains(full)) { continue }
            add(&hasher, relative: path, info)
            if isDirectory { walk(directory: full, relative: path, excluding: excluding, into: &hasher) }
        }
    }

    private static func add(_ hasher: inout SHA256, relative: String, _ info: stat) {
        let line =
            "\(relative)\0\(info.st_mode) \(info.st_uid) \(info.st_gid) \(info.st_size) \(info.st_ino) "
            + "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)\n"
        hasher.update(data: Data(line.utf8))
    }

    /// SHA-256 hex digest of a string (command lines, environments, rendered scripts).
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hex
    }
}
