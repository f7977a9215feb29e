import CommandValues

/// The standalone script of a plan made for another machine (`--host-arch`, the board itself, as the seed
/// built): it runs there with POSIX sh (dash, busybox ash) and the tools its steps call, and never calls
/// odroid-build. Before the first step it checks that it runs where it was meant to (`uname -m`, the tools,
/// the kernel tree, the boot partition a mounted FAT file system in the mount table); it installs in the
/// tool's own order (`boardInstall`) and then reads back what it wrote (`boardChecks`), so a failure shows
/// on the board, not at its next boot. Every value reaches sh through `ShellQuote` (or `PlanPrinter.quote`,
/// which keeps `${KERNELRELEASE}` expandable); values that also land in the manifest's JSON must be plain.
public struct BoardScript: Sendable {
    public var plan: Plan
    public var profile: ResolvedProfile
    /// Rendered boot scripts by output file name, written by the script as here-documents.
    public var renderedScripts: [String: String]

    /// The mount table the check reads unless the environment names another one.
    public static let mountsVariable = "ODROID_BUILD_MOUNTS"
    /// A directory standing in for the board's `/`: prefixes the boot partition, `lib/modules` and `boot/`.
    public static let sysrootVariable = "ODROID_BUILD_SYSROOT"
    /// Exit status of a script that runs in the wrong place (machine, tools, kernel tree, boot partition).
    public static let wrongPlaceStatus = 2

    public init(plan: Plan, profile: ResolvedProfile, renderedScripts: [String: String]) {
        self.plan = plan
        self.profile = profile
        self.renderedScripts = renderedScripts
    }

    /// Why no board script can be written for this plan.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notRunnable(String)
        case unquotable(String)

