import ArgumentParser
import BootProof
import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import RootFilesystem

/// `odroid-build [build] --profile P --kernel V`: plan (and, without --dry-run, run) a kernel build and install.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a kernel for a board profile and install it on the boot partition.",
        discussion: "With --dry-run nothing runs: every step is printed as copy-pasteable shell commands.")

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var target: BootTargetOptions
    @OptionGroup var root: RootTargetOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Kernel version; names the files on the boot partition (uImage-VERSION).", valueName: "version"))
    var kernel: String

    @Flag(help: "Print every step as shell commands and run nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the plan as a standalone POSIX sh script and run nothing.", valueName: "file"))
    var emitScript: String?

    @Option(
        help: ArgumentHelp(
            "Plan as if running on this machine, named as `uname -m` prints it (armv7l: on the board itself, as the seed built): a native build, modules into its /, its own initramfs generator, the boot partition where the profile mounts it. Only with --dry-run or --emit-script (a board script that checks where it runs); a real run for another machine is refused.",
            valueName: "arch"))
    var hostArch: String?

    @Flag(help: "Print the plan as JSON (with --dry-run), or progress as one JSON event per line.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Work directory for the build tree, logs and outputs (default: ~/.cache/odroid-build/work/PROFILE-VERSION).", valueName: "dir"))
    var workDir: String?

    @Option(help: ArgumentHelp("Use this kernel tree instead of the profile's source.", valueName: "dir"))
    var source: String?

    @Option(help: ArgumentHelp("CROSS_COMPILE prefix to use instead of the profile's (forces cross-compiling).", valueName: "prefix"))
    var crossCompile: String?

    @Flag(help: "Compile through ccache even if the profile does not ask for it.")
    var ccache = false

    @Option(
        help: ArgumentHelp(
            "Compile on these distcc hosts (distcc's syntax: host, host/limit, host:port, localhost, ,lzo; space or comma separated), over the profile's kernel.distcc.",
            valueName: "hosts"))
    var distcc: String?

    @Flag(help: "Run every step, even those whose inputs are unchanged since their last successful run.")
    var force = false

    @Option(help: ArgumentHelp("Run this step even if its inputs are unchanged (repeatable).", valueName: "step"))
    var rebuild: [String] = []

    @Option(help: ArgumentHelp("Run the steps up to and including this one, then stop with exit status 0.", valueName: "step"))
    var until: String?

    @Flag(help: "Print each command before it runs and stream the tools' own output.")
    var verbose = false

    @Option(help: ArgumentHelp("Command that runs privileged steps as root when odroid-build is not root.", valueName: "command"))
    var elevate = "sudo"

    @Flag(
        help:
            "After installing, boot --boot-image through real u-boot under QEMU and wait for the init marker (profiles with a [qemu] table)."
    )
    var bootTest = false

    @Option(help: ArgumentHelp("FAT partition size of the whole-disk image made when --boot-image does not exist yet.", valueName: "size"))
    var imageSize = "64M"

    func validate() throws {
        if let problem = PlanOptions.checkVersion(kernel) { throw ValidationError(problem) }
        if elevate.split(separator: " ").isEmpty { throw ValidationError("--elevate needs a command, e.g. sudo or doas") }
        if let crossCompile, !crossCompile.isEmpty, !PlainWord.isPlain(crossCompile) {  // it lands in the kernel's shell recipes
            throw ValidationError(
                "--cross-compile '\(TerminalText.inline(crossCompile))' may hold letters, digits and '/', '.', '_', '+', '-' only, and no leading '-'"
            )
        }
        if bootTest && target.bootImage == nil { throw ValidationError("--boot-test needs --boot-image: the whole-disk image QEMU boots") }
        _ = try SizeOption.imageMiB(imageSize, option: "--image-size")
        try validateHostArch()
        _ = try distccHosts()
    }

    func run() throws {
        try reportingErrors {
            let (profile, rootChoice) = try resolveWithRoot()
            if bootTest, profile.qemu == nil {
                throw CLIError.usage(
                    "--boot-test: profile \(profile.name) has no [qemu] table, so its boots cannot be proven under QEMU (qemu-virt can)")
            }
            let newImage = try newBootImage(profile)
            let plan = try makePlan(profile, root: rootChoice.target)
            if json, dryRun || emitScript != nil {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                Terminal.json(String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n")
                return
            }
            if let emitScript {
                let scripts = try renderScripts(profile)
                let text =
                    try hostArch == nil
                    ? PlanPrinter(plan: plan, renderedScripts: scripts).standaloneScript() : boardScript(plan, profile, scripts)
                try OutputFile.at(emitScript).write(Data(text.utf8), mode: 0o755)
                Terminal.error(
                    "odroid-build: wrote \(emitScript) (\(plan.steps.count) steps)"
                        + (hostArch.map { "; run it on the \($0) machine, as root: sh \(emitScript)" } ?? ""))
                return
            }
            if dryRun {
                Terminal.error(ProfileSummary(profile: profile).brief())
                if let newImage { Terminal.out(ShellComment.line(newImage.summary) + "\n") }
                Terminal.out(PlanPrinter(plan: plan).dryRun())
                if bootTest { Terminal.out("\n# then prove the boot under QEMU\n\(bootTestCommandLine(plan))\n") }
                return
            }
            if let refusal = plan.refusal {
                throw CLIError.usage("refusing to start (nothing was built or written): \(refusal)")
            }
            if profile.boot.root.contains(ResolvedProfile.rootUUIDPlaceholder) {
                throw CLIError.usage(
                    "boot.root is '\(profile.boot.root)', but no root filesystem is known to take the UUID from: give the card (--boot-image CARD.img with its ext4 partition, or --rootfs DIR), or set root= yourself (--set boot.root=...)"
                )
            }
            var execution = ExecutionOptions()
            execution.force = force
            execution.rebuild = Set(rebuild)
            execution.until = until
            execution.verbose = verbose
            execution.elevation = elevate.split(separator: " ").map(String.init)
            try newImage?.create()
            if let newImage { Terminal.error("odroid-build: created \(newImage.path) (\(newImage.fileMiB) MiB, MBR, FAT partition 1)") }
            let summary = try BuildRun(
                profile: profile, plan: plan, templates: try profileOptions.templates(), json: json, options: execution,
                partition: target.partition, rootUUID: rootChoice.uuid, dataDirectory: try profileOptions.dataDir()
            ).execute()
            if bootTest, let qemu = profile.qemu, case .image(let image, _) = plan.bootTarget {
                if let stopped = summary.stoppedEarly {
                    Terminal.error("odroid-build: boot test skipped: the run stopped early (\(stopped))")
                    return
                }
                let configuration = BootTestConfiguration.choosing(
                    diskImage: image, qemu: qemu, fast: true, logPath: "\(plan.directories.logs)/boot-test.console.log")
                try BootTestRun(configuration: configuration, timeline: nil, profile: profile).run()
            }
        }
    }

    /// The image to create first when --boot-image names a file that does not exist yet.
    private func newBootImage(_ profile: ResolvedProfile) throws -> NewBootImage? {
        guard let path = target.bootImage, !FileManager.default.fileExists(atPath: path) else { return nil }
        if target.partition != nil || target.offset != nil {
            throw CLIError.usage("--boot-image \(path): no such file (it is created only without --partition/--offset)")
        }
        return NewBootImage(path: absolute(path), fatMiB: FlashCommand.imageMiB(imageSize)!, profile: profile)
    }

    /// The boot-test command a --boot-test build runs after installing, for --dry-run.
    private func bootTestCommandLine(_ plan: Plan) -> String {
        guard case .image(let image, _) = plan.bootTarget else { return "" }
        return [
            "odroid-build", "boot-test", "--profile", plan.profile, "--kernel", plan.kernelVersion, "--boot-image", image, "--fast",
            "--log", "\(plan.directories.logs)/boot-test.console.log",
        ].map(ShellQuote.quote).joined(separator: " ")
    }

    /// The profile, with root= set to the root filesystem's UUID when one is known and the profile leaves
    /// root= open, and the root filesystem chosen.
    func resolveWithRoot() throws -> (ResolvedProfile, RootFilesystemOpening.Choice) {
        let profile = try profileOptions.resolve()
        // Another machine's / is not this one's: its UUID cannot be read from here, and the plan takes that
        // machine's own / when it builds natively there.
        guard host.isThisMachine else { return (profile, RootFilesystemOpening.Choice(target: nil, uuid: nil)) }
        let native = host.buildsNatively(crossCompileOverride: crossCompile)
        let choice = try root.choose(boot: target, profile: profile, native: native)
        guard let uuid = choice.uuid else { return (profile, choice) }
        return (profile.withRootFilesystem(uuid: uuid), choice)
    }

    func makePlan(_ profile: ResolvedProfile, root rootTarget: PlanOptions.RootTarget? = nil) throws -> Plan {
        HostPlanRequest(
            kernelVersion: kernel, workDirectory: workDir, sourceOverride: source, crossCompileOverride: crossCompile, forceCCache: ccache,
            bootTarget: target.planTarget, rootTarget: rootTarget, hostRootIsTarget: root.hostRootAsTarget,
            distcc: try distccHosts(), host: host
        ).plan(profile)
    }

    /// This machine, or the one `--host-arch` names.
    var host: HostFacts { HostFacts.current.planning(for: hostArch) }

    func distccHosts() throws(ValidationError) -> DistccHosts? { try DistccOption.hosts(distcc) }

    func renderScripts(_ profile: ResolvedProfile) throws -> [String: String] {
        let renderer = BootScriptRenderer(profile: profile, templates: try profileOptions.templates())
        var result: [String: String] = [:]
        for format in profile.boot.formats {
            let source = format == .scr ? .cmd : format
            do {
                result[BootScriptNames.renderedFile(source)] = try renderer.render(source, version: kernel).text
            } catch {
                throw CLIError.diagnostics(phase: .rendering(format.rawValue), error)
            }
        }
        return result
    }
}

/// A path made absolute against the current directory, so plans and logs never depend on where they are read.
func absolute(_ path: String) -> String {
    HostFacts.absolute(path, in: FileManager.default.currentDirectoryPath)
}
