import Foundation
import OdroidCore
import OdroidProcess

/// One run's walk through the plan: decide run-or-skip for each step, run it, record it, stop at the first
/// failure, at `--until`, or when asked to. Fingerprints are recorded in the state store after every step
/// and once more at the end (see `finish`).
struct StepLoop {
    let executor: BuildExecutor
    let store: StateStore
    let last: Int
    var state: BuildState
    var keys: StepKeys
    var release: String?
    var reports: [StepReport] = []
    /// Steps that ran successfully in this run, with their resolved form (for the end-of-run refresh).
    var ranThisRun: [(index: Int, step: PlanStep)] = []
    var stoppedEarly: String?
    let started = DispatchTime.now().uptimeNanoseconds

    init(executor: BuildExecutor, store: StateStore, last: Int) {
        self.executor = executor
        self.store = store
        self.last = last
        state = store.load()
        keys = StepKeys(environment: executor.options.environment, cache: FingerprintCache(excluding: [executor.plan.directories.work]))
    }

    var plan: Plan { executor.plan }
    var progress: any ProgressReporter { executor.progress }

    mutating func execute() throws -> RunSummary {
        progress.runStarted(plan, stepCount: plan.steps.count)
        for note in plan.notes { progress.note(note) }
        let count = plan.steps.count
        for (index, planned) in plan.steps.enumerated() {
            if executor.control.isInterrupted {
                try finish()
                throw ExecutionError.interrupted(step: nil)
            }
            if let reason = stoppedEarly {
                report(StepReport(id: planned.id, title: planned.title, outcome: .notRun(reason: reason), seconds: 0), index)
                continue
            }
            let step = ReleaseSubstitution.apply(release, to: planned)
            try runOrSkip(step, index: index, count: count)
            if index == last, last < count - 1 { stoppedEarly = "after --until \(step.id)" }
            if executor.control.isStopRequested, index < count - 1, stoppedEarly == nil { stoppedEarly = "on SIGUSR1 after \(step.id)" }
        }
        try finish()
        let summary = RunSummary(steps: reports, seconds: elapsed, kernelRelease: release, stoppedEarly: stoppedEarly)
        progress.runFinished(summary)
        return summary
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    mutating func report(_ report: StepReport, _ index: Int) {
        reports.append(report)
        progress.stepFinished(report, index: index + 1, count: plan.steps.count)
    }

    private mutating func runOrSkip(_ step: PlanStep, index: Int, count: Int) throws {
        let prepared: PreparedAction
        do {
            prepared = try PreparedAction(step: step, executor: executor, release: release)
        } catch {
            try fail(
                step, index: index, seconds: 0,
                StepFailure(step: step.id, title: step.title, command: nil, reason: "\(error)", logPath: logPath(step), logTail: []))
        }
        let parts = keys.parts(for: step, describedBy: prepared.description(of:))
        let record = state.steps[step.id]
        if let reason = reasonToRun(step, parts: parts, record: record) {
            try perform(step, prepared: prepared, parts: parts, reason: reason, index: index, count: count)
        } else {
            if case .capture = step.action { release = record?.captured }
            report(StepReport(id: step.id, title: step.title, outcome: .skipped, seconds: 0), index)
        }
    }

    /// Why `step` has to run, or nil when it can be skipped.
    private func reasonToRun(_ step: PlanStep, parts: [String: String], record: BuildState.StepRecord?) -> String? {
        let options = executor.options
        if options.force { return "--force" }
        if options.rebuild.contains(step.id) { return "--rebuild \(step.id)" }
        if case .install = step.action, executor.installer == nil { return "no record" }
        if case .installIntoRoot = step.action, executor.rootInstaller == nil { return "no record" }
        guard let record else { return "no successful run recorded" }
        if record.key != StepKeys.key(parts) {
            return StepKeys.changes(from: record.parts, to: parts).joined(separator: ", ")
        }
        if let missing = step.outputs.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            return "\(URL(fileURLWithPath: missing).lastPathComponent) missing"
        }
        if case .install(let spec) = step.action, let installer = executor.installer, !installer.holds(spec) {
            return "the boot partition does not hold this install"
        }
        if case .installIntoRoot(let install) = step.action, let installer = executor.rootInstaller, !installer.holds(install) {
            return "the root filesystem does not hold these modules"
        }
        if case .capture = step.action, record.captured == nil { return "no value recorded" }
        return nil
    }

