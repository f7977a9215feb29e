/// A console session that could not start or go on.
public enum SerialConsoleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad arguments (exit 2).
    case badInput(String)
    /// The device cannot be used (exit 2).
    case unusable(String)
    /// Reading or writing failed (exit 1).
    case failed(String)

    public var isBadInput: Bool {
        switch self {
        case .badInput, .unusable: return true
        case .failed: return false
        }
    }

    public var description: String {
        switch self {
        case .badInput(let why), .unusable(let why), .failed(let why): return why
        }
    }
}
