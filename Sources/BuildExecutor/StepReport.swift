/// How one step of a run ended.
public enum StepOutcome: Sendable, Equatable {
    /// Ran and succeeded; `reason` says why it had to run ("first run", ".config changed", "--force").
    case ran(reason: String)
    /// Its inputs were unchanged since its last successful run.
    case skipped
    /// Not run on purpose: after `--until` or SIGUSR1.
    case notRun(reason: String)
    /// Could not run here (no installer available): the run is incomplete and says so.
    case unavailable(reason: String)
    case failed(reason: String)
    case interrupted
}

/// One line of a run's summary.
public struct StepReport: Sendable, Equatable {
    public var id: String
    public var title: String
    public var outcome: StepOutcome
    public var seconds: Double
    /// Compile units seen in the step's output (make's CC/AS lines), when it ran make.
    public var units: Int?
    /// Where the step's compiles ran, from distcc's log, when the step compiled through distcc.
    public var distcc: DistccReport? = nil
}

/// What a whole run did, step by step.
public struct RunSummary: Sendable, Equatable {
    public var steps: [StepReport]
    public var seconds: Double
    /// The value of `make kernelrelease` (captured now or remembered from the last run).
    public var kernelRelease: String?
    /// Why the run stopped before the last step, if it did on purpose ("--until build", "SIGUSR1").
    public var stoppedEarly: String?

    /// Steps that were meant to run but could not (e.g. no installer): the run is incomplete.
    public var incomplete: [StepReport] {
        steps.filter { if case .unavailable = $0.outcome { return true } else { return false } }
    }

    public func report(_ id: String) -> StepReport? { steps.first { $0.id == id } }
}
