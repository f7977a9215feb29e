import ArgumentParser
import BuildExecutor
import Foundation
import OdroidCore
import RootFilesystem

/// `odroid-build rootfs …`: the board's root filesystem.
struct RootfsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rootfs",
        abstract: "Make a root filesystem for the board (a Debian tarball, with mmdebstrap).",
        subcommands: [RootfsCreateCommand.self])
}

/// `odroid-build rootfs create --profile P -o rootfs.tar`: mmdebstrap for the board's architecture, from the
/// profile's [rootfs] table; cached by its inputs.
struct RootfsCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a root filesystem tarball for the board with mmdebstrap (cached by its inputs).",
        discussion: """
            The distribution, suite, architecture, mirror, variant and packages come from the profile's [rootfs] \
            table (`odroid-build profiles show P`). The tarball is kept in ~/.cache/odroid-build/rootfs and reused while \
            the inputs are unchanged; --refresh makes a new one (the mirror has moved on). Put it on a card with \
            `odroid-build image create --disk --rootfs rootfs.tar`.
            """)

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Tarball to write.", valueName: "file"))
    var output: String

    @Flag(help: "Make a new tarball even when the cache holds one for the same inputs.")
    var refresh = false

    @Flag(help: "Print the mmdebstrap command and run nothing.")
    var dryRun = false

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let maker = RootfsTarballMaker(
                spec: profile.rootfs, cacheDirectory: HostFacts.current.userCache, runner: BootPartitionAccess.runner)
            if dryRun {
                Terminal.out(maker.command(output: absolute(output)).shellLine + "\n")
                return
            }
            let result = try RootTargetAccess.mapped(.makingRootFilesystem) {
                try maker.make(output: absolute(output), refresh: refresh) { Terminal.error("odroid-build: \($0)") }
            }
            let spec = profile.rootfs
            Terminal.out(
                "wrote \(output): \(spec.distribution) \(spec.suite) \(spec.architecture), \(result.bytes >> 20) MiB, "
                    + (result.fromCache ? "from the cache" : "made by mmdebstrap") + String(format: " in %.1f s", result.seconds) + "\n")
        }
    }
}