        public var description: String {
            switch self {
            case .notRunnable(let why): return "no script for the board: \(why)"
            case .unquotable(let why): return "no script for the board: \(why)"
            }
        }
    }

    var printer: PlanPrinter { PlanPrinter(plan: plan, renderedScripts: renderedScripts) }

    /// The boot partition's mount point on the board, without a trailing `/`.
    func bootMount() throws(Problem) -> String {
        guard case .mounted(let path) = plan.bootTarget else {
            throw .notRunnable(
                "the boot partition must be a directory on the board (the profile's boot.mount, or --boot DIR), not an image")
        }
        guard path.hasPrefix("/") else { throw .notRunnable("--boot '\(TerminalText.inline(path))' must be an absolute path on the board") }
        let trimmed = path.split(separator: "/").joined(separator: "/")
        guard !trimmed.isEmpty else { throw .notRunnable("the boot partition cannot be the board's / itself") }
        return "/" + trimmed
    }

    /// The whole script.
    public func render() throws(Problem) -> String {
        if let refusal = plan.refusal { throw .notRunnable(refusal) }
        if profile.boot.root.contains(ResolvedProfile.rootUUIDPlaceholder) {
            throw .notRunnable(
                "boot.root is '\(TerminalText.inline(profile.boot.root))', and the board's root filesystem UUID is not known here: --set boot.root=UUID=..."
            )
        }
        if case .mounted(let root)? = plan.rootTarget, !root.split(separator: "/").isEmpty {
            throw .notRunnable("the board script builds for the board's own /, not for a root filesystem at \(TerminalText.inline(root))")
        }
        let mount = try bootMount()
        try checkManifestValues()
        var out = "#!/bin/sh\n" + introduction(mount: mount).map { ShellComment.line($0) + "\n" }.joined()
        out += printer.header()
        out += "set -eu\n\n"
        out += preflight(mount: mount).joined(separator: "\n") + "\n"
        out += "\n# directories the steps write to\n" + printer.makeDirectories()
        for (index, step) in plan.steps.enumerated() {
            out += "\n" + ShellComment.line("[\(index + 1)/\(plan.steps.count)] \(step.id): \(step.title)") + "\n"
            out += try commands(for: step).joined(separator: "\n") + "\n"
        }
        out += "\n" + boardChecks().joined(separator: "\n") + "\n"
        return out
    }

    func commands(for step: PlanStep) throws(Problem) -> [String] {
        switch step.action {
        case .install(let spec):
            return boardInstall(spec)
        case .installIntoRoot(let install):
            return stopping(printer.rootInstallCommands(install, prefix: "\"$\(Self.sysrootVariable)\""), step: step)
        case .capture(_, let variable) where variable == Plan.kernelReleaseVariable:
            // The release names the modules directory and is recorded in the manifest: refuse what the tool refuses.
            return printer.commands(for: step, embedScripts: true) + [
                "case $\(variable) in ''|[.-]*|*[!A-Za-z0-9._+-]*) odroid_fail 1 \"kernel release '$\(variable)' may hold letters, digits, '.', '_', '-' and '+' only: it names the modules directory and is recorded in the manifest\" ;; esac"
            ]
        case .targetInitramfs:
            throw .notRunnable(
                "step \(step.id) runs the initramfs generator inside another root filesystem; on the board it runs right there")
        case .renderBootScripts:
            return printer.commands(for: step, embedScripts: true)
        default:
            return stopping(printer.commands(for: step, embedScripts: true), step: step)
        }
    }

    /// `set -e` does not stop at a failed command of `a && b` other than the last: a copy of the modules that
    /// fails half way (a full root filesystem) would be renamed into place and the script go on to install
    /// the kernel. Each such line stops the script itself, naming the step: the printer's rule
    /// (`PlanPrinter.stoppingOnFailure`) with the board script's handler. (Not for here-documents: their lines are text.)
    func stopping(_ lines: [String], step: PlanStep) -> [String] {
        let handler = "odroid_fail 1 \(ShellQuote.quote("step \(step.id) failed (the error is above): stopped here"))"
        return lines.map { PlanPrinter.stoppingOnFailure($0, handler: handler) }
    }

    private func introduction(mount: String) -> [String] {
        let arch = plan.hostArch
        return [
            "odroid-build's plan as a script for the \(arch) machine it was planned for (--host-arch \(arch)): run it there,",
            "as root, with sh (dash or busybox ash): sh THIS-FILE. It needs no odroid-build: every generated file is inside.",
            "First it checks that it runs where it was meant to: uname -m is \(arch), the tools the steps call are installed,",
            "and \(mount) is a mounted FAT (vfat) partition in /proc/mounts; otherwise it says why and exits \(Self.wrongPlaceStatus) having changed nothing.",
            "It installs as odroid-build does: temporary names, sync, rename; the manifest; the previous boot script kept as",
            "\(plan.bootScriptName)\(InstallSpec.backupSuffix); the new boot script last. Then it reads back every file the boot script loads",
            "(sizes, bytes, u-boot image headers: magic, type, load address) and exits 1 naming each problem.",
            "Environment, for tests only (leave both unset on the board):",
            "  \(Self.mountsVariable)  the mount table the check reads (default /proc/mounts)",
            "  \(Self.sysrootVariable)  a directory standing in for the board's / (under it: \(mount), lib/modules, boot)",
        ]
    }

    /// The checks before the first step: nothing is written until they pass.
    private func preflight(mount: String) -> [String] {
        let wrong = Self.wrongPlaceStatus
        var tools = ["uname", "cp", "mv", "rm", "mkdir", "sync", "cmp", "od", "tr", "wc", "sha256sum", "date", "cat", "grep", "df"]
        func need(_ programs: [String]) { for program in programs where !tools.contains(program) { tools.append(program) } }
        for step in plan.steps {
            switch step.action {
            case .run(let command) where command.program == "tar":
                // tar runs the decompressor itself, and fails only when it gets to the archive.
                let archive = command.argv.last ?? ""
                let decompressors = [(".xz", "xz"), (".txz", "xz"), (".gz", "gzip"), (".tgz", "gzip"), (".bz2", "bzip2"), (".zst", "zstd")]
                need([command.program] + decompressors.filter { archive.hasSuffix($0.0) }.map(\.1))
            case .run(let command), .capture(let command, _): need([command.program])
            case .cpioArchive: need(["find", "sort", "cpio", "gzip"])
            case .busyboxInitramfs(let initramfs):
                need(
                    (initramfs.busybox == nil ? ["apt-get", "dpkg-deb", "ls", "tail"] : []) + [
                        "mktemp", "ln", "chmod", "find", "sort", "cpio", "gzip",
                    ])
            default: continue
            }
        }
        var lines = [
            "# The place: this machine, its tools, the kernel tree, the boot partition.",
            "odroid_fail() { printf 'odroid-build script: %s\\n' \"$2\" >&2; exit \"$1\"; }",
            "\(Self.mountsVariable)=${\(Self.mountsVariable):-/proc/mounts}",
            "\(Self.sysrootVariable)=${\(Self.sysrootVariable):-}",
            "case $\(Self.sysrootVariable) in *[!A-Za-z0-9/._+-]*) odroid_fail \(wrong) \"\(Self.sysrootVariable) may hold letters, digits and / . _ + - only\" ;; esac",
            "odroid_machine=$(uname -m)",
            "if [ \"$odroid_machine\" != \(ShellQuote.quote(plan.hostArch)) ]; then",
            "    odroid_fail \(wrong) \(ShellQuote.quote("this script was made for \(plan.hostArch) (odroid-build --host-arch \(plan.hostArch)), but this machine is "))\"$odroid_machine (uname -m): run it on the board it was made for\"",
            "fi",
            "for odroid_tool in \(tools.map(ShellQuote.quote).joined(separator: " ")); do",
            "    command -v \"$odroid_tool\" >/dev/null 2>&1 || odroid_fail \(wrong) \"$odroid_tool is not installed here, and the steps below need it\"",
            "done",
        ]
        if plan.step("source") == nil {
            let makefile = ShellQuote.quote("\(plan.directories.source)/Makefile")
            lines.append(
                "[ -f \(makefile) ] || odroid_fail \(wrong) \(ShellQuote.quote("no kernel tree at \(plan.directories.source) (its Makefile is missing): unpack the sources there, or plan again with --source DIR"))"
            )
        }
        let inTable = "\"$\(Self.sysrootVariable)\"" + ShellQuote.quote(Self.mountTableEscaped(mount))
        let shown = "\"$\(Self.sysrootVariable)\"" + ShellQuote.quote(mount)
        lines += [
            "boot=\(shown)",
            "[ -r \"$\(Self.mountsVariable)\" ] || odroid_fail \(wrong) \"cannot read the mount table $\(Self.mountsVariable)\"",
            "odroid_boot_type=",
            "while read -r odroid_device odroid_dir odroid_type odroid_rest; do",
            "    if [ \"$odroid_dir\" = \(inTable) ]; then odroid_boot_type=$odroid_type; fi",
            "done < \"$\(Self.mountsVariable)\"",
            "if [ -z \"$odroid_boot_type\" ]; then",
            "    odroid_fail \(wrong) \"$boot is not mounted (no line for it in $\(Self.mountsVariable)): mount the board's FAT boot partition there first\"",
            "fi",
            "case $odroid_boot_type in",
            "    vfat|msdos) ;;",
            "    *) odroid_fail \(wrong) \"$boot is $odroid_boot_type, not FAT (vfat): u-boot loads the kernel from the FAT boot partition; mount that there\" ;;",
            "esac",
        ]
        return lines
    }

    /// A path as the kernel writes it in /proc/mounts: space, tab, line feed and backslash as octal escapes.
    public static func mountTableEscaped(_ path: String) -> String {
        var out = ""
        for character in path {
            switch character {
            case " ": out += "\\040"
            case "\t": out += "\\011"
            case "\n": out += "\\012"
            case "\\": out += "\\134"
            default: out.append(character)
            }
        }
        return out
    }
}

extension Plan {
    /// The boot script's name on the partition (boot.ini, boot.scr, extlinux/extlinux.conf).
    var bootScriptName: String {
        if case .install(let spec)? = step("install")?.action { return spec.bootScript.destination }
        return "the boot script"
    }
}
