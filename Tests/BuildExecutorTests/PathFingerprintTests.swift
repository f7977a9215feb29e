import BuildExecutor
import Foundation
import Testing
import TestSupport

@Suite("Stat fingerprints of files and trees", .tags(.realProcess))
struct PathFingerprintTests {
    private func tree() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-fp-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: "\(dir)/a/b", withIntermediateDirectories: true)
        try "one".write(toFile: "\(dir)/a/b/one.c", atomically: false, encoding: .utf8)
        try "two".write(toFile: "\(dir)/two.c", atomically: false, encoding: .utf8)
        return dir
    }

    @Test func unchangedTreeKeepsItsFingerprint() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(PathFingerprint.of(dir) == PathFingerprint.of(dir))
        #expect(PathFingerprint.of(dir).count == 64)
    }

    @Test func anyChangeDeepInTheTreeChangesIt() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = PathFingerprint.of(dir)
        try "one!".write(toFile: "\(dir)/a/b/one.c", atomically: false, encoding: .utf8)
        let edited = PathFingerprint.of(dir)
        #expect(edited != before)
        try FileManager.default.createDirectory(atPath: "\(dir)/a/new", withIntermediateDirectories: false)
        #expect(PathFingerprint.of(dir) != edited)
    }

    @Test func touchWithoutContentChangeCountsAsAChange() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = PathFingerprint.of("\(dir)/two.c")
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, "\(dir)/two.c", &times, 0) == 0)
        #expect(PathFingerprint.of("\(dir)/two.c") != before)
    }

    @Test func versionControlMetadataAndExcludedPathsDoNotCount() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/.git", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: "\(dir)/work", withIntermediateDirectories: false)
        let before = PathFingerprint.of(dir, excluding: ["\(dir)/work"])
        try "ref".write(toFile: "\(dir)/.git/HEAD", atomically: false, encoding: .utf8)
        try "log".write(toFile: "\(dir)/work/build.log", atomically: false, encoding: .utf8)
        #expect(PathFingerprint.of(dir, excluding: ["\(dir)/work"]) == before)
    }

    @Test func missingPathHasAFixedFingerprint() {
        #expect(PathFingerprint.of("/nonexistent/odroid-build/fingerprint") == "missing")
    }
}
