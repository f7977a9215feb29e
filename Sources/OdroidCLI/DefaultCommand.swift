import ArgumentParser
import BootPartition
import OdroidCore

/// `odroid-build default VERSION`: boot another installed kernel from now on.
struct DefaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default",
        abstract: "Make an installed kernel the one that boots (re-renders the boot script; the old one is kept as .bak).")

    @Argument(help: "An installed kernel version (see `odroid-build list`).")
    var version: String

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manager = try BootPartitionAccess.manager(boot, options: profileOptions, version: version)
            let before = try BootPartitionAccess.mapped(.switchingDefault(to: version)) { try manager.setDefault(version) }
            Terminal.out("\(manager.scripts.pathOnPartition) now boots \(version)\(before.map { " (was \($0))" } ?? "")\n")
        }
    }
}
