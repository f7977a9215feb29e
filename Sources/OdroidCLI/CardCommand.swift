import ArgumentParser
import CardInspect
import Foundation
import OdroidCore

/// `odroid-build card inspect IMG`: which u-boot is on a card.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Look at a whole card (or a whole-disk image): its bootloader area.",
        subcommands: [CardInspectCommand.self])
}

struct CardInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Read the bootloader area before the first partition: the blobs' layout, u-boot's version and build date, its boot.ini parser, its default environment.",
        discussion:
            "With --profile, warns where the profile's u-boot flavour, addresses or names disagree with the u-boot on the card. Exit 0 (warnings allowed), 2 when the file cannot be read."
    )

    @Argument(help: ArgumentHelp("A whole-disk image or a card's block device (/dev/sdX, not a partition).", valueName: "image"))
    var image: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Compare with this board profile.", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one profile value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/.", valueName: "dir"))
    var dataDirectory: String?

    func run() throws {
        try reportingErrors {
            let area = try BootPartitionAccess.mapped(.reading(image)) { try CardBootArea.read(path: image) }
            let resolved = try profile.map { try ProfileRequest(profile: $0, overrides: overrides, dataDirectory: dataDirectory).resolve() }
            Terminal.out(CardReport(area: area, profile: resolved).text)
        }
    }
}
