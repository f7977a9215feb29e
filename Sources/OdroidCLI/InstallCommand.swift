import ArgumentParser
import BootPartition
import BuildExecutor
import Foundation
import OdroidCore
import RootFilesystem

/// `odroid-build install --profile P --kernel V`: put an existing build on the boot partition, beside the
/// kernels already there, without rebuilding. The full build ends with the same install.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a built kernel on the boot partition (side by side with the others) and make it boot.",
        discussion: """
            Files are written under temporary names, flushed and renamed into place; the boot script is written \
            last and the previous one kept as <script>.bak, so a power loss or kill at any moment leaves a bootable \
            partition. With --try the new kernel boots once; `odroid-build confirm` keeps it (docs/try-once.md).
            """)

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var target: BootTargetOptions
    @OptionGroup var root: RootTargetOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Kernel version that was built (names the files on the boot partition).", valueName: "version"))
    var kernel: String

    @Option(help: ArgumentHelp("Work directory of the build (default: ~/.cache/odroid-build/work/PROFILE-VERSION).", valueName: "dir"))
    var workDir: String?

    @Flag(
        name: .customLong("try"),
        help: "Boot the new kernel once only; later boots return to the current default until `odroid-build confirm`.")
    var tryOnce = false

    @Flag(name: .customLong("allow-non-fat"), help: "Write to a --boot directory that is not a FAT mount (or not mounted at all).")
    var allowNonFAT = false

    func validate() throws {
        if let problem = PlanOptions.checkVersion(kernel) { throw ValidationError(problem) }
    }

    func run() throws {
        try reportingErrors {
            let resolved = try profileOptions.resolve()
            let native = HostFacts.current.buildsNatively(crossCompileOverride: nil)
            let choice = try root.choose(boot: target, profile: resolved, native: native)
            let profile = choice.uuid.map { resolved.withRootFilesystem(uuid: $0) } ?? resolved
            if profile.boot.root.contains(ResolvedProfile.rootUUIDPlaceholder) {
                throw CLIError.usage(
                    "boot.root is '\(profile.boot.root)', but no root filesystem is known to take the UUID from: give the card (a whole-disk --boot-image, or --rootfs DIR), or --set boot.root=..."
                )
            }
            let build = try BuiltKernel.located(profile: profile, version: kernel, workDir: workDir)
            let (spec, release) = (build.spec, build.release)
            // The same checks a build makes before its install step: nothing is written when they fail.
            let check = BuiltArtifactCheck(
                profile: profile, files: profile.bootFiles(version: kernel), kernelRelease: release,
                kernelConfig: build.kernelConfig, runner: BootPartitionAccess.runner)
            let (problems, _) = check.problems(in: spec)
            if !problems.isEmpty {
                throw CLIError.failed(phase: .checkingBuiltFiles, BuiltArtifactProblems(problems: problems).description)
            }
            let boot = try BootPartitionAccess.open(target, profile: profile, allowNonFAT: allowNonFAT)
            var modulesRoot = build.modulesRoot
            if let rootTarget = choice.target, let release {
                let filesystem = try RootTargetAccess.mapped(.opening("the root filesystem")) {
                    try RootFilesystemOpening.open(rootTarget, runner: BootPartitionAccess.runner)
                }
                if rootTarget.isHostRoot && geteuid() != 0 {
                    throw CLIError.usage("installing modules into this machine's / needs root; run the same command as root")
                }
                try RootTargetAccess.installModules(of: build, release: release, into: filesystem)
                modulesRoot = (try? filesystem.uuid()).map { "UUID=\($0)" } ?? filesystem.location
            }
            let installer = KernelInstaller(
                partition: boot,
                scripts: BootScriptMaker(profile: profile, templates: try profileOptions.templates(), runner: BootPartitionAccess.runner),
                progress: { Terminal.error("odroid-build: \($0)") })
            let started = Date()
            let report = try BootPartitionAccess.mapped(.installing("\(kernel) on \(boot.location)")) {
                try installer.install(
                    spec: spec, version: kernel, kernelRelease: release, modulesRoot: modulesRoot, mode: tryOnce ? .tryOnce : .makeDefault)
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            Terminal.out(
                "installed \(kernel)\(release.map { " (\($0))" } ?? "") on \(boot.location): \(report.written.count) file(s) written (\(Hex.size(report.bytesWritten))), \(report.unchanged.count) unchanged, \(seconds) s\n"
            )
            if let trial = report.pendingTry {
                Terminal.out(
                    "\(kernel) boots once; later boots return to \(trial.fallback) until `odroid-build confirm` runs on the booted \(kernel)\n"
                )
            } else if report.scriptChanged {
                Terminal.out(
                    "\(report.script) now boots \(kernel)\(report.previousDefault.map { "; `odroid-build rollback` returns to \($0)" } ?? "")\n"
                )
            }
        }
    }
}
