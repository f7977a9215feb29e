import Dispatch
import Foundation

/// Live facts about the running step that progress displays poll: elapsed time and compile units so far.
public final class StepActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var unitCount = 0
    private let start = DispatchTime.now().uptimeNanoseconds
    /// The previous run's amount of work for this step, when known.
    public let estimate: BuildState.WorkRecord?

    public init(estimate: BuildState.WorkRecord?) { self.estimate = estimate }

    public var units: Int { lock.withLock { unitCount } }
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Counts `line` when it is a compile line of kbuild's quiet output ("  CC      init/main.o").
    public func observe(_ line: String) {
        if Self.isUnit(line) { lock.withLock { unitCount += 1 } }
    }

    /// Remaining seconds, estimated from the previous run: its duration scaled by the units still to come.
    public var remaining: Double? {
        guard let estimate, estimate.units > 0 else { return nil }
        let done = Double(units) / Double(estimate.units)
        return max(0, estimate.seconds * (1 - done))
    }

    static let unitWords: Set<Substring> = ["CC", "AS", "HOSTCC", "HOSTCXX"]

    /// kbuild prints one "  CC      path" (or "  CC [M]  path") line per compiled unit.
    public static func isUnit(_ line: String) -> Bool {
        guard line.hasPrefix(" ") else { return false }
        guard let word = line.split(separator: " ", maxSplits: 1).first else { return false }
        return unitWords.contains(word)
    }
}
