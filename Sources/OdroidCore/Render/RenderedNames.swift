/// The last check before a name becomes a word of a u-boot line: the version and every file a script loads,
/// whoever supplied them (`--kernel`, a profile pattern, or a version read back from the partition's manifest
/// by `default`, `rollback` and `confirm`), must follow `BootFileName`. The profile validator and the manifest
/// decoder check the same rule earlier, with better places to point at; this keeps a script that u-boot would
/// misread from being rendered at all, even when a caller skipped them.
public enum RenderedNames {
    /// Diagnostics for every name of `version`'s files (and the version itself) that breaks the rule.
    public static func problems(profile: ResolvedProfile, version: String, role: String = "kernel version") -> [Diagnostic] {
        var result: [Diagnostic] = []
        func check(_ what: String, _ value: String, path: Bool) {
            let problem = path ? BootFileName.problem(inPath: value) : BootFileName.problem(inName: value)
            if let problem {
                result.append(
                    Diagnostic(
                        file: "profile \(profile.name)", message: "\(what) '\(value)' \(problem); it would reach a u-boot command line"))
            }
        }
        check(role, version, path: false)
        guard result.isEmpty else { return result }
        check("profile name", profile.name, path: false)
        let files = profile.bootFiles(version: version)
        check("kernel file", files.kernel, path: true)
        if let initrd = files.initrd { check("initramfs file", initrd, path: true) }
        if let raw = files.rawInitrd { check("raw initramfs file", raw, path: true) }
        for dtb in files.dtbs { check("dtb file", dtb, path: true) }
        return result
    }

    /// A u-boot token (the try-once marker saved with saveenv) follows the same rule.
    public static func tokenProblems(_ token: String) -> [Diagnostic] {
        guard let problem = BootFileName.problem(inName: token) else { return [] }
        return [Diagnostic(file: "try-once token", message: "'\(token)' \(problem)")]
    }
}
