import Foundation

/// The refusals that depend on what the target and the image *are*, judged by device and inode numbers
/// after following symlinks, never by the text of a path: `FlashSafety` looks at a block device's own
/// facts (mounted, root, size); this looks at how target, image, loop devices, mounts and swap relate.
/// Refused: a target that does not exist (flash never creates a file, so a typo under /dev cannot become
/// a regular file there); the image itself (by any name or hard link); a loop device (or a partition of
/// one) backed by the image, which would overwrite the image with itself and read back a "matching"
/// checksum; a loop device backed by a file that another loop device mounts or swaps on; the backing file
/// of a mounted (or swapping) loop device; a swap file.
public struct FlashTargetCheck: Sendable {
    public enum Refusal: Equatable, Sendable, CustomStringConvertible {
        case missing(target: String)
        case sameFileAsImage(target: String)
        case loopBackedByImage(loop: String)
        case loopBackingInUse(loop: String, backing: String, usedBy: String, at: String)
        case backsMountedLoop(file: String, loop: String, at: String)
        case swapFile(target: String)
        case notWritable(target: String, kind: String)

        public var description: String {
            switch self {
            case .missing(let target):
                return "\(target) does not exist; flash writes an existing device (or file) and never creates one"
            case .sameFileAsImage(let target):
                return "\(target) is the image itself; writing it would overwrite the image with itself"
            case .loopBackedByImage(let loop):
                return "\(loop) is a loop device backed by the image; writing it would overwrite the image with itself"
            case .loopBackingInUse(let loop, let backing, let usedBy, let at):
                return
                    "\(loop) reads \(backing), which \(usedBy) also reads and which is in use (\(at)); writing it would corrupt that filesystem"
            case .backsMountedLoop(let file, let loop, let at):
                return "\(file) backs \(loop), which is in use (\(at)); writing it would corrupt that filesystem"
            case .swapFile(let target):
                return "\(target) is in use as a swap file"
            case .notWritable(let target, let kind):
                return "\(target) is a \(kind), neither a block device nor a regular file"
            }
        }
    }

    public var mounts: MountTable
    public var loops: LoopTable

    public init(mounts: MountTable, loops: LoopTable) {
        self.mounts = mounts
        self.loops = loops
    }

    /// The system as it is now.
    public static func current() -> FlashTargetCheck { FlashTargetCheck(mounts: .current(), loops: .current()) }

    /// Where a loop device is in use: its mount points, or swap; nil when it is not.
    func use(of loop: LoopTable.Loop) -> String? {
        let points = mounts.mountPoints(of: loop.device)
        if !points.isEmpty { return "mounted at " + points.joined(separator: ", ") }
        if mounts.swapIdentities.values.contains(.device(loop.device, block: true)) { return "swap" }
        return nil
    }

    /// Everything that forbids writing `image` to `target`; empty when these checks allow it.
    public func refusals(image: String, target: String, targetPartitionOf disk: DeviceNumber? = nil) -> [Refusal] {
        var info = stat()
        guard stat(target, &info) == 0 else { return [.missing(target: target)] }
        let identity = FileIdentity.of(info)
        var result: [Refusal] = []
        let imageIdentity = FileIdentity.of(image)
        if let imageIdentity, imageIdentity == identity { result.append(.sameFileAsImage(target: target)) }

        switch info.st_mode & S_IFMT {
        case S_IFBLK:
            // The device itself, and for a partition of a loop device the loop device it is part of.
            let numbers = [identity.blockDevice, disk].compactMap { $0 }
            for loop in numbers.compactMap(loops.loop) {
                guard let backing = loop.backing else { continue }
                if backing == imageIdentity { result.append(.loopBackedByImage(loop: "/dev/\(loop.name)")) }
                for other in loops.loops(backedBy: backing) where other.device != loop.device {
                    if let use = use(of: other) {
                        result.append(
                            .loopBackingInUse(loop: "/dev/\(loop.name)", backing: loop.backingName, usedBy: "/dev/\(other.name)", at: use))
                    }
                }
            }
        case S_IFREG:
            for loop in loops.loops(backedBy: identity) {
                if let use = use(of: loop) { result.append(.backsMountedLoop(file: target, loop: "/dev/\(loop.name)", at: use)) }
            }
            if mounts.swapIdentities.values.contains(identity) { result.append(.swapFile(target: target)) }
        case S_IFCHR:
            result.append(.notWritable(target: target, kind: "character device"))
        case S_IFDIR:
            result.append(.notWritable(target: target, kind: "directory"))
        default:
            result.append(.notWritable(target: target, kind: "special file"))
        }
        return result
    }
}
