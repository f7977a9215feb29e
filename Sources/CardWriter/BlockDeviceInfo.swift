import CBlockDevice
import Foundation

/// What the kernel says about a block device in /sys: the whole disk it belongs to, its partitions,
/// size, discard limits and whether it is removable.
public struct BlockDeviceInfo: Sendable {
    public var path: String
    /// Kernel name, e.g. sdb1 or loop0.
    public var name: String
    public var device: DeviceNumber
    public var isPartition: Bool
    /// Kernel name of the whole disk (itself when not a partition).
    public var disk: String
    /// This device and, for a whole disk, each of its partitions.
    public var members: [DeviceNumber]
    public var size: UInt64
    public var discard: DiscardLimits
    public var removable: Bool

    /// Reads /sys for the block device at `path` (a /dev node). Returns nil when it is not a block device.
    public static func read(_ path: String, sys: String = "/sys/class/block") -> BlockDeviceInfo? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK else { return nil }
        let number = DeviceNumber(
            major: UInt32(odroid_dev_major(UInt64(info.st_rdev))), minor: UInt32(odroid_dev_minor(UInt64(info.st_rdev))))
        guard
            let name = (try? FileManager.default.contentsOfDirectory(atPath: sys))?.first(where: {
                read(sys, $0, "dev") == number.description
            })
        else {
            return nil
        }
        let isPartition = FileManager.default.fileExists(atPath: "\(sys)/\(name)/partition")
        var disk = name
        if isPartition, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(sys)/\(name)") {
            disk = URL(fileURLWithPath: target).deletingLastPathComponent().lastPathComponent
        }
        var members = [number]
        if !isPartition {
            let children = (try? FileManager.default.contentsOfDirectory(atPath: "\(sys)/\(name)")) ?? []
            for child in children where FileManager.default.fileExists(atPath: "\(sys)/\(name)/\(child)/partition") {
                if let n = read(sys, "\(name)/\(child)", "dev").flatMap(DeviceNumber.init) { members.append(n) }
            }
        }
        let sectors = UInt64(read(sys, name, "size") ?? "") ?? 0
        let queue = "\(disk)/queue"
        let limits = DiscardLimits(
            maxBytes: UInt64(read(sys, queue, "discard_max_bytes") ?? "") ?? 0,
            granularity: UInt64(read(sys, queue, "discard_granularity") ?? "") ?? 0,
            alignment: UInt64(read(sys, name, "discard_alignment") ?? "") ?? 0)
        return BlockDeviceInfo(
            path: path, name: name, device: number, isPartition: isPartition, disk: disk, members: members,
            size: sectors * 512, discard: limits, removable: read(sys, disk, "removable") == "1")
    }

    /// The device number of the whole disk named `disk` (e.g. loop0 for loop0p1).
    public static func deviceNumber(ofDisk disk: String, sys: String = "/sys/class/block") -> DeviceNumber? {
        read(sys, disk, "dev").flatMap(DeviceNumber.init)
    }

    private static func read(_ sys: String, _ name: String, _ attribute: String) -> String? {
        (try? String(contentsOfFile: "\(sys)/\(name)/\(attribute)", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
