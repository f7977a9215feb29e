import Foundation
import OdroidCore

/// Where a run's progress goes: the terminal (a live status line), plain lines (logs, pipes), or one JSON
/// event per line (CI). The executor calls these in order from one thread; implementations may also update
/// a display from their own timer while a step runs.
public protocol ProgressReporter: Sendable {
    func runStarted(_ plan: Plan, stepCount: Int)
    /// A step starts running (skipped steps only get `stepFinished`).
    func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity)
    /// One line of the running tool's output; only sent with `--verbose`.
    func stepOutput(_ step: PlanStep, line: String)
    func stepFinished(_ report: StepReport, index: Int, count: Int)
    /// A remark that is not a step (e.g. a note of the plan, why a step reruns).
    func note(_ text: String)
    func runFinished(_ summary: RunSummary)
}

/// Reports nothing (library use and tests that only look at the summary).
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func runStarted(_ plan: Plan, stepCount: Int) {}
    public func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity) {}
    public func stepOutput(_ step: PlanStep, line: String) {}
    public func stepFinished(_ report: StepReport, index: Int, count: Int) {}
    public func note(_ text: String) {}
    public func runFinished(_ summary: RunSummary) {}
}

/// Durations as people read them: "0.04s", "12.3s", "8m41s".
public enum Duration {
    public static func text(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.2fs", seconds) }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m" : "\(whole / 60)m\(String(format: "%02d", whole % 60))s"
    }
}

/// Words shared by the terminal and plain reporters.
enum ReportText {
    static func outcome(_ report: StepReport) -> String {
        let units = report.units.map { $0 > 0 ? ", \($0) units" : "" } ?? ""
        switch report.outcome {
        case .ran(let reason): return "done in \(Duration.text(report.seconds))\(units) (\(reason))"
        case .skipped: return "unchanged, skipped"
        case .notRun(let reason): return "not run: \(reason)"
        case .unavailable(let reason): return "NOT RUN: \(reason)"
        case .failed(let reason): return "FAILED after \(Duration.text(report.seconds)): \(reason)"
        case .interrupted: return "interrupted after \(Duration.text(report.seconds))"
        }
    }

    static func line(_ report: StepReport, index: Int, count: Int) -> String {
        "\(position(index, count))\(report.id): \(outcome(report))"
    }

    /// "[ 3/12] ": the index padded to the width of the count, so step lines align.
    static func position(_ index: Int, _ count: Int) -> String {
        let width = String(count).count
        return "[" + String(repeating: " ", count: max(0, width - String(index).count)) + "\(index)/\(count)] "
    }

    static func activity(_ step: PlanStep, _ activity: StepActivity) -> String {
        var text = "\(step.id): \(step.title), \(Duration.text(activity.elapsed))"
        if activity.units > 0 || activity.estimate != nil {
            text += ", \(activity.units)"
            if let estimate = activity.estimate { text += "/~\(estimate.units)" }
            text += " units"
        }
        if let distcc = activity.distccCounts, distcc.remote + distcc.local > 0 {
            text += " (distcc: \(distcc.remote) on the hosts, \(distcc.local) here)"
        }
        if let remaining = activity.remaining {
            text += ", ~\(Duration.text(remaining)) left (previous run: \(Duration.text(activity.estimate!.seconds)))"
        }
        return text
    }

    static func summary(_ summary: RunSummary) -> String {
        let ran = summary.steps.filter { if case .ran = $0.outcome { return true } else { return false } }.count
        let skipped = summary.steps.filter { $0.outcome == .skipped }.count
        let notRun = summary.steps.filter { if case .notRun = $0.outcome { return true } else { return false } }
        var text = "odroid-build: \(ran) step\(ran == 1 ? "" : "s") ran, \(skipped) unchanged"
        if !notRun.isEmpty { text += ", \(notRun.count) not run (\(notRun.map(\.id).joined(separator: ", ")))" }
        if !summary.incomplete.isEmpty {
            text += ", \(summary.incomplete.count) could not run (\(summary.incomplete.map(\.id).joined(separator: ", ")))"
        }
        if let stop = summary.stoppedEarly { text += "; stopped \(stop)" }
        if let release = summary.kernelRelease { text += "; kernel release \(release)" }
        return text + "; \(Duration.text(summary.seconds))"
    }
}
