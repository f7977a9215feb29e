import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Progress as plain lines (stderr not a terminal: CI logs, pipes): a line when a step starts, a line every
/// `interval` seconds while it runs, and a line with its result. Every line goes through `TerminalText`
/// (a CI log is read on a terminal too).
public final class PlainProgress: ProgressReporter, @unchecked Sendable {
    private let queue = DispatchQueue(label: "odroid-build.progress.plain")
    private var ticker: Ticker?
    private let interval: Double
    private let write: @Sendable (String) -> Void

    public init(interval: Double = 30, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.interval = interval
        self.write = { write(TerminalText.safe($0)) }
    }

    public func runStarted(_ plan: Plan, stepCount: Int) {
        queue.sync {
            write("odroid-build: \(plan.profile), kernel \(plan.kernelVersion): \(stepCount) steps, logs in \(plan.directories.logs)\n")
        }
    }

    public func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity) {
        let prefix = ReportText.position(index, count)
        queue.sync {
            write(prefix + "\(step.id): \(step.title)\n")
            ticker = Ticker(every: interval, queue: queue) { [write] in write(prefix + ReportText.activity(step, activity) + "\n") }
        }
    }

    public func stepOutput(_ step: PlanStep, line: String) {
        queue.sync { write(TerminalText.inline(line) + "\n") }
    }

    public func stepFinished(_ report: StepReport, index: Int, count: Int) {
        queue.sync {
            ticker?.stop()
            ticker = nil
            write(ReportText.line(report, index: index, count: count) + "\n")
        }
    }

    public func note(_ text: String) {
        queue.sync { write("odroid-build: \(text)\n") }
    }

    public func runFinished(_ summary: RunSummary) {
        queue.sync { write(ReportText.summary(summary) + "\n") }
    }
}
