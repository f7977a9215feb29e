/// Where a diagnostic about a key points. A key some layer sets points at that line (or at `--set KEY`);
/// a key left at its default, or missing, points at the `[table]` it belongs in, in the chosen profile or
/// the profile it extends, and failing that at the chosen profile's first line. So a diagnostic never
/// names `<default>` as its file, and one about a file always has a line.
struct KeyLocator: Sendable {
    /// The merged settings, defaults included.
    var settings: [ProfileKey: Setting]
    /// The profile files with their table lines, the chosen one first.
    var files: [(path: String, tableLines: [String: Int])]

    /// The chosen profile file.
    var profileFile: String { files.first?.path ?? "<profile>" }

    /// Where `key` is set, else where it belongs.
    func origin(of key: ProfileKey) -> Origin {
        if let origin = settings[key]?.origin, origin != .defaultValue { return origin }
        for name in key.tables.reversed() {
            if let file = files.first(where: { $0.tableLines[name] != nil }) {
                return Origin(file: file.path, line: file.tableLines[name])
            }
        }
        return Origin(file: profileFile, line: 1)
    }

    /// Where `key` is set; else where `other` (the key that makes `key` needed) is set; else where `key` belongs.
    func origin(of key: ProfileKey, orElse other: ProfileKey) -> Origin {
        if let origin = settings[key]?.origin, origin != .defaultValue { return origin }
        if let origin = settings[other]?.origin, origin != .defaultValue { return origin }
        return origin(of: key)
    }

    /// A diagnostic about `key`, located by `origin(of:)`.
    func diagnostic(_ key: ProfileKey, _ message: String, severity: Diagnostic.Severity = .error, at origin: Origin? = nil) -> Diagnostic {
        let place = origin ?? self.origin(of: key)
        return Diagnostic(severity, file: place.file, line: place.line, key: key.rawValue, message: message)
    }
}
