import BootPartition
import Foundation
import OdroidCore
import TestSupport
import Testing

/// The partition's write lock on real partitions: two values opened on one image (or one directory, by
/// another name) exclude each other, whatever name each was opened by; one value may take it again inside
/// itself (rollback calls setDefault); a second run waits and says so.
@Suite("One write lock per boot partition", .tags(.realProcess), .serialized)
struct WriteLockTests {
    let fixtures: PartitionFixtures

    init() throws { fixtures = try PartitionFixtures() }

    /// Acquires `second` on another thread while `first` holds its lock; returns whether the second
    /// acquisition waited (reported waiting and finished only after `first` released).
    func secondWaits(first: any BootPartition, second: any BootPartition) throws -> Bool {
        try first.writeLock.acquire()
        let state = LockProbe()
        let lock = second.writeLock
        let thread = Thread {
            do {
                try lock.acquire { _ in state.set(\.waited) }
                state.set(\.acquired)
                lock.release()
            } catch {
                state.set(\.failed)
            }
        }
        thread.start()
        // Long enough for the other thread to block (it reports waiting before it blocks).
        for _ in 0..<200 where !state.get(\.waited) { usleep(5_000) }
        let acquiredWhileHeld = state.get(\.acquired)
        first.writeLock.release()
        for _ in 0..<400 where !state.get(\.acquired) && !state.get(\.failed) { usleep(5_000) }
        return state.get(\.waited) && !acquiredWhileHeld && state.get(\.acquired)
    }

    @Test func twoValuesOnOneImageByTwoNamesExcludeEachOther() throws {
        let image = try fixtures.image("lock.img", sizeMiB: 4)
        let link = fixtures.root + "/other-name.img"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: image.path)
        let first = try fixtures.open(image)
        let second = try MtoolsImagePartition(imagePath: link, runner: fixtures.runner, scratchDirectory: fixtures.root)
        #expect(try secondWaits(first: first, second: second))
    }

    @Test func twoValuesOnOneDirectoryExcludeEachOther() throws {
        let directory = fixtures.root + "/boot"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = try MountedBootPartition(root: directory, allowNonFAT: true)
        let second = try MountedBootPartition(root: directory + "/", allowNonFAT: true)
        #expect(try secondWaits(first: first, second: second))
    }

    @Test func oneValueTakesItsOwnLockAgain() throws {
        let partition = try fixtures.open(try fixtures.image("reentrant.img", sizeMiB: 4))
        try partition.writeLock.acquire()
        try partition.writeLock.acquire()
        partition.writeLock.release()
        #expect(partition.writeLock.isHeld, "the outer hold stays until its own release")
        partition.writeLock.release()
        #expect(!partition.writeLock.isHeld)
        let other = try fixtures.open(try fixtures.image("reentrant-2.img", sizeMiB: 4))
        #expect(try secondWaits(first: partition, second: other) == false, "another image's lock is another lock")
    }
}

/// Flags set by one thread and read by another.
final class LockProbe: @unchecked Sendable {
    struct Flags { var waited = false, acquired = false, failed = false }
    private let lock = NSLock()
    private var flags = Flags()
    func set(_ key: WritableKeyPath<Flags, Bool>) { lock.withLock { flags[keyPath: key] = true } }
    func get(_ key: KeyPath<Flags, Bool>) -> Bool { lock.withLock { flags[keyPath: key] } }
}
