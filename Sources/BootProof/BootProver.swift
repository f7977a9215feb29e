import Foundation
import OdroidProcess

/// What a boot proof found: the outcome, the timeline read from its console, and a summary for people.
public struct BootReport: Sendable, Codable {
    public var configuration: BootTestConfiguration
    public var outcome: BootOutcome
    public var timeline: BootTimeline
    /// With `persistentEnvironment`: what the environment flash holds after the boot (nil otherwise).
    public var savedEnvironment: SavedEnvironment.State?

    public var succeeded: Bool { outcome.succeeded }

    /// The furthest phase the boot reached (for "it hung after Starting kernel").
    public var lastPhase: BootPhase? { timeline.phases.last }

    /// Two to five lines: verdict and wall time, the error that caused it, the last one, the furthest phase
    /// and the console log's path.
    public var summary: String {
        var lines: [String] = []
        let wall = String(format: "%.2f s", outcome.wallSeconds)
        if outcome.succeeded {
            lines.append("boot OK: marker '\(configuration.marker)' seen after \(wall)")
        } else {
            lines.append("boot FAILED: \(outcome.verdict.summary) after \(wall)")
            if let cause = outcome.cause {
                lines.append("  error: \(cause.line)  (\(cause.kind.explanation))")
                if let last = outcome.lastError, last != cause { lines.append("  last error: \(last.line)") }
            } else {
                lines.append("  no u-boot or kernel error recognised on the console")
            }
            if let phase = lastPhase { lines.append("  last phase reached: \(phase.kind.rawValue) (\(phase.line))") }
        }
        if let saved = savedEnvironment {
            switch saved {
            case .valid: lines.append("  u-boot environment in flash: valid")
            case .paddingRestored:
                lines.append("  u-boot environment in flash: valid after restoring the padding QEMU's flash emulation dropped")
            case .invalid: lines.append("  u-boot environment in flash: bad CRC (the next boot uses u-boot's defaults)")
            }
        }
        lines.append("  console log: \(outcome.logPath)")
        return lines.joined(separator: "\n")
    }
}

/// Runs one boot proof end to end: builds the environment flash when asked, boots under QEMU, reads the
/// timeline from the console. This is the call `boot-test` and a build's `--boot-test` make.
public struct BootProver: Sendable {
    public let runner: any ProcessRunning
    public var bootRunner: QemuBootRunner

    public init(runner: any ProcessRunning = SpawnRunner()) {
        self.runner = runner
        self.bootRunner = QemuBootRunner(runner: runner)
    }

    /// The QEMU invocation `configuration` leads to (with the flash image path it would use).
    public func invocation(for configuration: BootTestConfiguration) throws -> QemuInvocation {
        var invocation = QemuInvocation(diskImage: configuration.diskImage, ram: configuration.ram)
        invocation.uBoot = configuration.uBoot
        invocation.plugin = configuration.tracePlugin
        invocation.instructionCountedClock = configuration.instructionCountedClock
        if try configuration.persistentEnvironment || !configuration.flashOverrides().isEmpty {
            invocation.environmentFlash = configuration.workDirectory + "/u-boot-env.img"
            invocation.environmentFlashWritable = configuration.persistentEnvironment
        }
        return invocation
    }

    public func prove(_ configuration: BootTestConfiguration) throws -> BootReport {
        guard FileManager.default.fileExists(atPath: configuration.diskImage) else {
            throw BootProofError("boot image \(configuration.diskImage) does not exist")
        }
        guard FileManager.default.fileExists(atPath: configuration.uBoot) else {
            throw BootProofError("u-boot binary \(configuration.uBoot) does not exist (Debian package u-boot-qemu)")
        }
        try FileManager.default.createDirectory(atPath: configuration.workDirectory, withIntermediateDirectories: true)
        let logDirectory = URL(fileURLWithPath: configuration.logPath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        let invocation = try invocation(for: configuration)
        if let flash = invocation.environmentFlash, !(configuration.persistentEnvironment && FileManager.default.fileExists(atPath: flash))
        {
            // A persistent environment leaves out the unused boot targets so that what saveenv writes stays
            // under the 4 KiB that Debian 12's QEMU keeps (see SavedEnvironment).
            try EnvironmentFlashBuilder(runner: runner).build(
                uBoot: configuration.uBoot, overrides: try configuration.flashOverrides(),
                removing: configuration.persistentEnvironment ? EnvironmentFlashBuilder.unusedByVirtioBoot : [], output: flash)
        }
        var bootRunner = bootRunner
        bootRunner.settleAfterMarkerSeconds = configuration.settleAfterMarkerSeconds
        let outcome = try bootRunner.boot(
            invocation, marker: configuration.marker, timeoutSeconds: configuration.timeoutSeconds, logPath: configuration.logPath)
        let timeline = BootTimelineAnalyser.analyse(outcome.lines, marker: configuration.marker)
        var saved: SavedEnvironment.State?
        if configuration.persistentEnvironment, let flash = invocation.environmentFlash {
            saved = try SavedEnvironment.check(flash: flash, restorePadding: true).state
        }
        return BootReport(configuration: configuration, outcome: outcome, timeline: timeline, savedEnvironment: saved)
    }
}
