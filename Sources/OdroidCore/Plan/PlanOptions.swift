/// Everything a plan depends on besides the profile: the version asked for, the host, and where things go.
/// The CLI fills this from arguments and the machine (uname, nproc); tests pass fixed values.
public struct PlanOptions: Sendable {
    /// Where built files are installed: a mounted FAT directory or a FAT image (with a byte offset for a disk image).
    public enum BootTarget: Sendable, Equatable, Codable {
        case mounted(path: String)
        case image(path: String, offset: UInt64)
    }

    /// The board's root filesystem: a directory (`--rootfs DIR`, or `/` when this machine is the board) or
    /// the ext partition of a whole-disk image.
    public enum RootTarget: Sendable, Equatable, Codable {
        case mounted(path: String)
        case image(path: String, offset: UInt64, partition: Int?)

        /// This machine's own `/`.
        public var isHostRoot: Bool {
            if case .mounted(let path) = self { return path.split(separator: "/").filter { $0 != "." }.isEmpty }
            return false
        }
    }

    /// The version named by `--kernel`; it names files on the boot partition.
    public var kernelVersion: String
    public var workDirectory: String
    /// Shared cache for git clones.
    public var cacheDirectory: String
    /// `--source DIR`: a kernel tree that wins over the profile's source.
    public var sourceOverride: String?
    /// `uname -m` of the build host.
    public var hostArch: String
    /// false: `--host-arch` planned for another machine (the board itself, say) whose CPUs, tools and root
    /// filesystem this one cannot see; the plan is only printed or emitted as a script, never run here.
    public var hostIsThisMachine: Bool
    /// Parallel jobs when the profile says 0 (one per CPU).
    public var cpuCount: Int
    /// `--cross-compile PREFIX`.
    public var crossCompileOverride: String?
    /// `--ccache`: use ccache even when the profile does not ask for it.
    public var forceCCache: Bool
    /// Whether ccache is installed; when false a profile's wish for it is dropped with a note.
    public var ccacheInstalled: Bool
    /// `--distcc HOSTS`: compile on these distcc hosts instead of the profile's `kernel.distcc`.
    public var distccOverride: DistccHosts?
    /// nil: the profile's boot.mount.
    public var bootTarget: BootTarget?
    /// `--rootfs DIR` or a card image's ext partition; nil: this machine's `/` when it is the board (native),
    /// otherwise none.
    public var rootTarget: RootTarget?
    /// `--host-root-as-target`: this machine's own `/` is the board's root filesystem even though the build
    /// cross-compiles (an ARM chroot, say). Without it a cross build never writes the host's /lib/modules.
    public var hostRootIsTarget: Bool

    public init(
        kernelVersion: String, workDirectory: String, cacheDirectory: String, sourceOverride: String? = nil,
        hostArch: String, cpuCount: Int, crossCompileOverride: String? = nil, forceCCache: Bool = false,
        ccacheInstalled: Bool = true, bootTarget: BootTarget? = nil, rootTarget: RootTarget? = nil,
        hostRootIsTarget: Bool = false, distccOverride: DistccHosts? = nil, hostIsThisMachine: Bool = true
    ) {
        self.hostIsThisMachine = hostIsThisMachine
        self.distccOverride = distccOverride
        self.kernelVersion = kernelVersion
        self.workDirectory = workDirectory
        self.cacheDirectory = cacheDirectory
        self.sourceOverride = sourceOverride
        self.hostArch = hostArch
        self.cpuCount = cpuCount
        self.crossCompileOverride = crossCompileOverride
        self.forceCCache = forceCCache
        self.ccacheInstalled = ccacheInstalled
        self.bootTarget = bootTarget
        self.rootTarget = rootTarget
        self.hostRootIsTarget = hostRootIsTarget
    }

    /// Machines (`uname -m`) that build ARM kernels natively.
    public static let armHosts: Set<String> = ["armv7l", "armv6l", "armv8l", "arm"]

    /// Whether the plan builds natively: the host is ARM and no `--cross-compile` forces a cross build.
    public var buildsNatively: Bool { Self.armHosts.contains(hostArch) && crossCompileOverride == nil }

    /// A version becomes part of file names and u-boot commands: only these characters are allowed.
    public static func checkVersion(_ version: String) -> String? {
        if version.isEmpty { return "--kernel must not be empty" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+")
        if let bad = version.first(where: { !allowed.contains($0) }) {
            return "--kernel '\(version)' contains '\(bad)'; a version may hold letters, digits, '.', '-', '_' and '+' only"
        }
        if version.hasPrefix(".") || version.hasPrefix("-") { return "--kernel '\(version)' must start with a letter or digit" }
        return nil
    }
}
