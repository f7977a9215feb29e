import ArgumentParser
import Foundation
import OdroidCore

/// `odroid-build lint FILE --profile P`: check a boot script (rendered or hand-written) for its u-boot.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a boot script against the rules of the profile's u-boot (magic line, line lengths, blocks, bootargs).",
        discussion:
            "The format is taken from the file name (boot.ini, boot.cmd/boot.txt, extlinux.conf) unless --format is given. Exit 0 when clean (warnings allowed), 1 when u-boot would reject or misread the file."
    )

    @Argument(help: "The script to check.")
    var file: String

    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: ArgumentHelp("ini, cmd, extlinux or prompt (default: from the file name).", valueName: "format"))
    var format: String?

    func run() throws {
        try reportingErrors {
            let profile = try profileOptions.resolve()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read \(file)")
            }
            let chosen = try chooseFormat()
            let text = String(decoding: data, as: UTF8.self)
            let findings = BootScriptLint(format: chosen, flavour: profile.boot.flavour).lint(text, file: file)
            for finding in findings { Terminal.error(finding.description) }
            let errors = findings.filter { $0.severity == .error }.count
            if errors > 0 {
                Terminal.error(
                    "odroid-build: \(file): \(errors) error\(errors == 1 ? "" : "s") for u-boot \(profile.boot.flavour.rawValue)")
                throw ExitCode(1)
            }
            Terminal.error("odroid-build: \(file): clean for u-boot \(profile.boot.flavour.rawValue) (\(chosen.rawValue))")
        }
    }

    private func chooseFormat() throws -> ResolvedProfile.ScriptFormat {
        if let format {
            guard let f = ResolvedProfile.ScriptFormat(rawValue: format) else {
                throw CLIError.usage("--format must be ini, cmd, extlinux or prompt")
            }
            return f
        }
        let name = (file as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".ini") { return .ini }
        if name.hasSuffix(".conf") { return .extlinux }
        return .cmd
    }
}
