import BuildExecutor
import Foundation
import OdroidCore
import OdroidProcess
import Testing
import TestSupport

/// The fixture kernel tree built through real distccd servers on loopback addresses: the servers' logs show the
/// jobs, the objects are a local build's byte for byte, a dead host in the list still builds (and is named), and
/// another host list rebuilds nothing.
@Suite("Distributed builds on real distccd servers", .tags(.realProcess), .serialized)
struct DistccBuildTests {
    /// What the fixture's compiles leave (the module's .o is an intermediate make deletes; its .ko is a copy).
    static let objects = ["init/main.o", "kernel/printk.o", "kernel/sched.o", "drivers/hello.ko"]

    private func hosts(_ text: String) throws -> DistccHosts {
        try DistccHosts.parse(text).get()
    }

    private func objectBytes(_ workspace: FixtureWorkspace) throws -> [String: Data] {
        var bytes: [String: Data] = [:]
        for object in Self.objects { bytes[object] = try Data(contentsOf: URL(fileURLWithPath: "\(workspace.work)/build/\(object)")) }
        return bytes
    }

    @Test func theTreeCompilesOnTheServersAndEqualsALocalBuild() throws {
        let servers = try DistccServers(addresses: ["127.0.0.2", "127.0.0.3"])
        let workspace = try FixtureWorkspace(overrides: ["kernel.jobs=0"])
        _ = try workspace.executor(options: { $0.until = "build" }).run()
        let local = try objectBytes(workspace)
        for object in Self.objects { try FileManager.default.removeItem(atPath: "\(workspace.work)/build/\(object)") }

        let plan = workspace.plan(distcc: try hosts(servers.hosts(limit: 2)))
        guard case .run(let make)? = plan.step("build")?.action else { Issue.record("no build step"); return }
        #expect(make.argv.contains("CC=distcc arm-linux-gnueabihf-gcc"))
        #expect(make.argv.contains("-j4"), "the servers' slots: \(make.argv)")
        let summary = try workspace.executor(plan: plan, options: { $0.until = "build" }).run()
        let report = try #require(summary.report("build")?.distcc, "the build step reports where its units compiled")
        let jobs = servers.completedJobs()
        #expect(jobs.values.reduce(0, +) == report.remoteUnits, "distccd's logs and the client's agree: \(jobs) vs \(report)")
        #expect(report.remoteUnits == Self.objects.count, "every unit compiled on a server: \(report)")
        #expect(report.local == 0)
        #expect(report.failed.isEmpty)
        #expect(try objectBytes(workspace) == local, "remote objects are the local ones byte for byte")
    }

    @Test func aDeadHostInTheListStillBuildsAndIsNamed() throws {
        let servers = try DistccServers(addresses: ["127.0.0.2"])
        let workspace = try FixtureWorkspace(overrides: ["kernel.jobs=1"])
        // Nothing listens on 127.0.0.9: distcc gives up on it and sends the unit to the next host (or compiles it here).
        let plan = workspace.plan(distcc: try hosts("127.0.0.9:\(servers.servers[0].port)/1 " + servers.hosts(limit: 1)))
        let summary = try workspace.executor(plan: plan, options: { $0.until = "build" }).run()
        let report = try #require(summary.report("build")?.distcc)
        #expect(summary.report("build")?.outcome == .ran(reason: "no successful run recorded"))
        let dead = try #require(report.failed.first, "\(report)")
        #expect(dead.address == "127.0.0.9")
        #expect(dead.reason.contains("refused"), "\(dead)")
        #expect(report.summary.contains("127.0.0.9 failed"))
        #expect(report.remoteUnits + report.local == Self.objects.count, "every unit compiled somewhere: \(report)")
    }

    @Test func anotherHostListRebuildsNothing() throws {
        let servers = try DistccServers(addresses: ["127.0.0.2", "127.0.0.3"])
        let workspace = try FixtureWorkspace(overrides: ["kernel.jobs=0"])
        let first = workspace.plan(distcc: try hosts(servers.hosts(limit: 2)))
        _ = try workspace.executor(plan: first, options: { $0.until = "build" }).run()
        // One server fewer, other slots (so another -j): the same build.
        let second = workspace.plan(distcc: try hosts("\(servers.servers[1].host)/3"))
        let again = try workspace.executor(plan: second, options: { $0.until = "build" }).run()
        #expect(again.report("build")?.outcome == .skipped, "\(String(describing: again.report("build")))")
    }

    @Test func doctorsProbeReachesEachServerAndNamesADeadOne() throws {
        let servers = try DistccServers(addresses: ["127.0.0.2", "127.0.0.3"])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let probe = DistccProbe(runner: SpawnRunner(), compiler: "arm-linux-gnueabihf-gcc", scratch: scratch)
        let local = try #require(probe.localCompiler())
        #expect(local.hasPrefix("GCC: "))
        let answers = probe.ask(try hosts(servers.hosts(limit: 2, extra: ["127.0.0.9:\(servers.servers[0].port)"])))
        #expect(answers.count == 3)
        #expect(answers[0].compiler == local && answers[1].compiler == local, "\(answers)")
        #expect(answers[2].problem?.contains("refused") == true, "\(answers)")
        #expect(servers.completedJobs().values.reduce(0, +) == 2, "one probe compile on each live server")
    }
}
