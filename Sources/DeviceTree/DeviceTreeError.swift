/// Why a blob could not be read, trusted or changed. Every error names the file, so the CLI can print it as is.
public struct DeviceTreeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The file could not be read at all.
        case unreadable(String)
        /// Too few bytes for a device-tree header.
        case tooSmall(size: Int)
        /// The first word is not 0xd00dfeed; `looksLike` guesses what the file is instead.
        case badMagic(found: UInt32, looksLike: String?)
        /// The header's totalsize is larger than the file: a truncated copy.
        case sizeExceedsFile(claimed: Int, actual: Int)
        /// A format version before 16 (pre-2008 dtc): libfdt 1.6.1's full check crashes on these, so they are refused first.
        case unsupportedVersion(Int)
        /// libfdt's full structural check failed.
        case invalidStructure(String)
        /// A property the tool reads has the wrong length or is not a NUL-terminated string.
        case malformedProperty(node: String, property: String, detail: String)
        /// #address-cells/#size-cells this tool cannot turn into 64-bit numbers.
        case unsupportedCells(node: String, detail: String)
        /// A libfdt call failed while reading or editing.
        case libfdt(operation: String, message: String)
        /// The result could not be written.
        case unwritable(String)
        /// A value given to an editing call is unusable (a NUL in bootargs, an initrd ending before it starts).
        case invalidValue(String)
    }

    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reasonText)" }

    var reasonText: String {
        switch reason {
        case .unreadable(let detail):
            return "cannot read the device-tree blob: \(detail)"
        case .tooSmall(let size):
            return "only \(size) bytes; a device-tree blob starts with a 40-byte header"
        case .badMagic(let found, let guess):
            let base = "not a device-tree blob: magic is 0x\(String(found, radix: 16)), expected 0xd00dfeed"
            return guess.map { "\(base); it looks like \($0)" } ?? base
        case .sizeExceedsFile(let claimed, let actual):
            return "truncated: the header claims \(claimed) bytes but the file has \(actual)"
        case .unsupportedVersion(let version):
            return "device-tree format version \(version) is not supported (16 or later is needed); recompile the .dts with a current dtc"
        case .invalidStructure(let detail):
            return "damaged device-tree blob: \(detail)"
        case .malformedProperty(let node, let property, let detail):
            return "malformed property \(node == "/" ? "" : node)/\(property): \(detail)"
        case .unsupportedCells(let node, let detail):
            return "unsupported cell sizes at \(node): \(detail)"
        case .libfdt(let operation, let message):
            return "\(operation) failed: \(message)"
        case .unwritable(let detail):
            return "cannot write the device-tree blob: \(detail)"
        case .invalidValue(let detail):
            return detail
        }
    }
}
