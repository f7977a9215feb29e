import CommandValues

/// Profile values that become arguments of other programs, each held to what that program takes
/// literally: a make target (`kernel.defconfig`, `kernel.targets`) that starts with `-` is an option (GNU
/// make's `--eval=$(shell …)` runs a command) and one with `=` a variable assignment; `CROSS_COMPILE`
/// lands in the shell lines of the kernel's recipes; a git URL or ref that starts with `-` is an option of
/// `git clone`/`git fetch` (`--upload-pack=…` runs a command), and the `ext::`/`fd::` transports run
/// commands; tar reads a tarball named `host:file` as a remote archive; QEMU reads `,key=value` options
/// inside `-M`. Profiles are data: none of them may run anything.
extension ProfileValidator {
    func toolArgumentProblems() -> [(key: ProfileKey, message: String)] {
        var result: [(ProfileKey, String)] = []
        func plain(_ key: ProfileKey, _ value: String, allowEmpty: Bool = false, what: String) {
            if value.isEmpty && allowEmpty { return }
            if !PlainWord.isPlain(value) {
                result.append(
                    (
                        key,
                        "'\(value)' is not \(what): only letters, digits and '/', '.', '_', '+', '-' are allowed, and no leading '-' (it would reach \(key == .qemuMachine ? "qemu" : key == .kernelSourceRef ? "git" : "make") as an option or a shell word)"
                    ))
            }
        }
        plain(.kernelDefconfig, profile.kernel.defconfig, what: "a make target")
        for target in profile.kernel.targets { plain(.kernelTargets, target, what: "a make target") }
        plain(.kernelCrossCompile, profile.kernel.crossCompile, allowEmpty: true, what: "a CROSS_COMPILE prefix")
        if case .git(let url, let ref) = profile.kernel.source {
            if url.hasPrefix("-") || url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
                result.append(
                    (
                        .kernelSourceUrl,
                        "'\(url)' is not a repository URL: no leading '-', blanks or control characters (git would read it as an option)"
                    ))
            }
            if url.lowercased().hasPrefix("ext::") || url.lowercased().hasPrefix("fd::") {
                result.append((.kernelSourceUrl, "'\(url)' uses a git transport that runs a command; use https://, git:// or a path"))
            }
            plain(.kernelSourceRef, ref.replacingOccurrences(of: "{version}", with: "x"), what: "a branch or tag name")
        }
        if case .tarball(let path) = profile.kernel.source, let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") {
            // GNU tar reads -f host:file as a remote archive (rsh).
            result.append(
                (
                    .kernelSourceTarball,
                    "'\(path)' would be read by tar as host:file, a remote archive; give a path (./\(path) if it is one)"
                ))
        }
        if let qemu = profile.qemu { plain(.qemuMachine, qemu.machine, what: "a QEMU machine name") }
        return result
    }
}
