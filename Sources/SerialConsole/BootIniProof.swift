import BootProof
import Foundation
import OdroidCore
import OdroidProcess

/// A boot proof for a Hardkernel boot.ini the way its u-boot runs it. QEMU's u-boot has no cfgload, so the
/// commands cfgload would run are typed at its prompt through the serial console and each answer is
/// classified: for the line-by-line flavours (hardkernel-2012, hardkernel-2017-lines) one at a time, so a
/// multi-line `if` block fails here as it fails on the board (its first line leaves hush waiting for more);
/// for hardkernel-2017 as one script, hush's continuation prompt carrying blocks across lines.
public struct BootIniProof {
    public var configuration: BootTestConfiguration
    public var bootIni: String
    public var flavour: ResolvedProfile.Flavour

    public init(configuration: BootTestConfiguration, bootIni: String, flavour: ResolvedProfile.Flavour) {
        self.configuration = configuration
        self.bootIni = bootIni
        self.flavour = flavour
    }

    public struct Result: Sendable {
        public var report: ConsoleRun.Report
        public var logPath: String
        public var succeeded: Bool { report.succeeded }

        public var summary: String {
            var lines = [
                report.succeeded
                    ? "boot OK (boot.ini typed at u-boot's prompt): \(report.summary), \(String(format: "%.2f s", report.seconds))"
                    : "boot FAILED (boot.ini typed at u-boot's prompt): \(report.summary)"
            ]
            lines.append("  console log: \(logPath)")
            return lines.joined(separator: "\n")
        }
    }

    public func prove() throws -> Result {
        let commands: [(number: Int, text: String)]
        do {
            commands = try BootIniLines.commands(bootIni, flavour: flavour)
        } catch {
            throw SerialConsoleError.badInput("\(error)")
        }
        var invocation = QemuInvocation(diskImage: configuration.diskImage, ram: configuration.ram)
        invocation.uBoot = configuration.uBoot
        let qemu = try QemuConsole(invocation: invocation, logPath: configuration.logPath + ".qemu")
        defer { qemu.stop() }
        let session = try ConsoleSession(port: try SerialPort(device: qemu.serialDevice, baud: 115200), logPath: configuration.logPath)
        try qemu.start()
        var run = ConsoleRun(interrupt: true, script: ConsoleScript(lines: commands), marker: configuration.marker)
        run.bootTimeout = configuration.timeoutSeconds
        run.wholeScript = !flavour.runsBootIniLineByLine
        return Result(report: try run.run(session), logPath: configuration.logPath)
    }
}
