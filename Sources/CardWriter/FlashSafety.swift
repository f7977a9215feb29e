/// The checks that stand between a typo and an overwritten disk. Each refusal says what was found and how
/// to insist when the user really means it.
public struct FlashSafety: Sendable {
    public struct Request: Sendable {
        public var imageSize: UInt64
        /// The user said --disk: a whole disk (partition table included) is the target.
        public var wholeDisk: Bool
        /// Largest device written without --force.
        public var sizeLimit: UInt64
        public var force: Bool

        public init(imageSize: UInt64, wholeDisk: Bool, sizeLimit: UInt64, force: Bool) {
            self.imageSize = imageSize
            self.wholeDisk = wholeDisk
            self.sizeLimit = sizeLimit
            self.force = force
        }
    }

    public enum Refusal: Equatable, Sendable, CustomStringConvertible {
        case mounted(device: String, at: String)
        case holdsRoot(device: String)
        case swap(device: String)
        case wholeDiskWithoutFlag(device: String)
        case partitionWithDiskFlag(device: String)
        case tooLarge(device: String, size: UInt64, limit: UInt64)
        case imageTooBig(image: UInt64, device: UInt64)

        /// Refusals that --force does not lift.
        public var absolute: Bool {
            switch self {
            case .mounted, .holdsRoot, .swap, .imageTooBig: return true
            default: return false
            }
        }

        public var description: String {
            switch self {
            case .mounted(let device, let at):
                return "\(device) is mounted at \(at); unmount it first"
            case .holdsRoot(let device):
                return "\(device) holds the running root filesystem"
            case .swap(let device):
                return "\(device) is in use as swap"
            case .wholeDiskWithoutFlag(let device):
                return
                    "\(device) is a whole disk; writing it replaces its partition table: pass --disk if that is what you want, or name a partition (e.g. \(device)1)"
            case .partitionWithDiskFlag(let device):
                return "\(device) is a partition, but --disk asks for a whole disk"
            case .tooLarge(let device, let size, let limit):
                return
                    "\(device) is \(size >> 30) GiB, larger than \(limit >> 30) GiB: not the SD card you meant? Pass --force to write it anyway"
            case .imageTooBig(let image, let device):
                return "the image (\(image) bytes) is larger than the target (\(device) bytes)"
            }
        }
    }

    public var mounts: MountTable

    public init(mounts: MountTable) { self.mounts = mounts }

    /// Everything that forbids writing `device`; empty when the write may go ahead.
    public func refusals(device: BlockDeviceInfo, request: Request) -> [Refusal] {
        var result: [Refusal] = []
        for entry in mounts.entries where device.members.contains(entry.device) {
            if entry.mountPoint == "/" { result.append(.holdsRoot(device: device.path)) }
            result.append(.mounted(device: entry.source, at: entry.mountPoint))
        }
        // Swap by number: the device itself or, for a whole disk, any of its partitions.
        for path in mounts.swaps {
            guard let number = mounts.swapIdentities[path]?.blockDevice, device.members.contains(number) else { continue }
            result.append(.swap(device: path))
        }
        if request.wholeDisk && device.isPartition { result.append(.partitionWithDiskFlag(device: device.path)) }
        if !request.wholeDisk && !device.isPartition && !device.name.hasPrefix("loop") {
            result.append(.wholeDiskWithoutFlag(device: device.path))
        }
        if device.size > request.sizeLimit && !request.force {
            result.append(.tooLarge(device: device.path, size: device.size, limit: request.sizeLimit))
        }
        if request.imageSize > device.size { result.append(.imageTooBig(image: request.imageSize, device: device.size)) }
        return result
    }
}
