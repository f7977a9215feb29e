@testable import BuildExecutor
import CommandValues
import OdroidCore
import Foundation
import Testing

/// distcc's client log, as distcc 3.4 writes it (lines recorded from real runs on this machine).
@Suite("Reading distcc's log", .tags(.pure))
struct DistccReportTests {
    static let log = """
        distcc[15803] compile from t.c to d1.o
        distcc[15803] exec on 127.0.0.9/2: arm-linux-gnueabihf-gcc -O2 -c t.c -o d1.o
        distcc[15803] ERROR: nonblocking connect to 127.0.0.9:3632 failed: Connection refused
        distcc[15803] Warning: failed to distribute t.c to 127.0.0.9/2, running locally instead
        distcc[15803] exec on localhost: arm-linux-gnueabihf-gcc -O2 -c t.c -o d1.o
        distcc[15803] (dcc_collect_child) cc times: user 0.000000s, system 0.000000s, 0 minflt, 0 majflt
        distcc[15803] compile t.c on localhost completed ok
        distcc[15811] exec on 127.0.0.2:3632/2: arm-linux-gnueabihf-gcc -O2 -c u.c -o d2.o
        distcc[15811] 155 bytes from u.c compiled on 127.0.0.2 in 0.1454s, rate 1kB/s
        distcc[15811] compile u.c on 127.0.0.2:3632/2 completed ok
        distcc[15812] compile v.c on 127.0.0.3/2,lzo completed ok
        distcc[15813] compile w.c on 127.0.0.2:3632/2 completed ok
        distcc[15820] (dcc_build_somewhere) Warning: failed to distribute w.c to 127.0.0.9/2, running locally instead
        distcc[15820] compile w.c on localhost completed ok
        distcc[15830] (dcc_scan_args) no visible input file
        distcc[15830] compile (null) on localhost completed ok
        """

    @Test func unitsAreCountedPerHostAndFailuresNamed() {
        let report = DistccReport.parse(Self.log)
        #expect(report.remote.map(\.address) == ["127.0.0.2", "127.0.0.3"])
        #expect(report.remote.map(\.units) == [2, 1])
        #expect(report.local == 2)
        #expect(report.failed.map(\.address) == ["127.0.0.9"])
        #expect(report.failed.first?.times == 2)
        #expect(report.failed.first?.reason == "Connection refused")
        #expect(
            report.summary
                == "distcc: 3 units on 2 hosts (127.0.0.2 2, 127.0.0.3 1), 2 here; 127.0.0.9 failed 2 times (Connection refused)")
    }

    /// distcc 3.4 tries the next host after a refused connection: the failure counts once, the unit where it ran.
    @Test func aRefusedHostThenAnotherIsOneFailureAndARemoteUnit() {
        let report = DistccReport.parse(
            """
            distcc[9978] exec on 127.0.0.9:25633/1: arm-linux-gnueabihf-gcc -c -O1 -o main.o main.c
            distcc[9978] ERROR: nonblocking connect to 127.0.0.9:25633 failed: Connection refused
            distcc[9978] exec on 127.0.0.2:25633/1: arm-linux-gnueabihf-gcc -c -O1 -o main.o main.c
            distcc[9978] compile /w/build/init/main.c on 127.0.0.2:25633/1 completed ok
            """)
        #expect(report.failed == [DistccReport.Failure(address: "127.0.0.9", times: 1, reason: "Connection refused")])
        #expect(report.remote == [DistccReport.Host(address: "127.0.0.2", units: 1)])
        #expect(report.local == 0)
    }

    @Test func anEmptyLogSaysNothing() {
        #expect(DistccReport.parse("").isEmpty)
        #expect(DistccReport.parse("make: Nothing to be done\n").isEmpty)
    }

    /// The live count the progress line shows reads only what distcc appended, and only whole lines.
    @Test func theLiveCountFollowsTheLogAsItGrows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("distcc-live-\(UUID().uuidString.prefix(8)).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(StepActivity(estimate: nil).distccCounts == nil, "no distcc, no count")
        let activity = StepActivity(estimate: nil, distccLog: path)
        #expect(activity.distccCounts! == (0, 0), "no log yet")
        try Data("distcc[1] compile a.c on 127.0.0.2/2 completed ok\ndistcc[2] compile b.c on local".utf8).write(
            to: URL(fileURLWithPath: path))
        #expect(activity.distccCounts! == (1, 0))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        handle.write(
            Data("host completed ok\ndistcc[3] exec on 127.0.0.3/2: gcc\ndistcc[3] compile c.c on 127.0.0.3/2 completed ok\n".utf8))
        try handle.close()
        #expect(activity.distccCounts! == (2, 1))
        #expect(
            ReportText.activity(
                PlanStep(id: "build", title: "compile", action: .run(.init(["make"])), privileged: false, inputs: [], outputs: []), activity
            ).contains("(distcc: 2 on the hosts, 1 here)"))
    }
}
