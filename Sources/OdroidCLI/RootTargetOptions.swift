import ArgumentParser
import Foundation
import OdroidCore
import RootFilesystem

/// Where the board's root filesystem is (the card's second partition): shared by build, install, remove,
/// verify and doctor. A whole-disk `--boot-image` brings its own (its only ext partition).
struct RootTargetOptions: ParsableArguments {
    @Option(
        name: .customLong("rootfs"),
        help: ArgumentHelp(
            "The board's root filesystem as a directory: the card's root partition mounted here, or / on the board itself. Modules and the initramfs are made for it; root= becomes its UUID.",
            valueName: "dir"))
    var rootDirectory: String?

    @Option(
        name: .customLong("root-partition"),
        help: ArgumentHelp(
            "Partition number of the root filesystem inside a whole-disk --boot-image (default: its only ext2/3/4 partition).",
            valueName: "n"))
    var rootPartition: Int?

    @Flag(
        name: .customLong("host-root-as-target"),
        help:
            "Treat this machine's own / as the board's root filesystem although the build cross-compiles (an ARM chroot): modules go into its /lib/modules and its own initramfs generator runs. Never implied."
    )
    var hostRootAsTarget = false

    func validate() throws {
        if rootDirectory != nil && hostRootAsTarget { throw ValidationError("--rootfs and --host-root-as-target exclude each other") }
        if let rootPartition, rootPartition < 1 || rootPartition > 4 {
            throw ValidationError("--root-partition must be 1 to 4 (MBR primary partitions)")
        }
    }

    /// The root filesystem these options (and `boot`) name, and its UUID when the profile leaves root= open.
    func choose(boot: BootTargetOptions, profile: ResolvedProfile, native: Bool) throws -> RootFilesystemOpening.Choice {
        if rootPartition != nil && boot.bootImage == nil {
            throw CLIError.usage("--root-partition needs --boot-image (a whole-disk image)")
        }
        let image = boot.bootImage.map(absolute).flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        do {
            return try RootFilesystemOpening.choose(
                directory: rootDirectory.map(absolute), bootImage: rootDirectory == nil ? image : nil, partition: rootPartition,
                hostRoot: native || hostRootAsTarget, needUUID: profile.rootNeedsUUID, runner: BootPartitionAccess.runner)
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}
