import ArgumentParser
import BootPartition
import OdroidCore

/// `odroid-build remove VERSION`: delete an installed kernel's files; never the one that boots.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete an installed kernel's files from the boot partition (refuses the kernel that boots).")

    @Argument(help: "An installed kernel version (see `odroid-build list`).")
    var version: String

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manager = try BootPartitionAccess.manager(boot, options: profileOptions, version: version)
            try BootPartitionAccess.mapped("removing \(version)") { try manager.remove(version) }
            Terminal.out("removed \(version) from \(boot.location)\n")
        }
    }
}
