import OdroidCore

/// Carries out a plan for real. The executor is being built (issue 3); until it lands, the build
/// command without --dry-run says so instead of pretending.
struct BuildRun {
    var profile: ResolvedProfile
    var plan: Plan
    var templates: TemplateStore
    var json: Bool

    func execute() throws {
        throw CLIError.failed(phase: "building", "running the plan is not implemented yet; use --dry-run or --emit-script")
    }
}
