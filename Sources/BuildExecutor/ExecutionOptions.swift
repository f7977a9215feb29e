import Foundation

/// How a plan is carried out: which steps are forced or stopped at, how root is obtained, what the
/// environment is. The plan says what to do; these say how this run treats it.
public struct ExecutionOptions: Sendable {
    /// `--force`: run every step even when its inputs are unchanged.
    public var force = false
    /// `--rebuild STEP`: run these steps even when unchanged.
    public var rebuild: Set<String> = []
    /// `--until STEP`: run up to and including this step, then stop successfully.
    public var until: String?
    /// `--verbose`: hand every output line of the tools to the progress reporter.
    public var verbose = false
    /// Command that runs a privileged step as root when the tool is not root (`sudo`, `doas`, ...).
    public var elevation: [String] = ["sudo"]
    /// Whether this process runs as root (privileged steps then run directly).
    public var isRoot = geteuid() == 0
    /// The environment children inherit; variables that change a kernel build are part of each step's
    /// fingerprint, and PATH finds the tools.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// This run's command line, written into the lock so a second run can name the first.
    public var commandLine: String = CommandLine.arguments.joined(separator: " ")
    /// Lines of a failed step's log repeated on stderr.
    public var logTailLines = 25
    /// Check for missing tools before the first step.
    public var checkTools = true

    public init() {}
}
