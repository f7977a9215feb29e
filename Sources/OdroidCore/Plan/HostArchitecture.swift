import CommandValues

/// The machines a plan can be made for, by their `uname -m`: this one, or (`--host-arch`) another one the
/// emitted script will run on, such as the board itself. A closed list, so a typo is an error, not a plan
/// for a machine that does not exist.
public enum HostArchitecture {
    /// `uname -m` values of Linux machines: the ARM ones build ARM kernels natively (`PlanOptions.armHosts`).
    public static let known: [String] = [
        "x86_64", "i686", "i586", "i386", "aarch64", "aarch64_be", "armv8l", "armv7l", "armv6l", "armv5tel", "armv5tejl", "arm",
        "riscv64", "ppc64le", "ppc64", "s390x", "mips", "mips64", "loongarch64",
    ]

    /// nil when `arch` is a known `uname -m` value, else why not (for `--host-arch`).
    public static func problem(_ arch: String) -> String? {
        if known.contains(arch) { return nil }
        let hint = known.first { $0.lowercased() == arch.lowercased() }.map { "; did you mean '\($0)'?" } ?? ""
        return
            "--host-arch '\(TerminalText.inline(arch))' is not a machine name as `uname -m` prints it (one of \(known.joined(separator: ", ")))\(hint)"
    }
}
