import SHA256Hashing
import Foundation

/// What a board's initramfs generator reads from its root filesystem besides the modules, as one digest:
/// the filesystem's UUID (another card), its initramfs configuration (`/etc/initramfs-tools`, dracut's and
/// mkinitrd's, `/etc/modprobe.d`: a user's MODULES=list must make a new initramfs), and dpkg's status file
/// (an upgraded initramfs-tools or busybox). The build's skip-if-unchanged compares it, so an initramfs is
/// never reused from another card or an older configuration.
public enum GeneratorInputs {
    static let configurationTrees = [
        "etc/initramfs-tools", "etc/dracut.conf", "etc/dracut.conf.d", "etc/sysconfig/mkinitrd", "etc/modprobe.d",
    ]
    static let packageState = ["var/lib/dpkg/status", "var/lib/rpm/rpmdb.sqlite"]
    /// Files larger than this are digested by size only (nothing in these trees is that big).
    static let readLimit: UInt64 = 4 << 20

    public static func digest(of filesystem: any RootFilesystem) throws(RootFilesystemError) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("uuid \((try? filesystem.uuid()) ?? "none")\n".utf8))
        for tree in configurationTrees + packageState {
            try add(try RootPath(tree), filesystem: filesystem, to: &hasher, depth: 0)
        }
        return hasher.finalize().hex
    }

    private static func add(_ path: RootPath, filesystem: any RootFilesystem, to hasher: inout SHA256, depth: Int)
        throws(RootFilesystemError)
    {
        guard depth < 8, let (resolved, kind) = try filesystem.resolvedKind(path) else { return }
        switch kind {
        case .directory:
            hasher.update(data: Data("dir \(path)\n".utf8))
            for name in try filesystem.entries(in: resolved) {
                try add(path.appending(name), filesystem: filesystem, to: &hasher, depth: depth + 1)
            }
        case .file(let size):
            hasher.update(data: Data("file \(path) \(size)\n".utf8))
            if size <= readLimit { hasher.update(data: try filesystem.read(resolved)) }
        case .symlink(let target):
            hasher.update(data: Data("link \(path) \(target)\n".utf8))
        case .other:
            hasher.update(data: Data("other \(path)\n".utf8))
        }
    }
}
