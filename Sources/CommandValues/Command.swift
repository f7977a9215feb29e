/// One external command as data: what to run, with which extra environment, in which directory.
/// Plans, dry runs, logs and the runner all speak in `Command`s so what is printed is what runs.
public struct Command: Sendable, Hashable, Codable {
    /// The argument vector; `argv[0]` is a program name (looked up in PATH) or a path.
    public var argv: [String]
    /// Variables set on top of the inherited environment, printed as `NAME=value` prefixes.
    public var environment: [String: String]
    /// Directory the command runs in; nil means the caller's directory.
    public var workingDirectory: String?

    public init(_ argv: [String], environment: [String: String] = [:], workingDirectory: String? = nil) {
        precondition(!argv.isEmpty, "a command needs at least a program name")
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    public var program: String { argv[0] }

    /// The command as one copy-pasteable POSIX sh line: `cd DIR && NAME=value prog 'arg with space'`.
    public var shellLine: String {
        var parts: [String] = []
        for key in environment.keys.sorted() {
            parts.append("\(key)=\(ShellQuote.quote(environment[key]!))")
        }
        parts += argv.map(ShellQuote.quote)
        let line = parts.joined(separator: " ")
        if let dir = workingDirectory {
            return "cd \(ShellQuote.quote(dir)) && \(line)"
        }
        return line
    }
}
