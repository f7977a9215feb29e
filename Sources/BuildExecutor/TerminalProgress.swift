import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Progress on a terminal (stderr): a status line rewritten in place while a step runs (elapsed time,
/// compile units so far, the estimate from the previous run), then one line per step with its result.
/// Every text (step titles, paths, a tool's output with --verbose) goes through `TerminalText`; the only
/// raw control sequence is the reporter's own carriage return and clear-line.
public final class TerminalProgress: ProgressReporter, @unchecked Sendable {
    private let queue = DispatchQueue(label: "odroid-build.progress")
    private var ticker: Ticker?
    private var statusShown = false
    private let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    public func runStarted(_ plan: Plan, stepCount: Int) {
        queue.sync {
            write(
                TerminalText.safe(
                    "odroid-build: \(plan.profile), kernel \(plan.kernelVersion): \(stepCount) steps, logs in \(plan.directories.logs)")
                    + "\n")
        }
    }

    public func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity) {
        let prefix = ReportText.position(index, count)
        queue.sync {
            show(prefix + ReportText.activity(step, activity))
            ticker = Ticker(every: 0.5, queue: queue) { [weak self] in self?.show(prefix + ReportText.activity(step, activity)) }
        }
    }

    public func stepOutput(_ step: PlanStep, line: String) {
        queue.sync {
            clear()
            write(TerminalText.inline(line) + "\n")
        }
    }

    public func stepFinished(_ report: StepReport, index: Int, count: Int) {
        queue.sync {
            ticker?.stop()
            ticker = nil
            clear()
            write(TerminalText.safe(ReportText.line(report, index: index, count: count)) + "\n")
        }
    }

    public func note(_ text: String) {
        queue.sync {
            clear()
            write(TerminalText.safe("odroid-build: \(text)") + "\n")
        }
    }

    public func runFinished(_ summary: RunSummary) {
        queue.sync { write(TerminalText.safe(ReportText.summary(summary)) + "\n") }
    }

    /// Rewrites the status line (carriage return, clear to end of line), cut to the terminal's width.
    private func show(_ text: String) {
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 10 ? Int(size.ws_col) - 1 : 119
        write("\r\u{1B}[K" + String(TerminalText.inline(text).prefix(columns)))
        statusShown = true
    }

    private func clear() {
        if statusShown { write("\r\u{1B}[K") }
        statusShown = false
    }
}
