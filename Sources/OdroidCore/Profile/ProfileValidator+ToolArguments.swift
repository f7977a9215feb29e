import CommandValues

/// Profile values that become arguments of other programs, each held to what that program takes
/// literally: a make target (`kernel.defconfig`, `kernel.targets`) that starts with `-` is an option (GNU
/// make's `--eval=$(shell …)` runs a command) and one with `=` a variable assignment; `CROSS_COMPILE`
/// lands in the shell lines of the kernel's recipes; a git URL or ref that starts with `-` is an option of
/// `git clone`/`git fetch` (`--upload-pack=…` runs a command), and the `ext::`/`fd::` transports run
/// commands; tar reads a tarball named `host:file` as a remote archive; QEMU reads `,key=value` options
/// inside `-M`. Profiles are data: none of them may run anything.
extension ProfileValidator {
    func toolArgumentProblems() -> [(key: String, message: String)] {
        var result: [(String, String)] = []
        func plain(_ key: String, _ value: String, allowEmpty: Bool = false, what: String) {
            if value.isEmpty && allowEmpty { return }
            if !PlainWord.isPlain(value) {
                result.append((key, "'\(value)' is not \(what): only letters, digits and '/', '.', '_', '+', '-' are allowed, and no leading '-' (it would reach \(key.hasPrefix("qemu") ? "qemu" : key.contains("source") ? "git" : "make") as an option or a shell word)"))
            }
        }
        plain("kernel.defconfig", profile.kernel.defconfig, what: "a make target")
        for target in profile.kernel.targets { plain("kernel.targets", target, what: "a make target") }
        plain("kernel.cross_compile", profile.kernel.crossCompile, allowEmpty: true, what: "a CROSS_COMPILE prefix")
        if case .git(let url, let ref) = profile.kernel.source {
            if url.hasPrefix("-") || url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
                result.append(("kernel.source.url", "'\(url)' is not a repository URL: no leading '-', blanks or control characters (git would read it as an option)"))
            }
            if url.lowercased().hasPrefix("ext::") || url.lowercased().hasPrefix("fd::") {
                result.append(("kernel.source.url", "'\(url)' uses a git transport that runs a command; use https://, git:// or a path"))
            }
            plain("kernel.source.ref", ref.replacingOccurrences(of: "{version}", with: "x"), what: "a branch or tag name")
        }
        if case .tarball(let path) = profile.kernel.source, let colon = path.firstIndex(of: ":"), !path[..<colon].contains("/") {
            // GNU tar reads -f host:file as a remote archive (rsh).
            result.append(("kernel.source.tarball", "'\(path)' would be read by tar as host:file, a remote archive; give a path (./\(path) if it is one)"))
        }
        if let qemu = profile.qemu { plain("qemu.machine", qemu.machine, what: "a QEMU machine name") }
        return result
    }
}
