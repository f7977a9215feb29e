import ArgumentParser
import BootPartition
import DeviceTree
import OdroidCore

/// `odroid-build dtb check --profile P FILE`: is this the blob for this board, and does its memory hold
/// everything u-boot loads?
struct DtbCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a device-tree blob is for the profile's board and that its memory holds every load window.",
        discussion:
            "Exit 0 when the blob fits (warnings allowed), 1 when it is for another board or its memory does not fit, 2 when it cannot be read or is damaged."
    )

    @Argument(help: ArgumentHelp("The .dtb file to check.", valueName: "file"))
    var file: String

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: ArgumentHelp("The kernel image to size its load window by (default: the profile's maximum).", valueName: "file"))
    var kernelImage: String?

    @Option(help: ArgumentHelp("The initramfs to size its load window by (default: the profile's maximum).", valueName: "file"))
    var initrd: String?

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let blob = try DtbFileReader.read(file)
            let sizes = MemoryMap.ArtifactSizes(
                kernel: try LayoutArtifactOptions.size(kernelImage, explicit: true),
                initrd: try LayoutArtifactOptions.size(initrd, explicit: true),
                dtb: try LayoutArtifactOptions.size(file, explicit: true))
            let map = MemoryMap(profile: profile, sizes: sizes)
            let findings = try DtbFileReader.reading { try blob.check(against: DtbBoardRequirements.make(profile: profile, map: map)) }
            for finding in findings { Terminal.error("\(file): \(finding)") }
            let errors = findings.filter { $0.severity == .error }.count
            if errors > 0 {
                throw CLIError.failed(
                    phase: .dtbCheck, "\(file) does not fit profile \(profile.name) (\(errors) error\(errors == 1 ? "" : "s"))")
            }
            let model = (try? blob.model()).flatMap { $0 } ?? "(no model)"
            Terminal.out("\(file): fits profile \(profile.name): \(model), \(profile.board.compatible.first ?? "any board")\n")
        }
    }
}
