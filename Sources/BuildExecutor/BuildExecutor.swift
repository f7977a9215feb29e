import Foundation
import OdroidCore
import OdroidProcess

/// Carries out a `Plan` for real: one step after another through the process seam, each step's output in its
/// own log, steps whose inputs are unchanged skipped, the first failure stopping the run. Holds the work
/// directory's lock for the whole run and honours `RunControl` (Ctrl-C, SIGUSR1) between and during steps.
public final class BuildExecutor: @unchecked Sendable {
    public let plan: Plan
    public let renderer: BootScriptRenderer
    public let runner: any ProcessRunning
    public let options: ExecutionOptions
    public let progress: any ProgressReporter
    public let installer: (any InstallStep)?
    public let initramfsMaker: (any BusyboxInitramfsMaking)?
    /// Puts modules and the kernel config into the board's root filesystem (the CLI wires RootFilesystem in).
    public let rootInstaller: (any RootInstallStep)?
    /// Runs the board's initramfs generator inside its root filesystem.
    public let targetInitramfsMaker: (any TargetInitramfsMaking)?
    public let packages: PackageTable
    public let control: RunControl

    public init(
        plan: Plan, renderer: BootScriptRenderer, runner: any ProcessRunning, options: ExecutionOptions = ExecutionOptions(),
        progress: any ProgressReporter = SilentProgress(), installer: (any InstallStep)?,
        initramfsMaker: (any BusyboxInitramfsMaking)? = nil,
        rootInstaller: (any RootInstallStep)? = nil, targetInitramfsMaker: (any TargetInitramfsMaking)? = nil,
        packages: PackageTable, control: RunControl = RunControl()
    ) {
        self.plan = plan
        self.renderer = renderer
        self.runner = runner
        self.options = options
        self.progress = progress
        self.installer = installer
        self.initramfsMaker = initramfsMaker
        self.rootInstaller = rootInstaller
        self.targetInitramfsMaker = targetInitramfsMaker
        self.packages = packages
        self.control = control
    }

    /// Runs the plan. Returns the summary when every step in range succeeded, was skipped or was stopped on
    /// purpose; throws `ExecutionError` otherwise (the summary of a failed run goes to the progress reporter).
    public func run() throws -> RunSummary {
        if let refusal = plan.refusal { throw ExecutionError.refused(refusal) }
        let known = plan.steps.map(\.id)
        if let until = options.until, !known.contains(until) {
            throw ExecutionError.unknownStep(option: "--until", step: until, known: known)
        }
        for id in options.rebuild.sorted() where !known.contains(id) {
            throw ExecutionError.unknownStep(option: "--rebuild", step: id, known: known)
        }

        let dirs = plan.directories
        try makeDirectory(dirs.work)
        let lock = try WorkDirectoryLock.acquire(workDirectory: dirs.work, command: options.commandLine)
        defer { lock.release() }

        let last = options.until.flatMap { id in plan.steps.firstIndex { $0.id == id } } ?? plan.steps.count - 1
        if options.checkTools {
            let elevation = options.isRoot ? nil : options.elevation.first
            let missing = ToolCheck(table: packages, path: options.environment["PATH"])
                .missing(ToolRequirements.of(plan, steps: Array(plan.steps[...last]), elevation: elevation))
            if !missing.isEmpty { throw ExecutionError.missingTools(missing) }
        }
        for dir in [dirs.build, dirs.output, dirs.logs, dirs.modules] { try makeDirectory(dir) }

        var run = StepLoop(executor: self, store: StateStore(workDirectory: dirs.work), last: last)
        return try run.execute()
    }

    private func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ExecutionError.io(path: path, message: "cannot create directory: \(error.localizedDescription)")
        }
    }
}
