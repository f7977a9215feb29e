import OdroidCore

/// The root-filesystem install of a plan (`rootfs-install`), supplied by the caller (the CLI wires the
/// RootFilesystem module in), so the executor stays free of root-filesystem code.
public protocol RootInstallStep: Sendable {
    /// Copies the staged modules and the kernel config into the root filesystem (temporary names, renamed into
    /// place); `log` appends a line to the step's log file.
    func install(_ install: RootInstall, log: @Sendable (String) -> Void) throws

    /// Whether the root filesystem already holds exactly this release's modules, so an unchanged step may be
    /// skipped (a recreated card image gets them again).
    func holds(_ install: RootInstall) -> Bool
}

/// Runs the board's initramfs generator where its programs belong: inside the board's root filesystem.
public protocol TargetInitramfsMaking: Sendable {
    /// Writes the initramfs to `output` (a temporary name the executor renames into place once complete).
    func make(_ initramfs: TargetInitramfs, output: String, log: @Sendable (String) -> Void) throws

    /// A digest of what the generator reads from the root filesystem besides the modules (its
    /// configuration, the installed packages, which filesystem it is): part of the step's fingerprint, so
    /// another card or an edited configuration makes a new initramfs.
    func inputsDigest(_ initramfs: TargetInitramfs) -> String
}
