import ArgumentParser
import BootPartition
import Foundation
import OdroidCore
import RootFilesystem

/// `odroid-build verify --boot ... --profile P`: will this partition boot? Exit 0 only when it will.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the boot partition boots: script, files, image headers and CRCs, load addresses, memory layout, releases.",
        discussion: "Every problem is listed; exit 0 only when bootable (warnings allowed), 1 otherwise.")

    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var target: BootTargetOptions

    @Option(
        name: .customLong("rootfs"),
        help: ArgumentHelp(
            "The board's root filesystem as a directory, to check the modules of each kernel the script boots (a whole-disk --boot-image brings its own).",
            valueName: "dir"))
    var rootDirectory: String?

    @Option(
        name: .customLong("root-partition"),
        help: ArgumentHelp("Partition number of the root filesystem inside a whole-disk --boot-image.", valueName: "n"))
    var rootPartition: Int?

    @Flag(name: .customLong("allow-non-fat"), help: "Read a --boot directory that is not a FAT mount.")
    var allowNonFAT = false

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let boot = try BootPartitionAccess.open(target, profile: profile, allowNonFAT: allowNonFAT)
            var report = try BootPartitionAccess.mapped(.verifying(boot.location)) {
                try BootVerifier(partition: boot, profile: profile, runner: BootPartitionAccess.runner).verify()
            }
            if let root = try RootTargetAccess.open(directory: rootDirectory, boot: target, partition: rootPartition) {
                RootVerifier(filesystem: root).check(&report, manifest: try BootPartitionAccess.manifest(boot))
            }
            for summary in report.initramfs { Terminal.error("initramfs: \(summary)") }
            for finding in report.findings { Terminal.error(finding.description) }
            if let trial = report.pendingTry {
                Terminal.error("note: \(trial.version) is on trial (boots once, then \(trial.fallback))")
            }
            guard report.isBootable else {
                Terminal.error(
                    "odroid-build: \(boot.location) is NOT bootable: \(report.errors.count) problem\(report.errors.count == 1 ? "" : "s")")
                throw ExitCode(1)
            }
            Terminal.out("\(boot.location): bootable, boots \(report.bootVersions.joined(separator: " then "))\n")
        }
    }
}
