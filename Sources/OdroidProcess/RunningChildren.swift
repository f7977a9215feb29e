import Foundation

/// The process groups of every child started by `SpawnRunner` that has not been reaped yet.
/// Each child leads its own process group, so a signal handler can stop a child *and* everything it
/// started (make's compilers) with one `kill(-pgid, …)`.
public final class RunningChildren: @unchecked Sendable {
    public static let shared = RunningChildren()

    private let lock = NSLock()
    private var groups: Set<pid_t> = []

    func add(_ pid: pid_t) { lock.withLock { _ = groups.insert(pid) } }
    func remove(_ pid: pid_t) { lock.withLock { _ = groups.remove(pid) } }

    /// Process-group ids of the children still running.
    public var current: [pid_t] { lock.withLock { Array(groups) } }

    /// Sends `signal` to every running child's whole process group.
    public func signalAll(_ signal: Int32) {
        for group in current { kill(-group, signal) }
    }
}
