import ArgumentParser
import Foundation
import OdroidCore

/// The root command. Without a subcommand it runs `build`, so `odroid-build --profile odroidxu --kernel 3.12.3` works.
public struct OdroidBuild: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "odroid-build",
        abstract: "Build, install and boot-prove a custom Linux kernel for an ODROID or any u-boot ARM board.",
        version: BuildStamp.versionLine,
        subcommands: subcommandList,
        defaultSubcommand: BuildCommand.self
    )

    /// Every subcommand, one file each. Add new ones here (one line each).
    static let subcommandList: [ParsableCommand.Type] = [
        BuildCommand.self,
        BootTestCommand.self,
        TraceReportCommand.self,
        BootScriptCommand.self,
        DoctorCommand.self,
        LintCommand.self,
        ProfilesCommand.self,
        FlashCommand.self,
        ImageCommand.self,
        DtbCommand.self,
        LayoutCommand.self,
        InstallCommand.self,
        ListCommand.self,
        DefaultCommand.self,
        RollbackCommand.self,
        RemoveCommand.self,
        VerifyCommand.self,
        ConfirmCommand.self,
        RootfsCommand.self,
        ConsoleCommand.self,
        CardCommand.self,
    ]

    public init() {}

    /// The program's entry: like `main()`, but bad arguments exit with status 2 (as bad profiles do)
    /// instead of argument-parser's 64, so every kind of bad input has one status.
    public static func runMain() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            // Help and version (exit 0) are argument-parser's own text; every other message may quote what the
            // user typed (an unknown option, a bad value) and goes through the terminal-safe printer.
            if code == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.error(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
