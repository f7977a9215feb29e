import BuildExecutor
import Foundation
import OdroidCore
import Testing
import TestSupport

/// doctor's question to each distcc host, at the process seam: the probe compiles with local fallback off and
/// reads which compiler compiled; a refusing host's answer is distcc's cause, not its effect.
@Suite("Asking distcc hosts", .tags(.pure))
struct DistccProbeTests {
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("distcc-probe-\(UUID().uuidString.prefix(8))").path
    static let compiler = "arm-linux-gnueabihf-gcc"

    static func comment(_ text: String) -> String { "\nString dump of section '.comment':\n  [     1]  \(text)\n\n" }

    @Test func eachRemoteHostCompilesWithoutFallbackAndNamesItsCompiler() throws {
        defer { try? FileManager.default.removeItem(atPath: Self.scratch) }
        let hosts = try DistccHosts.parse("localhost 127.0.0.2:3632/2 far/4").get()
        let runner = ScriptedRunner([
            .exits([Self.compiler, "-c", "probe.c", "-o", "local.o"]),
            .exits(["readelf", "-p", ".comment", "local.o"], stdout: Self.comment("GCC: (Debian 12.2.0-14) 12.2.0")),
            .exits(["distcc", Self.compiler, "-c", "probe.c", "-o", "host-0.o"]),
            .exits(["readelf", "-p", ".comment", "host-0.o"], stdout: Self.comment("GCC: (Debian 12.2.0-14) 12.2.0")),
            .exits(
                ["distcc", Self.compiler, "-c", "probe.c", "-o", "host-1.o"], status: 116,
                stderr: """
                    distcc[1] ERROR: nonblocking connect to 10.0.0.4:3632 failed: No route to host
                    distcc[1] (dcc_build_somewhere) ERROR: failed to distribute and fallbacks are disabled
                    """),
        ])
        let probe = DistccProbe(runner: runner, compiler: Self.compiler, scratch: Self.scratch)
        #expect(probe.localCompiler() == "GCC: (Debian 12.2.0-14) 12.2.0")
        let answers = probe.ask(hosts)
        #expect(answers.map(\.host) == ["127.0.0.2:3632/2", "far/4"], "localhost is not asked")
        #expect(answers[0].compiler == "GCC: (Debian 12.2.0-14) 12.2.0")
        #expect(answers[1].problem == "No route to host")
        let distcc = runner.received.filter { $0.program == "distcc" }
        #expect(distcc.allSatisfy { $0.environment["DISTCC_FALLBACK"] == "0" })
        #expect(distcc.map { $0.environment["DISTCC_HOSTS"] } == ["127.0.0.2:3632/2", "far/4"])
        #expect(distcc.allSatisfy { $0.environment["DISTCC_DIR"] == "\(Self.scratch)/state" })
    }

    @Test func anotherCompilerOnAHostIsSeenInItsObject() throws {
        defer { try? FileManager.default.removeItem(atPath: Self.scratch) }
        let runner = ScriptedRunner([
            .exits(["distcc", Self.compiler, "-c", "probe.c", "-o", "host-0.o"]),
            .exits(["readelf", "-p", ".comment", "host-0.o"], stdout: Self.comment("GCC: (Ubuntu 11.4.0-1ubuntu1) 11.4.0")),
        ])
        let answers = DistccProbe(runner: runner, compiler: Self.compiler, scratch: Self.scratch).ask(try DistccHosts.parse("old").get())
        #expect(answers.first?.compiler == "GCC: (Ubuntu 11.4.0-1ubuntu1) 11.4.0")
    }
}
