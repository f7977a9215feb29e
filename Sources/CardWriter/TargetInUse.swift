import Foundation

/// Whether the running system is using a file or block device that a tool is about to write behind the kernel's
/// back (mtools on a boot image, the flasher on a card): a filesystem on it or on one of its partitions is mounted,
/// it is swap, or it backs a loop device that is mounted or swapped on. Such a write corrupts the mounted filesystem
/// the next time the kernel flushes its own view of it. The same facts as `FlashSafety` and `FlashTargetCheck`.
public struct TargetInUse: Sendable {
    public var mounts: MountTable
    public var loops: LoopTable

    public init(mounts: MountTable, loops: LoopTable) {
        self.mounts = mounts
        self.loops = loops
    }

    public static func current() -> TargetInUse { TargetInUse(mounts: .current(), loops: .current()) }

    /// What uses `path`, one sentence each; empty when nothing does (or `path` does not exist).
    public func uses(of path: String, sys: String = "/sys/class/block") -> [String] {
        var result: [String] = []
        if let device = BlockDeviceInfo.read(path, sys: sys) {
            let request = FlashSafety.Request(imageSize: 0, wholeDisk: !device.isPartition, sizeLimit: .max, force: true)
            for refusal in FlashSafety(mounts: mounts).refusals(device: device, request: request) {
                switch refusal {
                case .mounted, .holdsRoot, .swap: result.append(refusal.description)
                default: continue
                }
            }
        }
        for refusal in FlashTargetCheck(mounts: mounts, loops: loops).refusals(image: "", target: path) {
            switch refusal {
            case .loopBackingInUse, .backsMountedLoop, .swapFile: result.append(refusal.description)
            default: continue
            }
        }
        return result
    }
}
