import OdroidCore

/// The boot-partition install, supplied by the caller (the CLI wires BootPartition's installer in), so the
/// executor stays free of boot-partition code. Throwing fails the step; nothing is installed unless every
/// step before it succeeded, because the executor stops at the first failure.
public protocol InstallStep: Sendable {
    /// Installs `spec` (files first, boot script last); `log` appends a line to the step's log file.
    func install(_ spec: InstallSpec, kernelRelease: String?, log: @Sendable (String) -> Void) throws

    /// Whether the boot partition already holds exactly this install, so an unchanged step may be skipped.
    func holds(_ spec: InstallSpec) -> Bool
}

extension InstallStep {
    /// By default an install whose inputs are unchanged is taken to be in place.
    public func holds(_ spec: InstallSpec) -> Bool { true }
}
