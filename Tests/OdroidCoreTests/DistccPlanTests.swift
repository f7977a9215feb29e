import CommandValues
import OdroidCore
import Testing
import TestSupport

/// How a plan compiles through distcc: the compiler wrapped (or ccache's prefix), the host list and distcc's
/// state in the environment, `-j` from the hosts' slots unless kernel.jobs says otherwise; kernel.distcc from a
/// profile or --set, refused with its key when distcc would misread it.
@Suite("Plans that compile through distcc", .tags(.pure))
struct DistccPlanTests {
    private func make(_ profile: ResolvedProfile, distcc: String? = nil, ccacheInstalled: Bool = true) throws -> Command {
        var options = Shipped.options(version: "3.12.3")
        options.distccOverride = try distcc.map { try DistccHosts.parse($0).get() }
        options.ccacheInstalled = ccacheInstalled
        let plan = PlanBuilder(profile: profile, options: options).build()
        guard case .run(let command)? = plan.step("build")?.action else { throw DistccPlanProblem() }
        return command
    }

    struct DistccPlanProblem: Error {}

    @Test func withoutCcacheTheCompilerIsDistccAndJobsAreTheSlots() throws {
        let command = try make(try Shipped.resolve("odroidxu"), distcc: "127.0.0.2/4 127.0.0.3/8")
        #expect(command.argv.contains("CC=distcc arm-linux-gnueabihf-gcc"))
        #expect(command.argv.contains("-j12"))
        #expect(command.environment["DISTCC_HOSTS"] == "127.0.0.2/4 127.0.0.3/8")
        #expect(command.environment["DISTCC_DIR"] == "/work/odroid/distcc")
        #expect(command.environment["DISTCC_LOG"] == "/work/odroid/logs/distcc.log")
        #expect(command.environment["CCACHE_PREFIX"] == nil)
    }

    @Test func behindCcacheDistccIsCcachesPrefix() throws {
        let command = try make(try Shipped.resolve("odroidxu", overrides: ["kernel.ccache=true"]), distcc: "box/6")
        #expect(command.argv.contains("CC=ccache arm-linux-gnueabihf-gcc"))
        #expect(!command.argv.contains { $0.hasPrefix("CC=distcc") })
        #expect(command.environment["CCACHE_PREFIX"] == "distcc")
        #expect(command.argv.contains("-j6"))
    }

    @Test func kernelJobsWinsOverTheSlots() throws {
        let command = try make(try Shipped.resolve("odroidxu", overrides: ["kernel.jobs=3"]), distcc: "box/16")
        #expect(command.argv.contains("-j3"))
    }

    @Test func theProfileKeyIsReadAndTheOptionWinsOverIt() throws {
        let profile = try Shipped.resolve("odroidxu", overrides: ["kernel.distcc=localhost farm/10"])
        #expect(profile.kernel.distcc?.slots == 12)
        #expect(try make(profile).environment["DISTCC_HOSTS"] == "localhost farm/10")
        #expect(try make(profile, distcc: "other/2").environment["DISTCC_HOSTS"] == "other/2")
        #expect(try make(try Shipped.resolve("odroidxu")).environment["DISTCC_HOSTS"] == nil, "no distcc unless asked")
    }

    @Test func aHostListDistccWouldMisreadIsADiagnosticAtItsKey() {
        do {
            _ = try Shipped.resolve("odroidxu", overrides: ["kernel.distcc=@far:/bin/sh"])
            Issue.record("accepted a remote command")
        } catch {
            #expect(error.items.first?.key == "kernel.distcc")
            #expect(error.description.contains("remote command"), "\(error)")
        }
    }
}
