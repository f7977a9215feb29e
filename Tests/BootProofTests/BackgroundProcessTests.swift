import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

@Suite("Background children: watched, polled and stopped", .tags(.realProcess))
struct BackgroundProcessTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var items: [String] = []
        func add(_ line: String) { lock.withLock { items.append(line) } }
        var all: [String] { lock.withLock { items } }
    }

    @Test func runningChildIsPolledThenTerminatedWithItsOutputLogged() throws {
        let dir = try ProofWorkspace.directory("background")
        let lines = Lines()
        let process = try SpawnRunner().startBackground(
            Command(["sh", "-c", "echo first; sleep 30"]), logPath: dir + "/log", onLine: { lines.add($0) })
        #expect(process.isRunning)
        var waited = 0
        while lines.all.isEmpty, waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(lines.all == ["first"])
        #expect(RunningChildren.shared.current.contains(process.pid))
        #expect(process.terminate() == .signaled(SIGTERM))
        #expect(!process.isRunning)
        #expect(!RunningChildren.shared.current.contains(process.pid))
        #expect(process.elapsedSeconds < 10)
        let log = try String(contentsOfFile: dir + "/log", encoding: .utf8)
        #expect(log == "$ sh -c 'echo first; sleep 30'\nfirst\n")
    }

    @Test func childThatEndsByItselfReportsItsExitAndLastPartialLine() throws {
        let dir = try ProofWorkspace.directory("background-exit")
        let lines = Lines()
        let process = try SpawnRunner().startBackground(
            Command(["sh", "-c", "echo a; printf '=> '; exit 3"]), logPath: dir + "/log", onLine: { lines.add($0) })
        #expect(process.wait() == .exited(3))
        #expect(process.terminate() == .exited(3))
        #expect(lines.all == ["a", "=> "])
    }

    @Test func missingProgramThrows() throws {
        let dir = try ProofWorkspace.directory("background-missing")
        #expect(throws: ProcessError.executableNotFound("no-such-program-odroid")) {
            try SpawnRunner().startBackground(Command(["no-such-program-odroid"]), logPath: dir + "/log")
        }
    }
}
