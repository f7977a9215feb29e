import Foundation
import OdroidCore
import OdroidProcess

/// Facts about the machine the plan runs on. A value, so a test plans for any host.
public struct HostFacts: Sendable, Equatable {
    /// `uname -m`.
    public var machine: String
    public var cpuCount: Int
    public var ccacheInstalled: Bool
    /// The per-user cache (~/.cache/odroid-build, or under XDG_CACHE_HOME): work directories and source clones.
    public var userCache: String
    /// Relative paths on the command line are taken against this directory.
    public var currentDirectory: String
    /// false when `machine` is another machine's (`--host-arch`): the plan is for it, and only printed here.
    public var isThisMachine: Bool

    public init(
        machine: String, cpuCount: Int, ccacheInstalled: Bool, userCache: String, currentDirectory: String, isThisMachine: Bool = true
    ) {
        self.isThisMachine = isThisMachine
        self.machine = machine
        self.cpuCount = cpuCount
        self.ccacheInstalled = ccacheInstalled
        self.userCache = userCache
        self.currentDirectory = currentDirectory
    }

    /// This machine, now.
    public static var current: HostFacts {
        var info = utsname()
        uname(&info)
        let machine = withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let environment = ProcessInfo.processInfo.environment
        let cacheBase = environment["XDG_CACHE_HOME"] ?? "\(environment["HOME"] ?? NSHomeDirectory())/.cache"
        return HostFacts(
            machine: machine, cpuCount: ProcessInfo.processInfo.activeProcessorCount,
            ccacheInstalled: ExecutableLookup.find("ccache") != nil,
            userCache: "\(cacheBase)/odroid-build", currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// These facts with the machine named by `--host-arch`: another machine when it differs from this one's
    /// `uname -m`. Its CPU count stays this machine's (a note says so; `kernel.jobs` gives the other's) and
    /// ccache counts as installed there (the emitted script checks its tools before the first step).
    public func planning(for arch: String?) -> HostFacts {
        guard let arch, arch != machine else { return self }
        var other = self
        other.machine = arch
        other.isThisMachine = false
        other.ccacheInstalled = true
        return other
    }

    /// A path made absolute against the current directory, so plans and logs never depend on where they are read.
    public func absolute(_ path: String) -> String { Self.absolute(path, in: currentDirectory) }

    /// `path` made absolute against `directory` (and standardized).
    public static func absolute(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    /// Whether this host builds ARM kernels itself (no `--cross-compile` forcing a cross build).
    public func buildsNatively(crossCompileOverride: String?) -> Bool {
        PlanOptions.armHosts.contains(machine) && crossCompileOverride == nil
    }
}

/// What a command asks to have planned: the one way `build`, `install`, `image create` and `doctor` turn
/// their options into a `Plan`. `install` and `image create` find the files a build made by planning the same
/// build (same work directory, same install step), never by re-parsing a command line.
public struct HostPlanRequest: Sendable {
    public var kernelVersion: String
    /// nil: `<user cache>/work/<profile>-<version>`.
    public var workDirectory: String?
    public var sourceOverride: String?
    public var crossCompileOverride: String?
    public var forceCCache: Bool
    public var bootTarget: PlanOptions.BootTarget?
    public var rootTarget: PlanOptions.RootTarget?
    public var hostRootIsTarget: Bool
    /// `--distcc HOSTS`, over the profile's `kernel.distcc`.
    public var distcc: DistccHosts?
    public var host: HostFacts

    public init(
        kernelVersion: String, workDirectory: String? = nil, sourceOverride: String? = nil, crossCompileOverride: String? = nil,
        forceCCache: Bool = false, bootTarget: PlanOptions.BootTarget? = nil, rootTarget: PlanOptions.RootTarget? = nil,
        hostRootIsTarget: Bool = false, distcc: DistccHosts? = nil, host: HostFacts = .current
    ) {
        self.distcc = distcc
        self.kernelVersion = kernelVersion
        self.workDirectory = workDirectory
        self.sourceOverride = sourceOverride
        self.crossCompileOverride = crossCompileOverride
        self.forceCCache = forceCCache
        self.bootTarget = bootTarget
        self.rootTarget = rootTarget
        self.hostRootIsTarget = hostRootIsTarget
        self.host = host
    }

    /// The options the core plans from: every path absolute, the host's facts filled in.
    public func options(for profile: ResolvedProfile) -> PlanOptions {
        let work = workDirectory ?? "\(host.userCache)/work/\(profile.name)-\(kernelVersion)"
        return PlanOptions(
            kernelVersion: kernelVersion, workDirectory: host.absolute(work), cacheDirectory: host.userCache,
            sourceOverride: sourceOverride.map(host.absolute), hostArch: host.machine, cpuCount: host.cpuCount,
            crossCompileOverride: crossCompileOverride, forceCCache: forceCCache, ccacheInstalled: host.ccacheInstalled,
            bootTarget: bootTarget.map { target in
                if case .image(let path, let offset) = target { return .image(path: host.absolute(path), offset: offset) }
                return target
            },
            rootTarget: rootTarget, hostRootIsTarget: hostRootIsTarget, distccOverride: distcc, hostIsThisMachine: host.isThisMachine)
    }

    public func plan(_ profile: ResolvedProfile) -> Plan {
        PlanBuilder(profile: profile, options: options(for: profile)).build()
    }
}

/// The files a build of one kernel version left in its work directory, found through the plan of that build:
/// what `install` and `image create` put on a partition without building again.
public struct BuiltKernel: Sendable {
    public var spec: InstallSpec
    /// `make kernelrelease`, read from the build tree (nil when the build has not got that far).
    public var release: String?
    /// The staging directory modules_install wrote to (INSTALL_MOD_PATH).
    public var modulesRoot: String
    /// The build's .config, when it is there.
    public var kernelConfig: String?
    /// Where the release was looked for (for a warning when it is missing).
    public var releaseFile: String

    public init(spec: InstallSpec, release: String?, modulesRoot: String, kernelConfig: String?, releaseFile: String) {
        self.spec = spec
        self.release = release
        self.modulesRoot = modulesRoot
        self.kernelConfig = kernelConfig
        self.releaseFile = releaseFile
    }

    /// The built files `plan`'s install step would install; nil when the plan has no install step.
    public static func locate(in plan: Plan) -> BuiltKernel? {
        guard case .install(let spec)? = plan.step("install")?.action else { return nil }
        let releaseFile = "\(plan.directories.build)/include/config/kernel.release"
        let release = (try? String(contentsOfFile: releaseFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let config = "\(plan.directories.build)/.config"
        return BuiltKernel(
            spec: spec, release: release?.isEmpty == false ? release : nil, modulesRoot: plan.directories.modules,
            kernelConfig: FileManager.default.fileExists(atPath: config) ? config : nil, releaseFile: releaseFile)
    }
}
