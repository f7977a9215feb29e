import BuildExecutor
import Foundation
import Testing
import TestSupport

@Suite("One run per work directory", .tags(.realProcess))
struct WorkDirectoryLockTests {
    private func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-lock-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func secondLockIsRefusedNamingTheFirst() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try WorkDirectoryLock.acquire(workDirectory: dir, command: "odroid-build --profile first")
        #expect {
            try WorkDirectoryLock.acquire(workDirectory: dir, command: "odroid-build --profile second")
        } throws: { error in
            guard case ExecutionError.locked(_, let holder) = error, let holder else { return false }
            return holder.pid == getpid() && holder.command == "odroid-build --profile first"
                && "\(error)".contains("pid \(getpid())") && "\(error)".contains("--profile first")
        }
        first.release()
        let third = try WorkDirectoryLock.acquire(workDirectory: dir, command: "third")
        third.release()
    }

    @Test func lockOfADeadRunIsTakenOver() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A holder record without a live flock: what a killed run leaves behind.
        try #"{"pid":999999,"command":"killed run","startedAt":"2026-01-01T00:00:00Z"}"#
            .write(toFile: "\(dir)/.odroid-build.lock", atomically: true, encoding: .utf8)
        let lock = try WorkDirectoryLock.acquire(workDirectory: dir, command: "new run")
        lock.release()
    }

    @Test func executorRefusesAWorkDirectoryInUse() throws {
        let space = try FixtureWorkspace()
        try FileManager.default.createDirectory(atPath: space.work, withIntermediateDirectories: true)
        let held = try WorkDirectoryLock.acquire(workDirectory: space.work, command: "the first run")
        defer { held.release() }
        #expect {
            try space.executor().run()
        } throws: { error in
            guard case ExecutionError.locked(_, let holder) = error else { return false }
            return holder?.command == "the first run"
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.work)/logs/defconfig.log"))
    }
}
