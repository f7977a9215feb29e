/// The profile values that become names on the boot partition and words of u-boot lines, held to
/// `BootFileName`: the profile name (in every script's comment and in the manifest), the file-name patterns
/// (with their placeholders filled by names that already follow the rule) and the dtbs, whose last
/// component is the `{dtb}` of `boot.dtb_file`.
extension ProfileValidator {
    /// (key, message) for every such value that breaks the rule.
    func bootNameProblems() -> [(key: String, message: String)] {
        var result: [(String, String)] = []
        if let problem = BootFileName.problem(inName: profile.name) {
            result.append(("profile.name", "'\(profile.name)' \(problem)"))
        }
        let patterns: [(key: String, pattern: String, isPath: Bool)] = [
            ("boot.kernel_file", profile.boot.kernelFile, false), ("boot.initrd_file", profile.boot.initrdFile, false),
            ("initramfs.file", profile.initramfs.file, false), ("boot.dtb_file", profile.boot.dtbFile, true),
        ]
        for (key, pattern, isPath) in patterns {
            // Placeholders stand for names that pass the rule themselves (versions, uImage/zImage, dtb names).
            let sample = ["{version}", "{image}", "{dtb}"].reduce(pattern) { $0.replacingOccurrences(of: $1, with: "x") }
            if let problem = isPath ? BootFileName.problem(inPath: sample) : BootFileName.problem(inName: sample) {
                result.append((key, "'\(pattern)' \(problem)"))
            }
        }
        for dtb in profile.kernel.dtbs {
            if let problem = BootFileName.problem(inPath: dtb) { result.append(("kernel.dtbs", "'\(dtb)' \(problem)")) }
        }
        return result
    }
}
