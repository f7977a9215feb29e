import ArgumentParser
import BootPartition
import Foundation
import OdroidCore

/// `odroid-build boot-script`: render one boot script for a profile and kernel, linted.
struct BootScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boot-script",
        abstract: "Render a boot script (boot.ini, boot.cmd, extlinux.conf or u-boot prompt lines) from the templates.",
        discussion:
            "Every rendered script is linted for its u-boot flavour; lint errors stop the render (exit 2). The scr format writes the mkimage script image (needs mkimage)."
    )

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Kernel version the script boots.", valueName: "version"))
    var kernel: String

    @Option(
        help: ArgumentHelp("Script format: ini, cmd, scr, extlinux or prompt (default: the profile's first format).", valueName: "format"))
    var format: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of standard output (required for scr; - is standard output). A regular file is replaced atomically, a device or FIFO written in place, a symlink written through.",
            valueName: "file"))
    var output: String?

    func validate() throws {
        if let problem = PlanOptions.checkVersion(kernel) { throw ValidationError(problem) }
        if let format, ResolvedProfile.ScriptFormat(rawValue: format) == nil {
            throw ValidationError(
                "--format must be one of: " + ResolvedProfile.ScriptFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if format == "scr" && output == nil { throw ValidationError("--format scr writes a binary image: give -o FILE") }
    }

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            let chosen = format.flatMap(ResolvedProfile.ScriptFormat.init(rawValue:)) ?? profile.boot.formats[0]
            let renderer = BootScriptRenderer(profile: profile, templates: try profileOptions.templates())
            let rendered: (text: String, warnings: [Diagnostic])
            do {
                rendered = try renderer.render(chosen == .scr ? .cmd : chosen, version: kernel)
            } catch let diagnostics as Diagnostics {
                throw CLIError.diagnostics(phase: .rendering(chosen.rawValue), diagnostics)
            }
            Terminal.warnings(rendered.warnings)
            if chosen == .scr, let output {
                let image = try BootPartitionAccess.mapped(.makingScriptImage) {
                    try ScriptImage.wrap(
                        rendered.text, name: MkimageCommand.scriptName(version: kernel), arch: profile.board.arch,
                        runner: BootPartitionAccess.runner)
                }
                try OutputFile.at(output).write(image)
                return
            }
            if let output {
                try OutputFile.at(output).write(Data(rendered.text.utf8))
            } else {
                Terminal.out(rendered.text)
            }
        }
    }
}
