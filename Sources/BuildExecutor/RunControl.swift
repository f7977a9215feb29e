import Foundation
import OdroidProcess

/// Requests that reach a run from outside while it goes: "stop now" (Ctrl-C, SIGTERM) and "finish this step,
/// then stop" (SIGUSR1). Signal handlers and tests call these; the step loop reads them between and after steps.
public final class RunControl: @unchecked Sendable {
    private let lock = NSLock()
    private var interruptions = 0
    private var stopFlag = false

    private let stopChildren: @Sendable () -> Void

    /// `stopChildren` ends the running commands; by default every child process group of this process gets
    /// SIGTERM (a process runs one build at a time). Tests that run several builds in one process narrow it.
    public init(stopChildren: @escaping @Sendable () -> Void = { RunningChildren.shared.signalAll(SIGTERM) }) {
        self.stopChildren = stopChildren
    }

    /// Stop now: the running children are stopped; the run ends with `.interrupted`. A second request
    /// (Ctrl-C pressed again) kills whatever ignored the first one.
    public func interrupt() {
        let count = lock.withLock { () -> Int in
            interruptions += 1
            return interruptions
        }
        if count == 1 { stopChildren() } else { RunningChildren.shared.signalAll(SIGKILL) }
    }

    /// Let the running step finish, skip the rest, end successfully.
    public func stopAfterCurrentStep() {
        lock.withLock { stopFlag = true }
    }

    public var isInterrupted: Bool { lock.withLock { interruptions > 0 } }
    public var isStopRequested: Bool { lock.withLock { stopFlag } }
}
