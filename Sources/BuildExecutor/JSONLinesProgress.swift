import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// One JSON object per line (stdout) for CI: run-start, step-start, step-progress (every `interval` seconds
/// while a step runs), output (with --verbose), step-end, note, run-end. Every event names its step.
public final class JSONLinesProgress: ProgressReporter, @unchecked Sendable {
    /// The fields an event may carry; absent ones are left out of the line.
    public struct Event: Codable, Sendable, Equatable {
        public var event: String
        public var step: String?
        public var title: String?
        public var index: Int?
        public var count: Int?
        public var outcome: String?
        public var reason: String?
        public var seconds: Double?
        public var units: Int?
        public var estimatedUnits: Int?
        public var remainingSeconds: Double?
        public var line: String?
        public var profile: String?
        public var kernel: String?
        public var kernelRelease: String?
        public var stoppedEarly: String?

        init(_ event: String) { self.event = event }
    }

    private let queue = DispatchQueue(label: "odroid-build.progress.json")
    private var ticker: Ticker?
    private let interval: Double
    private let write: @Sendable (String) -> Void

    public init(interval: Double = 5, write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.interval = interval
        self.write = write
    }

    private func emit(_ event: Event) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(event) else { return }
        write(TerminalText.json(String(decoding: data, as: UTF8.self)) + "\n")
    }

    public func runStarted(_ plan: Plan, stepCount: Int) {
        var event = Event("run-start")
        event.profile = plan.profile
        event.kernel = plan.kernelVersion
        event.count = stepCount
        queue.sync { emit(event) }
    }

    public func stepStarted(_ step: PlanStep, index: Int, count: Int, activity: StepActivity) {
        var event = Event("step-start")
        event.step = step.id
        event.title = step.title
        event.index = index
        event.count = count
        event.estimatedUnits = activity.estimate?.units
        queue.sync {
            emit(event)
            ticker = Ticker(every: interval, queue: queue) { [weak self] in
                var tick = Event("step-progress")
                tick.step = step.id
                tick.seconds = activity.elapsed
                tick.units = activity.units
                tick.estimatedUnits = activity.estimate?.units
                tick.remainingSeconds = activity.remaining
                self?.emit(tick)
            }
        }
    }

    public func stepOutput(_ step: PlanStep, line: String) {
        var event = Event("output")
        event.step = step.id
        event.line = line
        queue.sync { emit(event) }
    }

    public func stepFinished(_ report: StepReport, index: Int, count: Int) {
        var event = Event("step-end")
        event.step = report.id
        event.index = index
        event.count = count
        event.seconds = report.seconds
        event.units = report.units
        switch report.outcome {
        case .ran(let reason): event.outcome = "ran"; event.reason = reason
        case .skipped: event.outcome = "skipped"; event.reason = "unchanged"
        case .notRun(let reason): event.outcome = "not-run"; event.reason = reason
        case .unavailable(let reason): event.outcome = "unavailable"; event.reason = reason
        case .failed(let reason): event.outcome = "failed"; event.reason = reason
        case .interrupted: event.outcome = "interrupted"
        }
        queue.sync {
            ticker?.stop()
            ticker = nil
            emit(event)
        }
    }

    public func note(_ text: String) {
        var event = Event("note")
        event.line = text
        queue.sync { emit(event) }
    }

    public func runFinished(_ summary: RunSummary) {
        var event = Event("run-end")
        event.seconds = summary.seconds
        event.kernelRelease = summary.kernelRelease
        event.stoppedEarly = summary.stoppedEarly
        event.count = summary.steps.count
        queue.sync { emit(event) }
    }
}
