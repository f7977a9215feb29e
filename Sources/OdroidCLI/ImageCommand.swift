import ArgumentParser
import Foundation
import UBootImage

/// `odroid-build image …`: u-boot legacy images (uImage, uInitrd, boot.scr), read and checked in Swift.
/// Building them stays with the real mkimage.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect u-boot legacy images (uImage, uInitrd, boot.scr) and check their checksums.",
        subcommands: [ImageInspectCommand.self, ImageCreateCommand.self])
}

/// `odroid-build image inspect FILE…`: what `mkimage -l` prints, plus whether both CRCs are right.
struct ImageInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a legacy image's header as mkimage -l does, and whether its header and data CRCs are right.",
        discussion:
            "Exit 0 when every image is sound, 1 when one is damaged (CRC mismatch, truncated, bad size table), 2 when a file cannot be read or is not a legacy image at all."
    )

    @Argument(help: ArgumentHelp("The image files to inspect (uImage, uInitrd, boot.scr …).", valueName: "file"))
    var files: [String]

    @Flag(help: "For script images (boot.scr), also print the script text u-boot would run.")
    var script = false

    func run() throws {
        try reportingErrors {
            var damaged: [String] = []
            var unusable = false
            for (index, file) in files.enumerated() {
                if files.count > 1 { Terminal.out((index > 0 ? "\n" : "") + "\(file):\n") }
                do {
                    let image = try ImageFileReader.read(file)
                    Terminal.out(ImageReport.lines(for: image, showScript: script).joined(separator: "\n") + "\n")
                    for problem in image.problems { Terminal.error("\(file): error: \(problem)") }
                    if !image.problems.isEmpty { damaged.append(file) }
                } catch let error as CLIError {
                    guard case .usage(let message) = error else { throw error }
                    Terminal.error("odroid-build: error: \(message)")
                    unusable = true
                }
            }
            if unusable { throw ExitCode(2) }
            if !damaged.isEmpty {
                throw CLIError.failed(phase: .imageCheck, "\(damaged.joined(separator: ", ")) \(damaged.count == 1 ? "is" : "are") damaged")
            }
        }
    }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one image file") }
    }
}
