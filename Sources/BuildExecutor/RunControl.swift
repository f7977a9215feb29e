import Foundation
import OdroidProcess

/// Requests that reach a run from outside while it goes: "stop now" (Ctrl-C, SIGTERM) and "finish this step,
/// then stop" (SIGUSR1). Signal handlers and tests call these; the step loop reads them between and after steps.
public final class RunControl: @unchecked Sendable {
    private let lock = NSLock()
    private var interruptedFlag = false
    private var stopFlag = false

    private let stopChildren: @Sendable () -> Void

    /// `stopChildren` ends the running commands; by default every child process group of this process gets
    /// SIGTERM (a process runs one build at a time). Tests that run several builds in one process narrow it.
    public init(stopChildren: @escaping @Sendable () -> Void = { RunningChildren.shared.signalAll(SIGTERM) }) {
        self.stopChildren = stopChildren
    }

    /// Stop now: the running children are stopped; the run ends with `.interrupted`.
    public func interrupt() {
        lock.withLock { interruptedFlag = true }
        stopChildren()
    }

    /// Let the running step finish, skip the rest, end successfully.
    public func stopAfterCurrentStep() {
        lock.withLock { stopFlag = true }
    }

    public var isInterrupted: Bool { lock.withLock { interruptedFlag } }
    public var isStopRequested: Bool { lock.withLock { stopFlag } }
}
