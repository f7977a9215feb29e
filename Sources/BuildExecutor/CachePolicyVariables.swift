import CommandValues

/// Variables that choose how a step is computed, never what it produces: ccache's own (`CCACHE_BASEDIR`,
/// `CCACHE_NOHASHDIR`, ...). They stay out of the skip-if-unchanged fingerprints, so changing them rebuilds
/// nothing.
enum CachePolicyVariables {
    static let prefixes = ["CCACHE_"]

    static func isPolicy(_ name: String) -> Bool { prefixes.contains { name.hasPrefix($0) } }

    /// `command` as it counts for a fingerprint: without the policy variables.
    static func fingerprinted(_ command: Command) -> Command {
        var copy = command
        copy.environment = command.environment.filter { !isPolicy($0.key) }
        return copy
    }
}
