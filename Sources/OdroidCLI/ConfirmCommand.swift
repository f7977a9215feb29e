import ArgumentParser
import BootPartition
import Foundation
import OdroidCore

/// `odroid-build confirm`: run on the system booted from a `--try` kernel, makes that kernel permanent.
struct ConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Keep the kernel installed with --try (run it on the system that booted that kernel).",
        discussion:
            "Refuses when the running kernel (uname -r) is not the one on trial, unless --force. See docs/try-once.md for a systemd unit that runs it after a good boot."
    )

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    @Flag(help: "Confirm even when the running kernel is not the one on trial.")
    var force = false

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manifest = try BootPartitionAccess.manifest(boot)
            let manager = try BootPartitionAccess.manager(boot, options: profileOptions, version: manifest.pendingTry?.version)
            let kept = try BootPartitionAccess.mapped(.confirming) {
                try manager.confirm(runningRelease: force ? nil : Self.runningRelease)
            }
            Terminal.out("\(kept) confirmed: \(manager.scripts.pathOnPartition) boots it from now on\n")
        }
    }

    /// `uname -r`.
    static var runningRelease: String {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
