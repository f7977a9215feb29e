/// Resolves a profile: follows `extends`, layers the local override file and `--set` values on top
/// (command line > local file > profile > the profile it extends), applies defaults, builds the typed
/// `ResolvedProfile` and validates it. Every problem of every layer is reported at once.
public struct ProfileResolver: Sendable {
    public var catalog: ProfileCatalog

    public init(catalog: ProfileCatalog) { self.catalog = catalog }

    /// - Parameters:
    ///   - name: a profile name or a path to a .toml file.
    ///   - localFile: path of the local override file, if one is used.
    ///   - overrides: `key.path=value` strings from `--set`.
    public func resolve(_ name: String, localFile: String? = nil, overrides: [String] = []) throws(Diagnostics) -> ResolvedProfile {
        var diagnostics: [Diagnostic] = []
        var files: [SettingsFile] = []
        guard let firstPath = catalog.path(of: name) else {
            let known = catalog.all().map(\.name).joined(separator: ", ")
            throw Diagnostics([
                Diagnostic(
                    file: "--profile", message: "no profile named \(Diagnostic.quoted(name)) (known: \(known.isEmpty ? "none" : known))")
            ])
        }
        // A profile given by path may extend profiles beside it.
        var chainCatalog = catalog
        if name.hasSuffix(".toml") || name.contains("/") {
            let dir = firstPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            chainCatalog.directories.insert(dir.isEmpty ? "." : dir, at: 0)
        }
        // Follow the extends chain, derived first.
        var path = firstPath
        var visited: [String] = []
        while true {
            guard let bytes = catalog.readFile(path) else {
                diagnostics.append(Diagnostic(file: path, message: "cannot read profile file"))
                break
            }
            let file = SettingsFile(path: path, bytes: bytes)
            files.append(file)
            diagnostics += file.diagnostics
            visited.append(path)
            let fileName = path.split(separator: "/").last.map { String($0.dropLast(5)) } ?? path
            if let setName = file.settings[.profileName], case .string(let n) = setName.value, n != fileName {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: setName.origin.line, key: .profileName,
                        message: "profile.name is \(Diagnostic.quoted(n)) but the file is \(fileName).toml; they must match"))
            }
            guard let ext = file.settings[.profileExtends], case .string(let parent) = ext.value else { break }
            guard let parentPath = chainCatalog.path(of: parent) else {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: ext.origin.line, key: .profileExtends,
                        message: "extends \(Diagnostic.quoted(parent)), which is not a known profile"))
                break
            }
            if visited.contains(parentPath) {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: ext.origin.line, key: .profileExtends,
                        message: "extends \(Diagnostic.quoted(parent)), which leads back to itself"))
                break
            }
            path = parentPath
        }
        // Layers, lowest precedence first.
        var merged: [ProfileKey: Setting] = [:]
        var layers: [String] = []
        for file in files.reversed() {
            layers.append(file.path)
            for (key, setting) in file.settings where !(key == .profileAbstract && file.path != firstPath) {
                merged[key] = setting
            }
        }
        // Identity keys belong to the chosen profile, never inherited.
        if let own = files.first {
            for key: ProfileKey in [.profileName, .profileDescription, .profileAbstract] {
                merged[key] = own.settings[key]
            }
        }
        if let localFile {
            if let bytes = catalog.readFile(localFile) {
                let file = SettingsFile(path: localFile, bytes: bytes)
                diagnostics += file.diagnostics
                for (key, setting) in file.settings {
                    if key.isIdentity {
                        diagnostics.append(
                            Diagnostic(
                                file: localFile, line: setting.origin.line, key: key,
                                message: "the local override file cannot change '\(key)'"))
                    } else {
                        merged[key] = setting
                    }
                }
                layers.append(localFile)
            } else {
                diagnostics.append(Diagnostic(file: localFile, message: "cannot read the local override file"))
            }
        }
        for text in overrides {
            guard let eq = text.firstIndex(of: "=") else {
                diagnostics.append(Diagnostic(file: "--set", message: "\(Diagnostic.quoted(text)) is not key.path=value"))
                continue
            }
            let name = String(text[..<eq]), value = String(text[text.index(after: eq)...])
            guard let key = ProfileKey(rawValue: name), !key.isIdentity else {
                diagnostics.append(
                    Diagnostic(
                        file: "--set", key: name, message: "unknown key " + Diagnostic.quoted(name) + SettingsFile.suggestion(for: name)))
                continue
            }
            do {
                merged[key] = Setting(
                    try SettingReader.read(text: value, for: ProfileSchema.spec(key)), origin: Origin(file: "--set \(key)", line: nil))
            } catch {
                diagnostics.append(Diagnostic(file: "--set", key: key, message: "'\(key)': \(error.text)"))
            }
        }
        if !overrides.isEmpty { layers.append("--set") }
        // Defaults.
        for spec in ProfileSchema.specs where merged[spec.key] == nil {
            if let value = spec.defaultValue { merged[spec.key] = Setting(value, origin: .defaultValue) }
        }
        guard diagnostics.allSatisfy({ $0.severity != .error }) else { throw Diagnostics(diagnostics) }

        let locator = KeyLocator(settings: merged, files: files.map { ($0.path, $0.tableLines) })
        var builder = ProfileBuilder(locator: locator)
        let profile = builder.build(layers: layers)
        diagnostics += builder.diagnostics
        if let profile {
            diagnostics += ProfileValidator(profile: profile, locator: locator).validate()
        }
        if let profile, diagnostics.allSatisfy({ $0.severity != .error }) {
            return profile
        }
        throw Diagnostics(diagnostics)
    }
}
