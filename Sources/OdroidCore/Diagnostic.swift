/// One problem found in a profile, a script or an argument, printed as `file:line: error: message`
/// so editors can jump to it.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var file: String
    /// 1-based line, or nil when the problem has no line (a command-line argument, a missing key).
    public var line: Int?
    /// The dotted key the problem is about, when there is one.
    public var key: String?
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// A diagnostic about a profile key, which it names by its dotted TOML name.
    public init(_ severity: Severity = .error, file: String, line: Int? = nil, key: ProfileKey, message: String) {
        self.init(severity, file: file, line: line, key: key.rawValue, message: message)
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let keyPart = key.map { " [\(Self.excerpt($0))]" } ?? ""
        return "\(location): \(severity.rawValue): \(message)\(keyPart)"
    }

    /// The most characters of one value a diagnostic quotes; a longer one is cut, with its length.
    public static let quoteLimit = 80

    /// `text`, or its start and its length in characters when it is longer than `quoteLimit`: a megabyte of
    /// key or value in a file must not become a megabyte of message.
    public static func excerpt(_ text: String) -> String {
        var prefix = ""
        var count = 0
        for character in text {
            if count < quoteLimit { prefix.append(character) }
            count += 1
        }
        return count <= quoteLimit ? text : "\(prefix)… (\(count) characters)"
    }

    /// `'text'`, cut like `excerpt`.
    public static func quoted(_ text: String) -> String { "'\(excerpt(text))'" }
}

/// Every problem found in one phase, reported together.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}
