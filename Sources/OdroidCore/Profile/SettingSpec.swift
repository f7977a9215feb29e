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
        case .address: return "an address (integer, e.g. 0x40008000)"
        case .size: return "a size (integer, or a string like \"512M\")"
        case .flag: return "a boolean"
        case .count: return "a non-negative integer"
        case .choice(let options): return "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .choiceList(let options): return "an array of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
        case .regions: return "an array of tables { name, start, size }"
        }
    }
}

/// One key a profile may set: its type, default and the help text `profiles show` and the docs use.
public struct SettingSpec: Sendable {
    public var key: String
    public var type: SettingType
    /// The value used when no layer sets the key; nil means "no default" (see `required`).
    public var defaultValue: SettingValue?
    /// Required keys must be set by a profile that is not abstract.
    public var required: Bool
    public var help: String

    public init(_ key: String, _ type: SettingType, default defaultValue: SettingValue? = nil, required: Bool = false, _ help: String) {
        self.key = key
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.help = help
    }
}
