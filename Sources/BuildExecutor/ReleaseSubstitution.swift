import CommandValues
import OdroidCore
import OdroidProcess

/// Fills `${KERNELRELEASE}` (the value `make kernelrelease` printed) into a step's arguments, environment,
/// inputs and outputs just before it runs; the plan keeps the placeholder so it can be printed before any build.
enum ReleaseSubstitution {
    static let placeholder = "${\(Plan.kernelReleaseVariable)}"

    static func apply(_ release: String?, to step: PlanStep) -> PlanStep {
        guard let release else { return step }
        func fill(_ s: String) -> String { s.replacingOccurrences(of: placeholder, with: release) }
        func fill(_ c: Command) -> Command {
            Command(c.argv.map(fill), environment: c.environment.mapValues(fill), workingDirectory: c.workingDirectory.map(fill))
        }
        var result = step
        result.inputs = step.inputs.map(fill)
        result.outputs = step.outputs.map(fill)
        switch step.action {
        case .run(let command): result.action = .run(fill(command))
        case .capture(let command, let variable): result.action = .capture(fill(command), variable: variable)
        case .cpioArchive(let directory, let output): result.action = .cpioArchive(directory: fill(directory), output: fill(output))
        case .busyboxInitramfs(var initramfs):
            initramfs.output = fill(initramfs.output)
            result.action = .busyboxInitramfs(initramfs)
        case .installIntoRoot(var install):
            install.release = fill(install.release)
            install.stagedModules = fill(install.stagedModules)
            result.action = .installIntoRoot(install)
        case .targetInitramfs(var initramfs):
            initramfs.release = fill(initramfs.release)
            initramfs.command = fill(initramfs.command)
            result.action = .targetInitramfs(initramfs)
        case .renderBootScripts, .install: break
        }
        return result
    }

    /// Whether the step still mentions the placeholder (it needs a release that nothing provided).
    static func needsRelease(_ step: PlanStep) -> Bool {
        let text = "\(step)"
        return text.contains(placeholder)
    }
}
