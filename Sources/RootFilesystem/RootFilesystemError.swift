/// A failed root-filesystem operation, said with the path and what went wrong.
public enum RootFilesystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The target cannot be used at all (no such directory, not ext2/3/4, no Linux partition): exit 2.
    case unusable(String)
    /// The request itself is wrong (a name that cannot be written safely, a path leaving the root): exit 2.
    case badInput(String)
    /// Refused to keep the target sound (a symlink where a directory must be, another kernel's modules).
    case refused(String)
    /// One operation failed.
    case failed(operation: String, path: String, detail: String)

    public var isBadInput: Bool {
        switch self {
        case .unusable, .badInput: return true
        case .refused, .failed: return false
        }
    }

    public var description: String {
        switch self {
        case .unusable(let why), .badInput(let why), .refused(let why): return why
        case .failed(let operation, let path, let detail): return "\(operation) \(path) failed: \(detail)"
        }
    }
}
