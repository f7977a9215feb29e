@testable import BuildExecutor
import CommandValues
import OdroidCore
import Testing
import TestSupport

/// ccache's own variables choose how a unit is compiled, not what comes out: they never change a step's
/// fingerprint (so turning on the shared base directory rebuilds nothing), while a variable that changes
/// the output (ARCH) always does.
@Suite("Cache-policy variables stay out of the fingerprints", .tags(.pure))
struct CachePolicyFingerprintTests {
    static func parts(_ environment: [String: String]) -> [String: String] {
        let command = Command(["make", "-C", "/nonexistent-src", "-j2", "zImage"], environment: environment)
        let step = PlanStep(id: "build", title: "compile", action: .run(command), privileged: false, inputs: [], outputs: [])
        var keys = StepKeys(environment: [:], cache: FingerprintCache(excluding: []))
        return keys.parts(for: step, actionText: "run \(CachePolicyVariables.fingerprinted(command).shellLine)")
    }

    @Test func ccacheVariablesDoNotCount() {
        let plain = Self.parts(["ARCH": "arm"])
        #expect(Self.parts(["ARCH": "arm", "CCACHE_BASEDIR": "/w", "CCACHE_NOHASHDIR": "1"]) == plain)
        #expect(Self.parts(["ARCH": "arm", "CCACHE_BASEDIR": "/elsewhere"]) == plain)
    }

    @Test func outputVariablesDo() {
        #expect(Self.parts(["ARCH": "arm64"]) != Self.parts(["ARCH": "arm"]))
        #expect(Self.parts(["ARCH": "arm", "CCACHEX": "1"]) != Self.parts(["ARCH": "arm"]), "only the CCACHE_ prefix is policy")
    }
}
