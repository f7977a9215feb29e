/// A failed boot-partition operation, said with the path and what went wrong.
public enum BootPartitionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Usage-like problems (exit 2 in the CLI) as opposed to failed operations (exit 1).
    public var isBadInput: Bool {
        switch self {
        case .badInput, .unusable: return true
        default: return false
        }
    }

    /// The file or directory does not exist.
    case notFound(String)
    /// The filesystem is full (ENOSPC, mtools "Disk full").
    case noSpace(path: String, detail: String)
    /// Any other failure of one operation.
    case failed(operation: String, path: String, detail: String)
    /// The target cannot be used at all (not FAT, not mounted, no such image or partition).
    case unusable(String)
    /// The request itself is wrong (a built file missing, a version not installed): nothing was changed.
    case badInput(String)
    /// The operation was refused to keep the partition bootable (removing the default kernel, a name that
    /// differs only in case from an existing one, not enough space).
    case refused(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or directory on the boot partition"
        case .noSpace(let path, let detail): return "\(path): boot partition is full (\(detail))"
        case .failed(let operation, let path, let detail): return "\(operation) \(path) failed: \(detail)"
        case .unusable(let why), .badInput(let why), .refused(let why): return why
        }
    }
}
