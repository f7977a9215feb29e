import ArgumentParser
import DeviceTree
import Foundation
import OdroidCore

/// `odroid-build dtb set-bootargs FILE --bootargs "…"`: for u-boots that cannot pass a command line, put it
/// (and optionally the initrd's bounds) into the blob's /chosen node.
struct DtbSetBootargsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-bootargs",
        abstract: "Write the kernel command line (and optionally the initrd bounds) into a blob's /chosen node.",
        discussion:
            "The blob grows as needed; the result is checked in full before it is written. Without -o the file is replaced atomically. u-boot overwrites /chosen/bootargs at boot when its bootargs variable is set."
    )

    /// Linux ARM keeps at most COMMAND_LINE_SIZE - 1 bytes of the command line.
    static let commandLineLimit = 1023

    @Argument(help: ArgumentHelp("The .dtb file to change.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The kernel command line, e.g. \"console=ttySAC2,115200n8 root=/dev/mmcblk0p2 ro\".", valueName: "args"))
    var bootargs: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the result here instead of replacing FILE.", valueName: "out"))
    var output: String?

    @Option(help: ArgumentHelp("Also set /chosen/linux,initrd-start (hex, e.g. 0x46000000); needs --initrd-end.", valueName: "address"))
    var initrdStart: String?

    @Option(
        help: ArgumentHelp(
            "Also set /chosen/linux,initrd-end, one past the initrd's last byte (hex); needs --initrd-start.", valueName: "address"))
    var initrdEnd: String?

    func validate() throws {
        guard bootargs.utf8.count <= Self.commandLineLimit else {
            throw ValidationError("--bootargs is \(bootargs.utf8.count) bytes; Linux on ARM keeps only \(Self.commandLineLimit)")
        }
        guard (initrdStart == nil) == (initrdEnd == nil) else {
            throw ValidationError("--initrd-start and --initrd-end go together")
        }
        for (name, value) in [("--initrd-start", initrdStart), ("--initrd-end", initrdEnd)] {
            if let value, DtbAddress.parse(value) == nil {
                throw ValidationError("\(name) must be a 32-bit hex address such as 0x46000000, not '\(value)'")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            var blob = try DtbFileReader.read(file)
            do throws(DeviceTreeError) {
                blob = try blob.settingBootargs(bootargs)
                if let start = initrdStart.flatMap(DtbAddress.parse), let end = initrdEnd.flatMap(DtbAddress.parse) {
                    blob = try blob.settingInitrd(start: start, end: end)
                }
            } catch {
                throw CLIError.usage(error.description)
            }
            let destination = try OutputFile.at(output ?? file)
            try destination.write(Data(blob.bytes))
            Terminal.error("odroid-build: wrote \(destination.name) (\(blob.totalSize) bytes) with bootargs \"\(bootargs)\"")
        }
    }
}

/// Addresses on the command line: 0x-prefixed hex, so nobody has to guess whether 46000000 is hex; read by
/// the core's number reader and kept to the 32-bit space the boards have.
enum DtbAddress {
    static func parse(_ text: String) -> UInt64? {
        guard text.lowercased().hasPrefix("0x"), case .success(let value) = NumberText.integer(text), AddressSpace.contains(value) else {
            return nil
        }
        return value
    }
}
