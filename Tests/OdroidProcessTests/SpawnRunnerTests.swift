import CommandValues
import Foundation
import OdroidProcess
import Testing

@Suite("SpawnRunner runs real processes without a shell", .tags(.realProcess))
struct SpawnRunnerTests {
    let runner = SpawnRunner()

    @Test func capturesStdoutAndStderrSeparately() throws {
        let result = try runner.run(Command(["sh", "-c", "echo out; echo err >&2; exit 3"]))
        #expect(result.termination == .exited(3))
        #expect(result.stdoutText == "out\n")
        #expect(result.stderrText == "err\n")
    }

    @Test func argumentsReachTheProgramUnchanged() throws {
        let tricky = ["a b", "$HOME", "'q'", "\"dq\"", ";", "`x`", ""]
        let result = try runner.run(Command(["printf", "[%s]\\n"] + tricky))
        #expect(result.stdoutText == tricky.map { "[\($0)]\n" }.joined())
    }

    @Test func environmentAndWorkingDirectoryApply() throws {
        let result = try runner.run(Command(["sh", "-c", "echo $FOO; pwd"], environment: ["FOO": "bar baz"], workingDirectory: "/tmp"))
        #expect(result.stdoutText == "bar baz\n/tmp\n")
    }

    @Test func missingProgramIsAnErrorNotACrash() {
        #expect(throws: ProcessError.executableNotFound("no-such-program-odroid")) {
            try runner.run(Command(["no-such-program-odroid"]))
        }
    }

    @Test func logModeWritesCommandLineThenOutputAndReportsLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-runner-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("step.log").path
        let seen = LineBox()
        let result = try runner.run(
            Command(["sh", "-c", "echo one; echo two >&2; printf three"]), output: .log(path: log, onLine: { seen.append($0) }))
        #expect(result.succeeded)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.hasPrefix("$ sh -c 'echo one; echo two >&2; printf three'\n"))
        #expect(text.contains("one\n") && text.contains("two\n") && text.hasSuffix("three"))
        #expect(seen.lines.sorted() == ["one", "three", "two"])
    }

    @Test func signalDeathIsReported() throws {
        let result = try runner.run(Command(["sh", "-c", "kill -TERM $$"]))
        #expect(result.termination == .signaled(15))
    }

    @Test func inputIsFedToStdin() throws {
        let result = try runner.run(Command(["cat"]), output: .capture, input: "hello\nworld")
        #expect(result.stdoutText == "hello\nworld")
    }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.withLock { storage.append(line) } }
    var lines: [String] { lock.withLock { storage } }
}
