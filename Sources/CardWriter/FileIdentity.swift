import CBlockDevice
import Foundation

/// What a path is, as the kernel knows it, so that two names of one thing compare equal whatever symlinks,
/// hard links or `/dev/disk/by-*` names lead to it: a device node by its device number (`st_rdev`), any other
/// file by the filesystem and inode it lives at (`st_dev`, `st_ino`).
public enum FileIdentity: Hashable, Sendable, CustomStringConvertible {
    case device(DeviceNumber, block: Bool)
    case file(device: UInt64, inode: UInt64)

    /// The identity of what `path` leads to (symlinks followed); nil when nothing is there.
    public static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return of(info)
    }

    public static func of(_ info: stat) -> FileIdentity {
        let kind = info.st_mode & S_IFMT
        if kind == S_IFBLK || kind == S_IFCHR {
            let rdev = UInt64(info.st_rdev)
            return .device(DeviceNumber(major: odroid_dev_major(rdev), minor: odroid_dev_minor(rdev)), block: kind == S_IFBLK)
        }
        return .file(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The block device's number, when this is one.
    public var blockDevice: DeviceNumber? {
        if case .device(let number, true) = self { return number }
        return nil
    }

    public var description: String {
        switch self {
        case .device(let number, let block): return "\(block ? "block" : "character") device \(number)"
        case .file(let device, let inode): return "inode \(inode) on device \(odroid_dev_major(device)):\(odroid_dev_minor(device))"
        }
    }
}
