import ArgumentParser
import BootPartition
import Foundation
import OdroidCore
import RootFilesystem

/// `odroid-build remove VERSION`: delete an installed kernel's files; never the one that boots. With the
/// card's root filesystem at hand (a whole-disk --boot-image, or --rootfs) its modules go too.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract:
            "Delete an installed kernel's files from the boot partition, and its modules from the root filesystem (refuses the kernel that boots)."
    )

    @Argument(help: "An installed kernel version (see `odroid-build list`).")
    var version: String

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    @Option(
        name: .customLong("rootfs"),
        help: ArgumentHelp(
            "The board's root filesystem as a directory, to remove the kernel's modules from (a whole-disk --boot-image brings its own).",
            valueName: "dir"))
    var rootDirectory: String?

    @Option(
        name: .customLong("root-partition"),
        help: ArgumentHelp("Partition number of the root filesystem inside a whole-disk --boot-image.", valueName: "n"))
    var rootPartition: Int?

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manager = try BootPartitionAccess.manager(boot, options: profileOptions, version: version)
            let before = try BootPartitionAccess.manifest(boot)
            let root = try RootTargetAccess.open(directory: rootDirectory, boot: target, partition: rootPartition)
            try BootPartitionAccess.mapped(.removing(version)) { try manager.remove(version) }
            Terminal.out("removed \(version) from \(boot.location)\n")
            guard let removed = before.kernel(version) else { return }
            guard let root else {
                if removed.release != nil {
                    Terminal.error(
                        "odroid-build: its modules stay where they are: no root filesystem given (--rootfs DIR, or the card's whole-disk --boot-image)"
                    )
                }
                return
            }
            let remaining = before.kernels.filter { $0.version != removed.version }
            let outcome = try RootTargetAccess.mapped(.removing("the modules of \(version)")) {
                try KernelModulesRemoval(filesystem: root, progress: { Terminal.error("odroid-build: \($0)") }).removeModules(
                    of: removed, remaining: remaining)
            }
            switch outcome {
            case .removed(let release, let path): Terminal.out("removed the modules of \(release) (\(path)) from \(root.location)\n")
            case .kept(let why): Terminal.out("kept the modules of \(removed.release ?? version) on \(root.location): \(why)\n")
            }
        }
    }
}
