import OdroidCore

/// The busybox initramfs maker, supplied by the caller (the CLI wires in BootProof's apt fetch of
/// busybox-static and its archive builder), so the executor stays free of package and boot-proof code.
public protocol BusyboxInitramfsMaking: Sendable {
    /// Writes the gzip'd cpio archive for `initramfs` to `output` (a temporary name the executor renames into
    /// place once complete); `log` appends a line to the step's log file.
    func make(_ initramfs: BusyboxInitramfs, output: String, log: @Sendable (String) -> Void) throws
}
