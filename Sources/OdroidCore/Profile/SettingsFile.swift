/// What one profile or override file says: its settings by dotted key, each with file and line,
/// plus every problem found while reading it (syntax, unknown keys, wrong types), all at once.
public struct SettingsFile: Sendable {
    public var path: String
    public var settings: [ProfileKey: Setting]
    public var diagnostics: [Diagnostic]
    /// The line of each table (`[kernel]`, `[kernel.source]`, or where a dotted key opened it): where a
    /// diagnostic about a key the file does not set points.
    public var tableLines: [String: Int] = [:]

    /// Reads TOML `text` that came from `path` (used in diagnostics and to resolve relative paths).
    public init(path: String, text: String) {
        self.init(path: path) { try TOMLParser.parse(text) }
    }

    /// Reads the bytes of the file at `path`; bytes that are not UTF-8 are a diagnostic at their line.
    public init(path: String, bytes: [UInt8]) {
        self.init(path: path) { try TOMLParser.parse(bytes) }
    }

    private init(path: String, parse: () throws -> TOMLTable) {
        self.path = path
        settings = [:]
        diagnostics = []
        let table: TOMLTable
        do {
            table = try parse()
        } catch let error as TOMLError {
            diagnostics.append(Diagnostic(file: path, line: error.line, message: "\(error.message) (column \(error.column))"))
            return
        } catch {
            diagnostics.append(Diagnostic(file: path, message: "\(error)"))
            return
        }
        collect(table, prefix: "")
    }

    private mutating func collect(_ table: TOMLTable, prefix: String) {
        for key in table.keys {
            let node = table[key]!
            let full = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let key = ProfileKey(rawValue: full) {
                let spec = ProfileSchema.spec(key)
                do {
                    var value = try SettingReader.read(node.value, for: spec)
                    value = resolvingHostPaths(value, type: spec.type)
                    settings[key] = Setting(value, origin: Origin(file: path, line: node.line))
                } catch {
                    diagnostics.append(Diagnostic(file: path, line: node.line, key: full, message: "'\(full)': \(error.text)"))
                }
            } else if ProfileSchema.tables.contains(full), case .table(let inner) = node.value {
                tableLines[full] = inner.line
                collect(inner, prefix: full)
            } else {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: node.line, key: full,
                        message: "unknown key " + Diagnostic.quoted(full) + Self.suggestion(for: full)))
            }
        }
    }

    /// Relative host paths in a file are relative to that file's directory.
    private func resolvingHostPaths(_ value: SettingValue, type: SettingType) -> SettingValue {
        let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        func resolve(_ p: String) -> String {
            if p.isEmpty || p.hasPrefix("/") || p.hasPrefix("~") || p.contains("{") { return p }
            return dir.isEmpty ? p : "\(dir)/\(p)"
        }
        switch (type, value) {
        case (.hostPath, .string(let p)): return .string(resolve(p))
        case (.hostPathList, .strings(let list)): return .strings(list.map(resolve))
        default: return value
        }
    }

    /// " (did you mean 'kernel.loadaddr'?)" for a near miss, else "". Two texts whose lengths differ by more
    /// than the allowed distance cannot be that close, so only keys of about a schema key's length are
    /// compared: a megabyte of unknown key costs no more than a short one.
    static func suggestion(for key: String) -> String {
        let length = key.count
        let allowed = max(2, length / 4)
        let candidates = (ProfileSchema.specs.map(\.key.rawValue) + ProfileSchema.tables).filter { abs($0.count - length) <= allowed }
        let best = candidates.map { ($0, editDistance($0, key)) }.min { $0.1 < $1.1 }
        guard let (name, distance) = best, distance <= allowed else { return "" }
        return " (did you mean '\(name)'?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
