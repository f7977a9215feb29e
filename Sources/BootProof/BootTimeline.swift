/// The phases of one boot, from u-boot's banner to the init marker, read from its console. Host times are
/// seconds since QEMU started (stamped as lines arrived); kernel times are the printk timestamps the kernel
/// printed itself (seconds since the kernel's clock started, shortly after "Starting kernel").
public struct BootTimeline: Sendable, Codable, Hashable {
    public var phases: [BootPhase]
    public var fileLoads: [FileLoad]
    public var subsystems: [SubsystemFirstSeen]
    /// Per-initcall timings, present when the kernel ran with `initcall_debug` (and a loglevel showing them).
    public var initcalls: [InitcallTiming]

    public init(phases: [BootPhase], fileLoads: [FileLoad], subsystems: [SubsystemFirstSeen], initcalls: [InitcallTiming]) {
        self.phases = phases
        self.fileLoads = fileLoads
        self.subsystems = subsystems
        self.initcalls = initcalls
    }

    public func phase(_ kind: BootPhase.Kind) -> BootPhase? { phases.first { $0.kind == kind } }
}

/// One milestone of a boot.
public struct BootPhase: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case uBootStart = "u-boot start"
        case autobootEnd = "autoboot countdown over"
        case bootFileFound = "boot file found"
        case scriptStart = "script start"
        case kernelImageChecked = "kernel image checked"
        case kernelStart = "starting kernel"
        case firstKernelMessage = "first kernel message"
        case initStart = "init reached"
        case marker = "marker"
        case powerOff = "power off"
    }

    public var kind: Kind
    public var hostSeconds: Double?
    /// The printk time, for kernel phases.
    public var kernelSeconds: Double?
    /// The console line that marks it.
    public var line: String
}

/// A file u-boot loaded: from its `N bytes read in M ms (R MiB/s)` line, or from extlinux's
/// `Retrieving file: /zImage` (which this u-boot prints without a size).
public struct FileLoad: Sendable, Codable, Hashable {
    /// The file's name when the console says it (distro boot's "Found U-Boot script /boot.scr", extlinux's
    /// "Retrieving file: /uImage"); a plain `fatload` in a script prints no name.
    public var name: String?
    public var bytes: Int?
    public var milliseconds: Int?
    public var hostSeconds: Double?
}

/// The first time a kernel subsystem or driver printed something, with how many lines it printed.
public struct SubsystemFirstSeen: Sendable, Codable, Hashable {
    /// The prefix the kernel printed (`NET`, `psci`, `virtio_blk`, `rtc-pl031`).
    public var name: String
    public var kernelSeconds: Double
    public var hostSeconds: Double?
    public var lineCount: Int
    /// The first line it printed, without the timestamp.
    public var firstLine: String
}

/// One initcall's duration from an `initcall_debug` line (`initcall foo+0x0/0x40 returned 0 after 12 usecs`).
public struct InitcallTiming: Sendable, Codable, Hashable {
    public var function: String
    public var returned: Int
    public var microseconds: Int
    /// printk time of the `returned` line (the initcall's end).
    public var kernelSeconds: Double?
}
