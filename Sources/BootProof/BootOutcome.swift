import Foundation

/// How a boot proof ended.
public enum BootVerdict: String, Sendable, Codable, Hashable {
    /// The success pattern (the initramfs marker) appeared on the console.
    case markerSeen
    /// u-boot gave up and sat at its `=> ` prompt (distro boot found nothing bootable, or a script failed).
    case stoppedAtPrompt
    /// QEMU ended before the marker: a kernel panic with `panic=-1`, a reset (`-no-reboot`), or a QEMU error.
    case qemuExited
    /// The initramfs gave up looking for the root filesystem and sits at its shell.
    case initramfsShell
    /// Nothing decided within the timeout: typically a silent hang after "Starting kernel ...".
    case timedOut

    public var summary: String {
        switch self {
        case .markerSeen: return "marker seen"
        case .stoppedAtPrompt: return "u-boot stopped at its prompt"
        case .qemuExited: return "QEMU exited without the marker"
        case .initramfsShell: return "the initramfs dropped to its shell"
        case .timedOut: return "timed out"
        }
    }
}

/// The result of one boot under QEMU, as data: the verdict, how long it took, where the console log is,
/// and the u-boot or kernel errors recognised in it.
public struct BootOutcome: Sendable, Codable {
    public var verdict: BootVerdict
    /// Host seconds from QEMU's start to the verdict (to the marker line on success).
    public var wallSeconds: Double
    /// The raw console log (first line: the QEMU command); its host-timed twin is `<log>.times`.
    public var logPath: String
    /// QEMU's own end (`exit status 0`, `killed by signal 15`).
    public var qemuTermination: String
    /// Every recognised error line, in console order.
    public var errors: [RecognisedBootError]
    /// The console lines with host arrival times.
    public var lines: [ConsoleLine]
    /// The host's monotonic clock (ns) at which the line times start, to place console lines on a boot trace.
    public var consoleClockStartNanoseconds: UInt64?

    public var succeeded: Bool { verdict == .markerSeen }

    /// The first recognised error: usually the cause (a missing file, a bad CRC) with the later ones its
    /// consequences (`Wrong Image Format`, `SCRIPT FAILED`).
    public var cause: RecognisedBootError? { errors.first }
    /// The last recognised error before the boot ended.
    public var lastError: RecognisedBootError? { errors.last }
}
