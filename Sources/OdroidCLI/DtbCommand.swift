import ArgumentParser

/// `odroid-build dtb …`: device-tree blobs read through libfdt after a full structural check.
struct DtbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dtb",
        abstract: "Inspect a device-tree blob, check it against a board profile, or set its kernel command line.",
        subcommands: [DtbInspectCommand.self, DtbCheckCommand.self, DtbSetBootargsCommand.self])
}
