import BootPartition
import Foundation

/// Wraps a real backend and "is killed" (kill -9) after `survivingChanges` operations that change the
/// partition: from then on every call fails, cleanup included, exactly as a dead process does nothing more.
/// Counts the changes of a complete run when `survivingChanges` is nil.
final class DyingPartition: BootPartition {
    struct Killed: Error {}
    let inner: any BootPartition
    let survivingChanges: Int?
    private(set) var changes = 0
    private(set) var log: [String] = []
    var dead: Bool { survivingChanges.map { changes >= $0 } ?? false }
    /// Free space to report instead of the real figure (to get past the space check and hit a full disk).
    var fakeFreeBytes: UInt64?

    init(_ inner: any BootPartition, survivingChanges: Int?) {
        self.inner = inner
        self.survivingChanges = survivingChanges
    }

    var location: String { inner.location }
    var writeLock: PartitionWriteLock { inner.writeLock }

    private func change(_ what: String, _ body: () throws(BootPartitionError) -> Void) throws(BootPartitionError) {
        if dead { throw .failed(operation: "killed before", path: what, detail: "process is dead") }
        try body()
        changes += 1
        log.append(what)
    }

    private func look<T>(_ body: () throws(BootPartitionError) -> T) throws(BootPartitionError) -> T {
        if dead { throw .failed(operation: "killed", path: "", detail: "process is dead") }
        return try body()
    }

    func entries(in directory: String) throws(BootPartitionError) -> [BootPartitionEntry] {
        try look { () throws(BootPartitionError) in try inner.entries(in: directory) }
    }
    func read(_ path: String) throws(BootPartitionError) -> Data { try look { () throws(BootPartitionError) in try inner.read(path) } }
    func write(_ data: Data, to path: String) throws(BootPartitionError) {
        try change("write \(path)") { () throws(BootPartitionError) in try inner.write(data, to: path) }
    }
    func copy(localFile: String, to path: String) throws(BootPartitionError) {
        try change("copy \(path)") { () throws(BootPartitionError) in try inner.copy(localFile: localFile, to: path) }
    }
    func flush(_ path: String) throws(BootPartitionError) { try look { () throws(BootPartitionError) in try inner.flush(path) } }
    func rename(_ source: String, to destination: String) throws(BootPartitionError) {
        try change("rename \(source) -> \(destination)") { () throws(BootPartitionError) in try inner.rename(source, to: destination) }
    }
    func delete(_ path: String) throws(BootPartitionError) {
        try change("delete \(path)") { () throws(BootPartitionError) in try inner.delete(path) }
    }
    func makeDirectory(_ path: String) throws(BootPartitionError) {
        try change("mkdir \(path)") { () throws(BootPartitionError) in try inner.makeDirectory(path) }
    }
    func removeDirectory(_ path: String) throws(BootPartitionError) {
        try change("rmdir \(path)") { () throws(BootPartitionError) in try inner.removeDirectory(path) }
    }
    func space() throws(BootPartitionError) -> BootPartitionSpace {
        try look { () throws(BootPartitionError) in
            var real = try inner.space()
            if let fakeFreeBytes { real.freeBytes = fakeFreeBytes }
            return real
        }
    }
}
