import ArgumentParser
import BootPartition
import BuildExecutor
import Foundation
import OdroidCore
import OdroidProcess
import RootFilesystem

/// Carries out a plan for real through `BuildExecutor`: picks the progress display (terminal, plain lines,
/// or JSON lines with --json), relays Ctrl-C / SIGTERM / SIGUSR1, supplies the boot-partition installer, and
/// turns the executor's errors into the CLI's phases and exit statuses (1 failed, 130 interrupted).
struct BuildRun {
    var profile: ResolvedProfile
    var plan: Plan
    var templates: TemplateStore
    var json: Bool
    var options: ExecutionOptions
    var partition: Int?
    /// UUID of the root filesystem the modules go into (recorded in the manifest).
    var rootUUID: String?
    var dataDirectory: String

    @discardableResult
    func execute() throws -> RunSummary {
        let progress: any ProgressReporter
        if json {
            progress = JSONLinesProgress()
        } else if isatty(2) == 1 {
            progress = TerminalProgress()
        } else {
            progress = PlainProgress()
        }
        let table = "\(dataDirectory)/data/host-tools.json"
        let packages = (try? PackageTable.load(path: table)) ?? PackageTable(tools: [])
        var runner = SpawnRunner()
        if options.verbose && !json { runner.trace = { Terminal.error("+ " + $0.shellLine) } }
        let control = RunControl()
        let relay = SignalRelay(control: control)
        defer { relay.cancel() }
        let installer = BootPartitionInstallStep(
            profile: profile, templates: templates, plan: plan, partition: partition, rootUUID: rootUUID, runner: runner)
        let executor = BuildExecutor(
            plan: plan, renderer: BootScriptRenderer(profile: profile, templates: templates), runner: runner, options: options,
            progress: progress, installer: installer, initramfsMaker: BusyboxInitramfsMaker(runner: runner),
            rootInstaller: plan.rootTarget.map { RootFilesystemInstallStep(target: $0, runner: runner) },
            targetInitramfsMaker: plan.rootTarget.map { SandboxedInitramfsMaker(target: $0, runner: runner) },
            packages: packages, control: control)
        let summary: RunSummary
        do {
            summary = try executor.run()
        } catch let error as ExecutionError {
            switch error {
            case .interrupted:
                Terminal.error("odroid-build: \(error)")
                throw ExitCode(130)
            case .unknownStep:
                throw CLIError.usage("\(error)")
            case .locked:
                throw CLIError.failed(phase: .lockingWorkDirectory, "\(error)")
            case .missingTools:
                throw CLIError.failed(
                    phase: .checkingHost, "\(error)\n(`odroid-build doctor --profile \(profile.name)` lists everything the build needs)")
            case .stepFailed(let failure):
                throw CLIError.failed(phase: failure.step == "install" ? .installing(nil) : .building, "\(failure)")
            case .io:
                throw CLIError.failed(phase: .building, "\(error)")
            case .refused(let why):
                throw CLIError.usage("refusing to start (nothing was built or written): \(why)")
            }
        }
        if !summary.incomplete.isEmpty {
            throw CLIError.failed(
                phase: .installing(nil),
                summary.incomplete.map { "step \($0.id) was not run: \(reportText(of: $0))" }.joined(separator: "; "))
        }
        return summary
    }

    private func reportText(of report: StepReport) -> String {
        if case .unavailable(let reason) = report.outcome { return reason }
        return "\(report.outcome)"
    }
}

/// The executor's install step, done by BootPartition's transactional installer (files under temporary names,
/// renamed into place, boot script last) on the plan's target: a mounted FAT directory or a FAT image.
struct BootPartitionInstallStep: InstallStep {
    var profile: ResolvedProfile
    var templates: TemplateStore
    var plan: Plan
    var partition: Int?
    var rootUUID: String?
    var runner: any ProcessRunning

    func holds(_ spec: InstallSpec) -> Bool {
        KernelInstaller.holds(
            spec: spec, target: plan.bootTarget, partition: partition, profile: profile, version: plan.kernelVersion, runner: runner)
    }

    func install(_ spec: InstallSpec, kernelRelease: String?, log: @Sendable (String) -> Void) throws {
        let check = BuiltArtifactCheck(
            profile: profile, files: plan.bootFiles, kernelRelease: kernelRelease,
            kernelConfig: "\(plan.directories.build)/.config", runner: runner)
        let (problems, initramfs) = check.problems(in: spec)
        guard problems.isEmpty else {
            problems.forEach { log("check: \($0)") }
            throw BuiltArtifactProblems(problems: problems)
        }
        log(
            "checked before installing: kernel image header and load address, initrd image and contents, dtb board and memory, load windows"
        )
        for summary in initramfs { log("initramfs: \(summary)") }
        let modulesRoot = rootUUID.map { "UUID=\($0)" } ?? (plan.rootTarget == nil ? plan.directories.modules : nil)
        try withoutActuallyEscaping(log) { log in
            _ = try KernelInstaller.install(
                spec: spec, target: plan.bootTarget, partition: partition, profile: profile, templates: templates,
                version: plan.kernelVersion, kernelRelease: kernelRelease, modulesRoot: modulesRoot, runner: runner,
                progress: { log($0) })
        }
    }
}
