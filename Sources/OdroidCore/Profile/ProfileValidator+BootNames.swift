/// The profile values that become names on the boot partition and words of u-boot lines, held to
/// `BootFileName`: the profile name (in every script's comment and in the manifest), the file-name patterns
/// (with their placeholders filled by names that already follow the rule) and the dtbs, whose last
/// component is the `{dtb}` of `boot.dtb_file`.
extension ProfileValidator {
    /// (key, message) for every such value that breaks the rule.
    func bootNameProblems() -> [(key: ProfileKey, message: String)] {
        var result: [(ProfileKey, String)] = []
        if let problem = BootFileName.problem(inName: profile.name) {
            result.append((.profileName, "'\(profile.name)' \(problem)"))
        }
        let patterns: [(key: ProfileKey, pattern: String, isPath: Bool)] = [
            (.bootKernelFile, profile.boot.kernelFile, false), (.bootInitrdFile, profile.boot.initrdFile, false),
            (.initramfsFile, profile.initramfs.file, false), (.bootDtbFile, profile.boot.dtbFile, true),
        ]
        for (key, pattern, isPath) in patterns {
            // Placeholders stand for names that pass the rule themselves (versions, uImage/zImage, dtb names).
            let sample = ["{version}", "{image}", "{dtb}"].reduce(pattern) { $0.replacingOccurrences(of: $1, with: "x") }
            if let problem = isPath ? BootFileName.problem(inPath: sample) : BootFileName.problem(inName: sample) {
                result.append((key, "'\(pattern)' \(problem)"))
            }
        }
        for dtb in profile.kernel.dtbs {
            if let problem = BootFileName.problem(inPath: dtb) { result.append((.kernelDtbs, "'\(dtb)' \(problem)")) }
        }
        return result
    }
}
