@testable import BuildExecutor
import CommandValues
import OdroidCore
import Testing
import TestSupport

/// ccache's own variables choose how a unit is compiled, not what comes out: they never change a step's
/// fingerprint (so turning on the shared base directory rebuilds nothing), while a variable that changes
/// the output (ARCH) always does. `StepKeys` alone takes them out: the description it is handed here
/// spells out the whole action, environment included, as a description that filtered nothing would.
@Suite("Cache-policy variables stay out of the fingerprints", .tags(.pure))
struct CachePolicyFingerprintTests {
    static func step(_ environment: [String: String], capture: Bool = false) -> PlanStep {
        let command = Command(["make", "-C", "/nonexistent-src", "-j2", "zImage"], environment: environment)
        return PlanStep(
            id: "build", title: "compile", action: capture ? .capture(command, variable: "V") : .run(command),
            privileged: false, inputs: [], outputs: [])
    }

    static func key(_ environment: [String: String], capture: Bool = false) -> String {
        var keys = StepKeys(environment: [:], cache: FingerprintCache(excluding: []))
        return StepKeys.key(keys.parts(for: step(environment, capture: capture)) { "\($0.action)" })
    }

    @Test func ccacheVariablesDoNotChangeTheFingerprint() {
        let plain = Self.key(["ARCH": "arm"])
        #expect(Self.key(["ARCH": "arm", "CCACHE_BASEDIR": "/w", "CCACHE_NOHASHDIR": "1"]) == plain)
        #expect(Self.key(["ARCH": "arm", "CCACHE_BASEDIR": "/elsewhere"]) == plain)
        #expect(
            Self.key(["ARCH": "arm", "CCACHE_DIR": "/c"], capture: true) == Self.key(["ARCH": "arm"], capture: true), "capture steps too")
    }

    @Test func distccsVariablesAndMakesJobCountDoNotChangeTheFingerprint() {
        let plain = Self.key(["ARCH": "arm"])
        #expect(Self.key(["ARCH": "arm", "DISTCC_HOSTS": "a/4 b/8", "DISTCC_DIR": "/w/distcc", "DISTCC_LOG": "/w/l"]) == plain)
        #expect(Self.key(["ARCH": "arm", "CCACHE_PREFIX": "distcc", "DISTCC_HOSTS": "c"]) == plain)
        var keys = StepKeys(environment: [:], cache: FingerprintCache(excluding: []))
        let sixteen = PlanStep(
            id: "build", title: "compile",
            action: .run(Command(["make", "-C", "/nonexistent-src", "-j16", "zImage"], environment: ["ARCH": "arm"])),
            privileged: false, inputs: [], outputs: [])
        #expect(StepKeys.key(keys.parts(for: sixteen) { "\($0.action)" }) == plain, "-j2 and -j16 build the same")
        #expect(StepKeys.isJobCount("-j16") && StepKeys.isJobCount("-j") && !StepKeys.isJobCount("-jx") && !StepKeys.isJobCount("-k"))
    }

    @Test func otherVariablesDo() {
        #expect(Self.key(["ARCH": "arm64"]) != Self.key(["ARCH": "arm"]))
        #expect(Self.key(["ARCH": "arm", "LOCALVERSION": "-x"]) != Self.key(["ARCH": "arm"]))
        #expect(Self.key(["ARCH": "arm", "CCACHEX": "1"]) != Self.key(["ARCH": "arm"]), "only the CCACHE_ prefix is policy")
    }

    @Test func theDescriptionIsHandedTheStepWithoutThem() {
        var seen: [PlanStep] = []
        var keys = StepKeys(environment: [:], cache: FingerprintCache(excluding: []))
        _ = keys.parts(for: Self.step(["ARCH": "arm", "CCACHE_BASEDIR": "/w"])) { step in
            seen.append(step)
            return ""
        }
        #expect(seen.map(\.command?.environment) == [["ARCH": "arm"]])
    }
}
