import BuildExecutor
import CommandValues
import Foundation
import OdroidProcess
import Testing
import TestSupport

/// A real slice of Debian's linux-source-6.1 (lib/math/, after kbuild's own prepare) built by the tool through
/// two distccd servers on loopback: the servers' logs show the jobs, the tool's summary counts them, and the
/// objects equal a local build's byte for byte (qemu-virt's lean configuration has no debug information, which
/// would name each server's working directory).
@Suite("A kernel slice through real distccd servers", .tags(.kernel), .enabled(if: SlowTests.enabled), .serialized)
struct DistccKernelSliceTests {
    static let work = "\(KernelBuildTests.base)/odroid-build-distcc-slice"
    static let slice = "lib/math/"

    private func objects() throws -> [String: Data] {
        let directory = "\(Self.work)/build/\(Self.slice)"
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".o") {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
        }
        return result
    }

    private func build(_ extra: [String]) throws -> ProcessResult {
        let arguments = [
            CommandLineRunTests.binary, "--profile", "qemu-virt", "--kernel", "6.1", "--work-dir", Self.work, "--data-dir", Repository.root,
            "--until", "build", "--set", "kernel.ccache=false", "--set", "kernel.targets=[\"\(Self.slice)\"]",
        ]
        return try SpawnRunner().run(Command(arguments + extra), output: .capture)
    }

    @Test func theSliceCompilesOnTheServersAndEqualsALocalBuild() throws {
        let servers = try DistccServers(addresses: ["127.0.0.2", "127.0.0.3"])
        try? FileManager.default.removeItem(atPath: "\(Self.work)/build/\(Self.slice)")
        let remote = try build(["--distcc", servers.hosts(limit: 2)])
        #expect(remote.termination == .exited(0), "\(remote.stderrText)")
        let fromServers = try objects()
        #expect(fromServers.count >= 5, "\(fromServers.keys.sorted())")
        let jobs = servers.completedJobs().values.reduce(0, +)
        #expect(jobs >= fromServers.count, "every object of the slice compiled on a server: \(servers.completedJobs())")
        #expect(remote.stderrText.contains("distcc: \(jobs) units on 2 hosts"), "\(remote.stderrText)")

        try FileManager.default.removeItem(atPath: "\(Self.work)/build/\(Self.slice)")
        let local = try build([])
        #expect(local.termination == .exited(0), "\(local.stderrText)")
        let here = try objects()
        #expect(here.keys.sorted() == fromServers.keys.sorted())
        for (name, bytes) in here { #expect(fromServers[name] == bytes, "\(Self.slice)\(name) differs between distcc and a local compile") }
    }
}
