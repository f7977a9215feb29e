import Foundation

/// The one lock of a boot partition, held by every command that writes it (install, default, rollback,
/// remove, confirm, a build's install step), so that two runs never write one partition at once: without
/// it, concurrent installs on one image shared clusters between files or lost a reported install from the
/// manifest. It is `flock(2)` on the partition itself: on the image file (the descriptor mtools reaches the
/// image through, see `ToolPath`) or on the mounted root directory. So it is the same lock whatever name,
/// symlink or bind mount a run used, it never needs a lock file beside the user's files, and the kernel
/// drops it when the process dies (kill -9 included). It is re-entrant within one partition value
/// (`rollback` calls `setDefault`). flock and the byte-range locks QEMU takes on images do not interact.
public final class PartitionWriteLock: @unchecked Sendable {
    private let descriptor: Int32
    private let location: String
    private let mutex = NSLock()
    private var depth = 0

    /// `descriptor` stays owned by the caller and must outlive the lock.
    public init(descriptor: Int32, location: String) {
        self.descriptor = descriptor
        self.location = location
    }

    /// Takes the lock, waiting (and saying so through `waiting` once) while another process holds it.
    public func acquire(_ waiting: (String) -> Void = { _ in }) throws(BootPartitionError) {
        let first: Bool = mutex.withLock {
            depth += 1
            return depth == 1
        }
        guard first else { return }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else {
            let reason = String(cString: strerror(errno))
            mutex.withLock { depth -= 1 }
            throw .failed(operation: "locking", path: location, detail: reason)
        }
        waiting("waiting for another odroid-build run that is writing \(location)")
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                mutex.withLock { depth -= 1 }
                throw .failed(operation: "locking", path: location, detail: reason)
            }
        }
    }

    /// Releases one `acquire`; the lock itself goes with the last one.
    public func release() {
        let last: Bool = mutex.withLock {
            guard depth > 0 else { return false }
            depth -= 1
            return depth == 0
        }
        if last { flock(descriptor, LOCK_UN) }
    }

    /// Whether this value holds the lock now (for tests and assertions).
    public var isHeld: Bool { mutex.withLock { depth > 0 } }
}
