import BootProof
import Foundation

/// One console session from start to verdict: stop autoboot when asked, type the lines, watch the boot.
/// The call `odroid-build console` makes, and the line-by-line boot proofs.
public struct ConsoleRun {
    public var interrupt: Bool
    public var script: ConsoleScript?
    public var marker: String?
    /// Seconds for each phase: u-boot's countdown, each typed line, the kernel's boot to the marker.
    public var autobootTimeout: Double = 60
    public var lineTimeout: Double = 60
    public var bootTimeout: Double = 120
    /// The lines are one script (blocks may span lines), not lines run one at a time.
    public var wholeScript = false

    public init(interrupt: Bool, script: ConsoleScript?, marker: String?) {
        self.interrupt = interrupt
        self.script = script
        self.marker = marker
    }

    public struct Report: Sendable {
        public enum Verdict: Sendable, Equatable {
            /// Typed what was asked, the kernel started, and (with a marker) init was reached.
            case booted
            /// Only watched (no lines to type) and the marker came, or no marker was asked for.
            case watched
            case noAutobootCountdown
            case lineFailed(number: Int, text: String, answer: PromptAnswer)
            case kernelNotStarted
            case markerNotSeen
        }
        public var verdict: Verdict
        public var answers: [(number: Int, text: String, answer: PromptAnswer)]
        public var timeline: BootTimeline
        public var seconds: Double

        public var succeeded: Bool { verdict == .booted || verdict == .watched }

        public var summary: String {
            switch verdict {
            case .booted:
                return "console: the kernel started and "
                    + (timeline.phases.contains { $0.kind == .initStart } ? "init ran" : "the marker showed")
            case .watched: return "console: watched the boot"
            case .noAutobootCountdown:
                return
                    "console: no u-boot countdown ('Hit any key to stop autoboot') and no prompt: is the board powered and the baud rate right?"
            case .lineFailed(let number, let text, let answer): return "console: line \(number) '\(text)': \(answer)"
            case .kernelNotStarted:
                return "console: every line was accepted but none started the kernel (the last line should be bootm/bootz)"
            case .markerNotSeen: return "console: the kernel started but the marker never showed"
            }
        }
    }

    public func run(_ session: ConsoleSession) throws(SerialConsoleError) -> Report {
        var answers: [(number: Int, text: String, answer: PromptAnswer)] = []
        func report(_ verdict: Report.Verdict) -> Report {
            session.finish()
            return Report(verdict: verdict, answers: answers, timeline: session.timeline(marker: marker), seconds: session.elapsed)
        }
        if interrupt || script != nil {
            guard try session.interruptAutoboot(timeout: autobootTimeout) else { return report(.noAutobootCountdown) }
        }
        guard let script else {
            return report(session.watchBoot(marker: marker, timeout: bootTimeout) ? .watched : .markerNotSeen)
        }
        let typed = try script.type(into: session, lineTimeout: lineTimeout, wholeScript: wholeScript)
        answers = typed.answers
        if let failure = typed.failure { return report(.lineFailed(number: failure.number, text: failure.text, answer: failure.answer)) }
        guard typed.startedKernel else { return report(.kernelNotStarted) }
        return report(session.watchBoot(marker: marker, timeout: bootTimeout) ? .booted : .markerNotSeen)
    }
}
