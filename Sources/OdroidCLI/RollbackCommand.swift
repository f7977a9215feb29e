import ArgumentParser
import BootPartition
import OdroidCore

/// `odroid-build rollback`: back to the previous default kernel in one command.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Boot the previous default kernel again (also ends a pending try-once).")

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manifest = try BootPartitionAccess.manifest(boot)
            let manager = try BootPartitionAccess.manager(
                boot, options: profileOptions, version: manifest.pendingTry?.fallback ?? manifest.defaultHistory.dropLast().last)
            let now = try BootPartitionAccess.mapped(.rollingBack) { try manager.rollback() }
            Terminal.out("\(manager.scripts.pathOnPartition) now boots \(now)\n")
        }
    }
}
