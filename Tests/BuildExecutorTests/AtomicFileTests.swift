import BuildExecutor
import Foundation
import Testing

/// The one way the tool writes a local file: complete or not at all, never through a planted link, nothing
/// left behind on failure.
@Suite("Atomic files", .tags(.realProcess))
struct AtomicFileTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".partial-") }
    }

    @Test func writeReplacesTheWholeFileWithItsModeAndLeavesNoTemporary() throws {
        let path = "\(directory)/out.sh"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try AtomicFile.write(Data("#!/bin/sh\n".utf8), to: path, mode: 0o755)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "#!/bin/sh\n")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue == 0o755)
        #expect(try leftovers().isEmpty)
    }

    @Test func aWriteIntoAMissingDirectoryFailsNamingThePathAndLeavesNothing() throws {
        do {
            try AtomicFile.write(Data("x".utf8), to: "\(directory)/no/such/file")
            Issue.record("a write into a missing directory succeeded")
        } catch {
            #expect(error.description.contains("\(directory)/no/such/file"), "\(error)")
        }
        #expect(try leftovers().isEmpty)
    }

    @Test func aPartialFileAppearsOnlyWhenCommittedAndDiscardRemovesIt() throws {
        let final = "\(directory)/card.img"
        let partial = AtomicFile.Partial(finalPath: final)
        #expect(partial.path != final)
        #expect(
            URL(fileURLWithPath: partial.path).deletingLastPathComponent().path == directory,
            "same directory: the rename stays on one filesystem")
        try Data(count: 4096).write(to: URL(fileURLWithPath: partial.path))
        #expect(!FileManager.default.fileExists(atPath: final))
        try partial.commit()
        partial.discard()
        #expect(FileManager.default.fileExists(atPath: final))
        #expect(try leftovers().isEmpty)

        let abandoned = AtomicFile.Partial(finalPath: "\(directory)/other.img")
        try Data(count: 16).write(to: URL(fileURLWithPath: abandoned.path))
        abandoned.discard()
        #expect(try leftovers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/other.img"))
    }

    @Test func committingAFileThatWasNeverMadeFails() {
        let partial = AtomicFile.Partial(finalPath: "\(directory)/never.img")
        defer { partial.discard() }
        #expect(throws: ExecutionError.self) { try partial.commit() }
    }
}
