/// The type a profile key must have, which decides how its TOML value or `--set` text is read and checked.
public enum SettingType: Equatable, Sendable {
    case text
    /// A single file name: no `/`, no `..`, not empty.
    case fileName
    /// A relative path inside the boot partition or build tree: no leading `/`, no `..` component.
    case relativePath
    /// A host path (absolute, or relative to the file that sets it).
    case hostPath
    case textList
    case fileNameList
    case relativePathList
    case hostPathList
    /// A memory address: an integer, hex like 0x40008000.
    case address
    /// A byte count: an integer or text such as "512M", "2G", "64K".
    case size
    case flag
    case count
    case choice([String])
    case choiceList([String])
    /// An array of `{ name = "...", start = 0x..., size = "..." }` tables.
    case regions

    /// The largest `.count`: more parallel jobs than any build host has CPUs, and small enough that every
    /// count converts to `Int` and prints as `-jN` without a second thought.
    public static let countLimit: UInt64 = 1024

    var summary: String {
        switch self {
        case .text: return "a string"
        case .fileName: return "a file name (no '/' or '..')"
        case .relativePath: return "a relative path (no leading '/', no '..')"
        case .hostPath: return "a path"
        case .textList: return "an array of strings"
        case .fileNameList: return "an array of file names"
        case .relativePathList: return "an array of relative paths"
        case .hostPathList: return "an array of paths"
        case .address: return "an address below 4 GiB (integer, e.g. 0x40008000)"
        case .size: return "a size up to 4 GiB (integer, or a string like \"512M\")"
        case .flag: return "a boolean"
        case .count: return "a non-negative integer up to \(Self.countLimit)"
        case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .choiceList(let options): return "an array of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .regions: return "an array of tables { name, start, size }"
        }
    }
}

/// One key a profile may set: its type, default and the help text `profiles show` and the docs use.
public struct SettingSpec: Sendable {
    public var key: ProfileKey
    public var type: SettingType
    /// The value used when no layer sets the key; nil means "no default" (see `required`).
    public var defaultValue: SettingValue?
    /// Required keys must be set by a profile that is not abstract, and set to something: a required text or
    /// list may not be empty.
    public var required: Bool
    /// For an address: the boundary it must lie on, in bytes (1: any). u-boot reads the 32-bit words of an image
    /// header where it loads one and the ARM kernel starts with an instruction, so load addresses are 4-byte
    /// aligned; libfdt and the kernel's boot protocol want a dtb on an 8-byte boundary.
    public var alignment: UInt64
    public var help: String

    public init(
        _ key: ProfileKey, _ type: SettingType, default defaultValue: SettingValue? = nil, required: Bool = false, alignment: UInt64 = 1,
        _ help: String
    ) {
        self.key = key
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.alignment = alignment
        self.help = help
    }

    /// The type as the reference and "expected ..." messages describe it, with the alignment when there is one.
    public var summary: String { alignment > 1 ? "\(type.summary), \(alignment)-byte aligned" : type.summary }
}
