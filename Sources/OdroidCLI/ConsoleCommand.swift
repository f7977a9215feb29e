import ArgumentParser
import BootProof
import Foundation
import OdroidCore
import SerialConsole

/// `odroid-build console --device /dev/ttyUSB0`: the seed's procedure at the serial console, automated.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Attach to a board's serial console: log it, stop autoboot, type u-boot lines one at a time, watch the kernel boot.",
        discussion: """
            The device is put in raw mode at --baud. Every line is timestamped into --log. --interrupt stops u-boot's \
            countdown; --type FILE (or --type-prompt with --profile and --kernel: the profile's prompt lines) then types \
            the lines one at a time, waits for u-boot's prompt after each and stops at the first it did not accept \
            (Unknown command, syntax error, an unbalanced quote, a file that cannot be read, a bad CRC, a wrong image \
            format), naming the line. Exit 0 when the last line started the kernel and the marker (if given) showed; \
            1 otherwise; 2 for bad arguments.
            """)

    @Option(help: ArgumentHelp("The serial console: a USB serial adapter (/dev/ttyUSB0) or any tty.", valueName: "device"))
    var device: String

    @Option(help: ArgumentHelp("Baud rate.", valueName: "rate"))
    var baud = 115200

    @Option(help: ArgumentHelp("Write every console line, timestamped, to this file.", valueName: "file"))
    var log: String?

    @Flag(help: "Stop u-boot's autoboot countdown (implied by --type and --type-prompt).")
    var interrupt = false

    @Option(
        help: ArgumentHelp(
            "Type the u-boot commands in this file, one line at a time (# comments and blank lines skipped).", valueName: "file"))
    var type: String?

    @Flag(help: "Type the profile's prompt lines for --kernel (what `boot-script --format prompt` prints).")
    var typePrompt = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Board profile (for --type-prompt).", valueName: "name"))
    var profile: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Kernel version (for --type-prompt).", valueName: "version"))
    var kernel: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one profile value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Directory holding the shipped profiles/ and templates/.", valueName: "dir"))
    var dataDirectory: String?

    @Option(help: ArgumentHelp("Text that means init ran (e.g. the busybox marker or 'login:').", valueName: "text"))
    var marker: String?

    @Option(
        help: ArgumentHelp("u-boot's prompt (repeatable; default '=> ' and 'NAME # ' as Hardkernel's u-boot prints it).", valueName: "text")
    )
    var prompt: [String] = []

    @Option(help: ArgumentHelp("Seconds to wait for the marker once the kernel started.", valueName: "seconds"))
    var timeout: Double = 120

    @Option(help: ArgumentHelp("Also print the boot timeline as a table, JSON or text bars.", valueName: "table|json|bars"))
    var timeline: TimelineFormat?

    func validate() throws {
        if type != nil && typePrompt { throw ValidationError("--type and --type-prompt exclude each other") }
        if typePrompt && (profile == nil || kernel == nil) { throw ValidationError("--type-prompt needs --profile and --kernel") }
        if let kernel, let problem = PlanOptions.checkVersion(kernel) { throw ValidationError(problem) }
    }

    func run() throws {
        try reportingErrors {
            let script = try lines().map(ConsoleScript.init(text:))
            let report: ConsoleRun.Report = try ConsoleAccess.mapped {
                let port = try SerialPort(device: device, baud: baud)
                let session = try ConsoleSession(port: port, prompts: prompt.isEmpty ? ConsoleSession.defaultPrompts : prompt, logPath: log)
                var run = ConsoleRun(interrupt: interrupt, script: script, marker: marker)
                run.bootTimeout = timeout
                return try run.run(session)
            }
            for item in report.answers { Terminal.error("line \(item.number): \(item.text)  -> \(item.answer)") }
            Terminal.error(report.summary)
            if let timeline { Terminal.out(BootTimelineRenderer.render(report.timeline, as: timeline)) }
            if !report.succeeded { throw ExitCode(1) }
        }
    }

    private func lines() throws -> String? {
        if let type {
            guard let text = try? String(contentsOfFile: type, encoding: .utf8) else {
                throw CLIError.usage("--type \(type): cannot read the file")
            }
            return text
        }
        guard typePrompt, let profile, let kernel else { return nil }
        let options = ProfileRequest(profile: profile, overrides: overrides, dataDirectory: dataDirectory)
        let resolved = try options.resolve()
        do {
            return try BootScriptRenderer(profile: resolved, templates: try options.templates()).render(.prompt, version: kernel).text
        } catch let diagnostics as Diagnostics {
            throw CLIError.diagnostics(phase: .rendering("the prompt lines"), diagnostics)
        }
    }
}

/// The console's errors as the CLI's exit statuses.
enum ConsoleAccess {
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SerialConsoleError {
            if error.isBadInput { throw CLIError.usage(error.description) }
            throw CLIError.failed(phase: .console, error.description)
        }
    }
}
