import Dispatch
import Foundation

/// Live facts about the running step that progress displays poll: elapsed time and compile units so far.
public final class StepActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var unitCount = 0
    private let start = DispatchTime.now().uptimeNanoseconds
    /// The previous run's amount of work for this step, when known.
    public let estimate: BuildState.WorkRecord?

    /// distcc's client log of this step (DISTCC_LOG), read as it grows for the remote and local counts.
    public let distccLog: String?
    private var distccOffset: UInt64 = 0
    private var distccPartial = ""
    private var distccRemote = 0
    private var distccLocal = 0

    public init(estimate: BuildState.WorkRecord?, distccLog: String? = nil) {
        self.estimate = estimate
        self.distccLog = distccLog
    }

    /// Units distcc finished so far on the hosts and here; nil when the step does not compile through distcc.
    /// Reads only what distcc appended since the last call.
    public var distccCounts: (remote: Int, local: Int)? {
        guard let distccLog else { return nil }
        return lock.withLock {
            if let handle = FileHandle(forReadingAtPath: distccLog) {
                defer { try? handle.close() }
                if (try? handle.seek(toOffset: distccOffset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty {
                    distccOffset += UInt64(data.count)
                    var lines = (distccPartial + String(decoding: data, as: UTF8.self)).split(
                        separator: "\n", omittingEmptySubsequences: false)
                    distccPartial = String(lines.removeLast())
                    for host in lines.compactMap(DistccReport.unitHost) {
                        if host == "localhost" { distccLocal += 1 } else { distccRemote += 1 }
                    }
                }
            }
            return (distccRemote, distccLocal)
        }
    }

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
