/// A typed profile value after schema checking.
public enum SettingValue: Equatable, Sendable {
    case string(String)
    case strings([String])
    case number(UInt64)
    case bool(Bool)
    case regions([MemoryRegion])
}

/// Where a setting came from: a profile file and line, the local override file, or `--set`.
public struct Origin: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }
    public static let defaultValue = Origin(file: "<default>", line: nil)
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// A value and its origin.
public struct Setting: Equatable, Sendable {
    public var value: SettingValue
    public var origin: Origin
    public init(_ value: SettingValue, origin: Origin) {
        self.value = value
        self.origin = origin
    }
}

/// A named range of memory: a reserved area nothing may be loaded over, or a load window.
public struct MemoryRegion: Equatable, Sendable, Codable {
    public var name: String
    public var start: UInt64
    public var size: UInt64
    public init(name: String, start: UInt64, size: UInt64) {
        self.name = name
        self.start = start
        self.size = size
    }
    /// One past the last byte. Never wraps: a region running past 2^64 ends at `UInt64.max`, so it is still
    /// judged as leaving the address space (`AddressSpace.problem`) rather than as a small window near 0.
    public var end: UInt64 {
        let (sum, overflow) = start.addingReportingOverflow(size)
        return overflow ? .max : sum
    }
    public func overlaps(_ other: MemoryRegion) -> Bool { start < other.end && other.start < end }
}