    private mutating func perform(
        _ step: PlanStep, prepared: PreparedAction, parts: [String: String], reason: String, index: Int, count: Int
    ) throws {
        if case .install = step.action, executor.installer == nil {
            report(StepReport(id: step.id, title: step.title, outcome: .unavailable(reason: "installer not available"), seconds: 0), index)
            return
        }
        let log = logPath(step)
        _ = FileManager.default.createFile(atPath: log, contents: nil)  // a fresh log per run; the runner reports an unwritable one
        let distccLog = step.command?.environment["DISTCC_LOG"]
        if let distccLog {
            // distcc makes neither its state directory nor the log's: without them it compiles everything here.
            if let directory = step.command?.environment["DISTCC_DIR"] {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try? FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: distccLog).deletingLastPathComponent().path, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: distccLog, contents: nil)  // this step's compiles only
        }
        let activity = StepActivity(estimate: state.work[step.id], distccLog: distccLog)
        progress.stepStarted(step, index: index + 1, count: count, activity: activity)
        let since = CoarseClock.now()
        let result = prepared.perform(log: log, activity: activity)
        keys.cache.invalidate()
        let seconds = activity.elapsed
        let units = step.command?.program == "make" ? activity.units : nil
        let distcc = distccLog.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map(DistccReport.parse).flatMap {
            $0.isEmpty ? nil : $0
        }
        if let distcc { progress.note(distcc.summary) }

        if executor.control.isInterrupted {
            OutputCleanup.removeOutputs(of: step, writtenSince: since)
            report(StepReport(id: step.id, title: step.title, outcome: .interrupted, seconds: seconds, units: units), index)
            try finish()
            throw ExecutionError.interrupted(step: step.id)
        }
        switch result {
        case .failure(let failure):
            OutputCleanup.removeOutputs(of: step, writtenSince: since)
            state.steps[step.id] = nil
            try fail(step, index: index, seconds: seconds, failure, units: units, distcc: distcc)
        case .success(let captured):
            if let captured { release = captured }
            state.steps[step.id] = BuildState.StepRecord(
                key: StepKeys.key(parts), parts: parts, finishedAt: Date(), seconds: seconds, captured: captured)
            if let units, units > 0 { state.work[step.id] = BuildState.WorkRecord(units: units, seconds: seconds) }
            ranThisRun.append((index, step))
            report(
                StepReport(id: step.id, title: step.title, outcome: .ran(reason: reason), seconds: seconds, units: units, distcc: distcc),
                index)
            try store.save(state)
        }
    }

    private mutating func fail(
        _ step: PlanStep, index: Int, seconds: Double, _ failure: StepFailure, units: Int? = nil, distcc: DistccReport? = nil
    ) throws -> Never {
        report(
            StepReport(
                id: step.id, title: step.title, outcome: .failed(reason: failure.reason), seconds: seconds, units: units, distcc: distcc),
            index)
        try finish()
        progress.runFinished(RunSummary(steps: reports, seconds: elapsed, kernelRelease: release, stoppedEarly: nil))
        throw ExecutionError.stepFailed(failure)
    }

    /// Re-fingerprints, for each step that ran in this run, the inputs that it or a later step also writes
    /// (the .config that defconfig, the fragments and olddefconfig each rewrite), so a rerun compares against
    /// the state those files were left in; other inputs keep the state the step actually read.
    private mutating func finish() throws {
        for (index, step) in ranThisRun {
            guard var record = state.steps[step.id] else { continue }
            let later = plan.steps[index...].flatMap { ReleaseSubstitution.apply(release, to: $0).outputs }
            for path in keys.inputPaths(of: step) where later.contains(path) {
                record.parts["input:\(path)"] = keys.cache.fingerprint(path)
            }
            record.key = StepKeys.key(record.parts)
            state.steps[step.id] = record
        }
        ranThisRun = []
        try store.save(state)
    }

    func logPath(_ step: PlanStep) -> String { "\(plan.directories.logs)/\(step.id).log" }
}

/// The filesystem's own clock (timestamps come from the coarse realtime clock), so "written during this step"
/// compares like with like.
enum CoarseClock {
    static func now() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return now
    }
}

/// After a failed or interrupted step, its declared output files written during the step are removed, so no
/// half-written kernel image, .config or uInitrd is left in place looking complete. Directories stay.
enum OutputCleanup {
    static func removeOutputs(of step: PlanStep, writtenSince start: timespec) {
        for path in step.outputs {
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let m = info.st_mtim
            if m.tv_sec > start.tv_sec || (m.tv_sec == start.tv_sec && m.tv_nsec >= start.tv_nsec) { unlink(path) }
        }
    }
}
