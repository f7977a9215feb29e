import Foundation

/// Which filesystem is mounted at a directory, from /proc/self/mountinfo: its type and source device, so the
/// UUID of a mounted card's root (`--rootfs DIR`, or `/` on the board) can be read from that device's ext4
/// superblock. A directory that is not itself a mount point has no UUID of its own: refused, because the
/// UUID of whatever filesystem holds it is not the card's.
public struct RootMountSource: Sendable, Equatable {
    public var mountPoint: String
    public var filesystemType: String
    public var source: String

    /// Parses mountinfo: `id parent major:minor root mountpoint options [optional...] - fstype source superopts`.
    public static func entries(mountinfo: String) -> [RootMountSource] {
        mountinfo.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
            return RootMountSource(mountPoint: unescape(fields[4]), filesystemType: fields[dash + 1], source: unescape(fields[dash + 2]))
        }
    }

    /// mountinfo writes space, tab, newline and backslash as `\040`-style octal escapes.
    static func unescape(_ field: String) -> String {
        var bytes: [UInt8] = []
        var rest = Substring(field).utf8[...]
        while let first = rest.first {
            if first == UInt8(ascii: "\\"), rest.count >= 4,
                let value = UInt8(String(decoding: rest.dropFirst().prefix(3), as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                rest = rest.dropFirst(4)
            } else {
                bytes.append(first)
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UUID of the ext2/3/4 filesystem mounted exactly at `directory`.
    public static func uuid(ofMountAt directory: String, mountinfo: String? = nil) throws(RootFilesystemError) -> String {
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let text = mountinfo ?? ((try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "")
        guard let mount = entries(mountinfo: text).last(where: { $0.mountPoint == resolved }) else {
            throw .unusable(
                "\(directory) is not a mount point, so the UUID of its filesystem is not the root partition's; mount the card's root partition there, or give root= yourself (--set boot.root=UUID=...)"
            )
        }
        guard ["ext2", "ext3", "ext4"].contains(mount.filesystemType) else {
            throw .unusable(
                "\(directory) holds a \(mount.filesystemType) filesystem; odroid-build reads the UUID of ext2/3/4 only: give root= yourself (--set boot.root=UUID=...)"
            )
        }
        guard mount.source.hasPrefix("/dev/") else {
            throw .unusable(
                "\(directory) is mounted from \(mount.source), not a block device: give root= yourself (--set boot.root=UUID=...)")
        }
        do {
            return try Ext4Superblock.read(path: mount.source).uuid
        } catch {
            throw .unusable(
                "\(directory): cannot read the UUID from \(mount.source) (\(error)); run as root or give root= yourself (--set boot.root=UUID=...)"
            )
        }
    }
}
