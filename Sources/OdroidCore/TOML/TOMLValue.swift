/// A value read from a TOML document, with the line it came from so every diagnostic can point at it.
public indirect enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML type name, for "expected X, found Y" messages.
    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A value and its 1-based source line.
public struct TOMLNode: Equatable, Sendable {
    public var value: TOMLValue
    public var line: Int
    public init(_ value: TOMLValue, line: Int) {
        self.value = value
        self.line = line
    }
}

/// A TOML table: keys in document order, each with its located value.
public struct TOMLTable: Equatable, Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [String: TOMLNode] = [:]
    /// Line of the `[header]` (or of the first key, for inline and root tables).
    public var line: Int
    /// True for tables that were opened implicitly (by a dotted key or a deeper header) and may still be defined.
    var implicit = false

    public init(line: Int) { self.line = line }

    public subscript(key: String) -> TOMLNode? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }
}

/// A syntax error with its position.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(line):\(column): \(message)" }
}
