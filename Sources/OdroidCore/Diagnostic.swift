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

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let keyPart = key.map { " [\($0)]" } ?? ""
        return "\(location): \(severity.rawValue): \(message)\(keyPart)"
    }
}

/// Every problem found in one phase, reported together.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic]) { self.items = items }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var description: String { items.map(\.description).joined(separator: "\n") }
}
