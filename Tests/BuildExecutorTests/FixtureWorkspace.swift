import BuildExecutor
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import TestSupport

/// A scratch copy of the fixture kernel tree with a work directory, and the plan of the fixture board profile
/// for it: each test gets its own, so tests can touch, break and rerun freely and in parallel.
final class FixtureWorkspace: @unchecked Sendable {
    static let fixtures = "\(Repository.root)/Tests/BuildExecutorTests/Fixtures"
    let root: String
    var source: String { "\(root)/linux" }
    var work: String { "\(root)/work" }
    let profile: ResolvedProfile
    let templates = TemplateStore(directory: "\(Repository.root)/templates")

    init(overrides: [String] = []) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-exec-\(UUID().uuidString.prefix(8))").path
        self.root = root
        try FileManager.default.createDirectory(atPath: "\(root)/work/initramfs-root", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/boot", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(Self.fixtures)/linux-fixture", toPath: "\(root)/linux")
        try "#!/bin/sh\necho fixture init\n".write(toFile: "\(root)/work/initramfs-root/init", atomically: true, encoding: .utf8)
        // The interpreter /init names: a real ARM program, as on the board.
        try FileManager.default.createDirectory(atPath: "\(root)/work/initramfs-root/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ArmProgram.path, toPath: "\(root)/work/initramfs-root/bin/sh")
        let catalog = ProfileCatalog(directories: ["\(Self.fixtures)/profiles"])
        profile = try ProfileResolver(catalog: catalog).resolve("fixture-board", overrides: overrides)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The fixture board's plan; `useProfileSource` keeps the profile's own source (git, tarball) instead of the copied tree.
    func plan(version: String = "1.2.3", useProfileSource: Bool = false, distcc: DistccHosts? = nil) -> Plan {
        let options = PlanOptions(
            kernelVersion: version, workDirectory: work, cacheDirectory: "\(root)/cache", sourceOverride: useProfileSource ? nil : source,
            hostArch: "x86_64", cpuCount: 2, bootTarget: .mounted(path: "\(root)/boot"), distccOverride: distcc)
        return PlanBuilder(profile: profile, options: options).build()
    }

    /// The process environment plus `extra` (e.g. FIXTURE_SLEEP), given to children and to fingerprints.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    }

    func executor(
        plan: Plan? = nil, options configure: (inout ExecutionOptions) -> Void = { _ in }, environment extra: [String: String] = [:],
        runner: (any ProcessRunning)? = nil, progress: any ProgressReporter = SilentProgress(),
        installer: (any InstallStep)? = RecordingInstaller(), control: RunControl = RunControl()
    ) throws -> BuildExecutor {
        var options = ExecutionOptions()
        options.environment = environment(extra)
        options.commandLine = "fixture test run"
        configure(&options)
        let table = try PackageTable.load(path: "\(Repository.root)/data/host-tools.json")
        return BuildExecutor(
            plan: plan ?? self.plan(), renderer: BootScriptRenderer(profile: profile, templates: templates),
            runner: runner ?? SpawnRunner(baseEnvironment: options.environment), options: options, progress: progress,
            installer: installer, packages: table, control: control)
    }

    var uImage: String { "\(work)/build/arch/arm/boot/uImage" }

    func touch(_ relative: String) throws {
        let path = "\(source)/\(relative)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "/* touched \(UUID()) */\n").write(toFile: path, atomically: false, encoding: .utf8)
    }
}

/// Passes every command to the real runner and remembers it, so a test can tell which commands ran.
final class RecordingRunner: ProcessRunning, @unchecked Sendable {
    private let lock = NSLock()
    private var commands: [Command] = []
    let real: SpawnRunner

    init(environment: [String: String]) { real = SpawnRunner(baseEnvironment: environment) }

    var ran: [Command] { lock.withLock { commands } }

    func run(_ command: Command, output: OutputMode, input: String?) throws -> ProcessResult {
        lock.withLock { commands.append(command) }
        return try real.run(command, output: output, input: input)
    }

    func start(_ command: Command, logPath: String, onLine: (@Sendable (String) -> Void)?) throws -> any StartedProcess {
        lock.withLock { commands.append(command) }
        return try real.start(command, logPath: logPath, onLine: onLine)
    }
}

/// An install step that records what it was asked to install instead of writing a boot partition.
final class RecordingInstaller: InstallStep, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(spec: InstallSpec, release: String?)] = []

    var installs: [(spec: InstallSpec, release: String?)] { lock.withLock { calls } }

    func install(_ spec: InstallSpec, kernelRelease: String?, log: @Sendable (String) -> Void) throws {
        for file in spec.files + [spec.bootScript] where !FileManager.default.fileExists(atPath: file.source) {
            throw ExecutionError.io(path: file.source, message: "file to install is missing")
        }
        log("recorded install of \(spec.files.count) files")
        lock.withLock { calls.append((spec, kernelRelease)) }
    }
}

/// Calls `action` once, when the running tool prints a line containing `marker` (needs verbose output).
final class LineTrigger: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    let marker: String
    let action: @Sendable () -> Void

    init(on marker: String, _ action: @escaping @Sendable () -> Void) {
        self.marker = marker
        self.action = action
    }

    func stepOutput(_ step: PlanStep, line: String) {
        guard line.contains(marker) else { return }
        let first = lock.withLock { () -> Bool in
            defer { fired = true }
            return !fired
        }
        if first { action() }
    }

    func runStarted(_ plan: Plan, stepCount: Int) {}
    func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity) {}
    func stepFinished(_ report: StepReport, index: Int, count: Int) {}
    func note(_ text: String) {}
    func runFinished(_ summary: RunSummary) {}
}

extension RunSummary {
    func outcome(_ id: String) -> StepOutcome? { report(id)?.outcome }
    var ranSteps: [String] { steps.filter { if case .ran = $0.outcome { return true } else { return false } }.map(\.id) }
    var skippedSteps: [String] { steps.filter { $0.outcome == .skipped }.map(\.id) }
}
