import ArgumentParser
import BootPartition
import Foundation
import OdroidCore
import OdroidProcess

/// Options of the kernel-management commands (list, default, rollback, remove, confirm), where the profile
/// is optional: without --profile the one recorded in the partition's manifest is used.
struct BootPartitionProfileOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Board profile (default: the one recorded on the boot partition for the kernel concerned).", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one profile value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("local"), help: ArgumentHelp("Local override file.", valueName: "file"))
    var localFile: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/.", valueName: "dir"))
    var dataDirectory: String?

    @Flag(name: .customLong("allow-non-fat"), help: "Write to a --boot directory that is not a FAT mount (or not mounted at all).")
    var allowNonFAT = false

    /// The explicit profile, or `recorded` (from the manifest).
    func options(recorded: String?) throws -> ProfileRequest {
        guard let name = profile ?? recorded else {
            throw CLIError.usage("no --profile given and the boot partition records none; pass --profile")
        }
        return ProfileRequest(profile: name, overrides: overrides, localFile: localFile, dataDirectory: dataDirectory)
    }
}

/// Opening the boot partition a command names and turning its errors into the CLI's exit codes.
enum BootPartitionAccess {
    static let runner = SpawnRunner()

    /// `--boot`/`--boot-image`, else the profile's boot.mount.
    static func target(_ options: BootTargetOptions, profile: ResolvedProfile?) throws -> PlanOptions.BootTarget {
        if let bootDirectory = options.bootDirectory { return .mounted(path: absolute(bootDirectory)) }
        if let image = options.bootImage { return .image(path: absolute(image), offset: options.offset ?? 0) }
        if let profile { return .mounted(path: profile.boot.mount) }
        throw CLIError.usage("name the boot partition with --boot DIR or --boot-image FILE (or pass --profile to use its boot.mount)")
    }

    static func open(_ options: BootTargetOptions, profile: ResolvedProfile?, allowNonFAT: Bool) throws -> any BootPartition {
        let target = try target(options, profile: profile)
        return try mapped(.opening("the boot partition")) {
            try BootPartitionOpening.open(target, partition: options.partition, allowNonFAT: allowNonFAT, runner: runner)
        }
    }

    /// Runs `body`, reporting a BootPartitionError as a usage error (exit 2) or a failed `phase` (exit 1).
    static func mapped<T>(_ phase: FailurePhase, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BootPartitionError {
            if error.isBadInput { throw CLIError.usage(error.description) }
            throw CLIError.failed(phase: phase, error.description)
        }
    }

    /// The manifest of an opened partition (empty when there is none).
    static func manifest(_ partition: any BootPartition) throws -> BootManifest {
        try mapped(.reading("the manifest")) {
            guard let data = try partition.readIfPresent(BootManifest.fileName) else { return BootManifest() }
            return try BootManifest.decode(data, file: "\(partition.location):\(BootManifest.fileName)")
        }
    }

    /// The manager for a partition, with the profile given or recorded for `version` (else the latest install).
    static func manager(_ partition: any BootPartition, options: BootPartitionProfileOptions, version: String? = nil) throws
        -> KernelManager
    {
        // Read directly rather than through readIfPresent, which lists the root (tens of thousands of files on a
        // partition of many kernels) to see whether the manifest is there; both backends say .notFound.
        let recorded: String? = try mapped(.reading("the manifest")) { () throws -> String? in
            guard options.profile == nil else { return nil }
            let data: Data
            do {
                data = try partition.read(BootManifest.fileName)
            } catch BootPartitionError.notFound {
                return nil
            }
            let profiles = try RecordedProfiles.read(data, file: "\(partition.location):\(BootManifest.fileName)")
            return version.flatMap { profiles.profile(for: $0) } ?? profiles.profile(for: nil)
        }
        let profileOptions = try options.options(recorded: recorded)
        let profile = try profileOptions.resolve()
        let maker = BootScriptMaker(profile: profile, templates: try profileOptions.templates(), runner: runner)
        return KernelManager(partition: partition, scripts: maker) { Terminal.error("odroid-build: \($0)") }
    }
}
