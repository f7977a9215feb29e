import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// What a step's result depends on, as named digests: its action (argv, working directory), the environment
/// that reaches it, the identity of each tool it runs, and the stat fingerprint of each input path.
/// Two runs with equal parts would do the same work, so the second is skipped.
struct StepKeys {
    /// Inherited variables that change what a kernel build or install produces.
    static let relevantVariables = [
        "ARCH", "CROSS_COMPILE", "LLVM", "CC", "LOCALVERSION", "KCFLAGS", "KCPPFLAGS", "KAFLAGS", "KBUILD_BUILD_TIMESTAMP",
        "KBUILD_BUILD_USER", "KBUILD_BUILD_HOST", "KBUILD_BUILD_VERSION", "INSTALL_MOD_STRIP", "SOURCE_DATE_EPOCH",
    ]

    var environment: [String: String]
    let cache: FingerprintCache
    private var tools: [String: String] = [:]

    init(environment: [String: String], cache: FingerprintCache) {
        self.environment = environment
        self.cache = cache
    }

    /// Variables that choose how a step is computed, never what it produces: ccache's own (`CCACHE_BASEDIR`,
    /// `CCACHE_NOHASHDIR`, `CCACHE_PREFIX`, ...) and distcc's (`DISTCC_HOSTS`, `DISTCC_DIR`, `DISTCC_LOG`). They
    /// are taken out of a step's command before anything of it is fingerprinted, so changing them rebuilds
    /// nothing; so is make's `-jN` (how many at once, which the distcc hosts' slots or the CPU count decide).
    static let cachePolicyPrefixes = ["CCACHE_", "DISTCC_"]

    /// make's parallelism argument (`-j8`), which never changes what is built.
    static func isJobCount(_ argument: String) -> Bool {
        argument.hasPrefix("-j") && argument.dropFirst(2).allSatisfy(\.isNumber)
    }

    static func isCachePolicy(_ name: String) -> Bool { cachePolicyPrefixes.contains { name.hasPrefix($0) } }

    /// `step` as it counts for a fingerprint: its command without the cache-policy variables.
    static func fingerprinted(_ step: PlanStep) -> PlanStep {
        var copy = step
        func strip(_ command: Command) -> Command {
            var stripped = command
            stripped.environment = command.environment.filter { !isCachePolicy($0.key) }
            if command.program == "make" { stripped.argv = [command.argv[0]] + command.argv.dropFirst().filter { !isJobCount($0) } }
            return stripped
        }
        switch step.action {
        case .run(let command): copy.action = .run(strip(command))
        case .capture(let command, let variable): copy.action = .capture(strip(command), variable: variable)
        default: break
        }
        return copy
    }

    /// All parts of `step`. `describe` says what a step's action does (`PreparedAction`'s description); it is
    /// handed the step without its cache-policy variables.
    mutating func parts(for planned: PlanStep, describedBy describe: (PlanStep) -> String) -> [String: String] {
        let step = Self.fingerprinted(planned)
        var parts = ["action": PathFingerprint.digest(describe(step))]
        var variables: [String] = []
        for name in Self.relevantVariables { if let value = environment[name] { variables.append("inherited \(name)=\(value)") } }
        if let command = step.command {
            for name in command.environment.keys.sorted() { variables.append("\(name)=\(command.environment[name]!)") }
            for tool in ToolIdentity.tools(of: command, environment: environment) {
                if tools[tool] == nil { tools[tool] = ToolIdentity.of(tool, path: command.environment["PATH"] ?? environment["PATH"]) }
                parts["tool:\(tool)"] = PathFingerprint.digest(tools[tool]!)
            }
        }
        parts["environment"] = PathFingerprint.digest(variables.joined(separator: "\n"))
        for path in inputPaths(of: step) { parts["input:\(path)"] = cache.fingerprint(path) }
        return parts
    }

    /// Declared inputs plus those only known at run time.
    func inputPaths(of step: PlanStep) -> [String] {
        var paths = step.inputs
        if let command = step.command { paths += ImplicitInputs.paths(for: command) }
        return paths
    }

    /// The single key of a set of parts.
    static func key(_ parts: [String: String]) -> String {
        PathFingerprint.digest(parts.keys.sorted().map { "\($0)=\(parts[$0]!)" }.joined(separator: "\n"))
    }

    /// Names the parts that differ between a recorded run and now, for "rerun because …" messages.
    static func changes(from old: [String: String], to new: [String: String]) -> [String] {
        let names = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        return names.map { name in
            if name.hasPrefix("input:") { return URL(fileURLWithPath: String(name.dropFirst(6))).lastPathComponent + " changed" }
            if name.hasPrefix("tool:") { return String(name.dropFirst(5)) + " changed" }
            return name + " changed"
        }
    }
}

extension PlanStep {
    /// The external command of a run or capture step.
    var command: Command? {
        switch action {
        case .run(let command), .capture(let command, _): return command
        default: return nil
        }
    }
}
