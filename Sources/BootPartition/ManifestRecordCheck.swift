import OdroidCore

/// The manifest is read off the partition, which is input like any other: it may have been edited by hand or
/// crafted. Before any of its records is used (to render a script, to read or delete a file, to pick a
/// profile), every name in it is held to the rules the tool itself writes by: versions, releases, profile
/// names and the try-once token to `BootFileName`; file paths to `BootFileName`'s path rule, which keeps
/// them relative and inside the partition (no `..`, no leading `/`); the modules root to `UUID=<uuid>` of the
/// root filesystem they went into or an absolute, normalised host path (a staging directory); digests to 64
/// hex digits. A record naming `../victim` or a version with a line break
/// makes the whole manifest unusable (exit 2) instead of reaching `remove` or a boot script.
extension BootManifest {
    /// Every broken rule, as `key.path: 'value' problem`.
    public func recordProblems() -> [String] {
        var result: [String] = []
        func name(_ key: String, _ value: String) {
            if let problem = BootFileName.problem(inName: value) { result.append("\(key): '\(Self.shown(value))' \(problem)") }
        }
        for (index, kernel) in kernels.enumerated() {
            let key = "kernels[\(index)]"
            name("\(key).version", kernel.version)
            name("\(key).profile", kernel.profile)
            if let release = kernel.release { name("\(key).release", release) }
            if let root = kernel.modulesRoot, let problem = Self.modulesRootProblem(root) {
                result.append("\(key).modulesRoot: '\(Self.shown(root))' \(problem)")
            }
            for (fileIndex, file) in kernel.files.enumerated() {
                let fileKey = "\(key).files[\(fileIndex)]"
                if let problem = BootFileName.problem(inPath: file.path) {
                    result.append("\(fileKey).path: '\(Self.shown(file.path))' \(problem)")
                }
                if file.sha256.utf8.count != 64
                    || !file.sha256.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
                {
                    result.append("\(fileKey).sha256: '\(Self.shown(file.sha256))' is not 64 lower-case hex digits")
                }
            }
        }
        for (index, version) in defaultHistory.enumerated() { name("defaultHistory[\(index)]", version) }
        if let trial = pendingTry {
            name("pendingTry.version", trial.version)
            name("pendingTry.fallback", trial.fallback)
            name("pendingTry.token", trial.token)
        }
        return result
    }

    /// `UUID=` and a filesystem UUID (hex digits and dashes), or a host path `hostPathProblem` accepts.
    static func modulesRootProblem(_ root: String) -> String? {
        guard root.hasPrefix("UUID=") else { return hostPathProblem(root) }
        let uuid = root.dropFirst("UUID=".count)
        let hex = uuid.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x2D
        }
        return !uuid.isEmpty && uuid.utf8.count <= 36 && hex ? nil : "is neither UUID=<filesystem UUID> nor an absolute path"
    }

    /// An absolute path without `.`/`..` components, empty components or control characters.
    static func hostPathProblem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "is not an absolute path" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "holds a control character" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if path != "/" && parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "is not a normalised path (empty, '.' or '..' components)"
        }
        return nil
    }

    /// A value as it can be quoted in a message: at most 80 characters, escapes visible.
    static func shown(_ value: String) -> String {
        let short = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return String(short.debugDescription.dropFirst().dropLast())
    }
}
