import ArgumentParser
import BuildExecutor
import CommandValues
import OdroidCore

/// `build --host-arch ARCH`: a plan for another machine (the board itself), printed or emitted as a script
/// that runs there. Options that name this machine's files make no sense in it and are refused.
extension BuildCommand {
    func validateHostArch() throws {
        guard let hostArch else { return }
        if let problem = HostArchitecture.problem(hostArch) { throw ValidationError(problem) }
        if !dryRun && emitScript == nil && hostArch != HostFacts.current.machine {
            throw ValidationError(
                "--host-arch \(hostArch) plans for another machine (this one is \(HostFacts.current.machine)): it only plans; add --dry-run, or --emit-script FILE and run that script there"
            )
        }
        let refused: [(Bool, String)] = [
            (
                target.bootImage != nil,
                "--boot-image (the board's boot partition is a directory there: the profile's boot.mount, or --boot DIR)"
            ),
            (root.rootDirectory != nil, "--rootfs (the board script builds for the board's own /)"),
            (root.rootPartition != nil, "--root-partition"),
            (root.hostRootAsTarget, "--host-root-as-target (the board's / is its own)"),
            (bootTest, "--boot-test"),
        ]
        if let (_, option) = refused.first(where: { $0.0 }) {
            throw ValidationError("--host-arch plans for the machine the script runs on; it excludes \(option)")
        }
    }

    /// The script for the machine `--host-arch` names; a plan it cannot run is refused (exit 2).
    func boardScript(_ plan: Plan, _ profile: ResolvedProfile, _ scripts: [String: String]) throws -> String {
        do {
            return try BoardScript(plan: plan, profile: profile, renderedScripts: scripts).render()
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}
