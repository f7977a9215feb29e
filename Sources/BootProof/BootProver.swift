import Foundation
import OdroidProcess

/// What a boot proof found: the outcome, the timeline read from its console, and a summary for people.
public struct BootReport: Sendable, Codable {
    public var configuration: BootTestConfiguration
    public var outcome: BootOutcome
    public var timeline: BootTimeline

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
        lines.append("  console log: \(outcome.logPath)")
        return lines.joined(separator: "\n")
    }
}

/// Runs one boot proof end to end: builds the environment flash when asked, boots under QEMU, reads the
/// timeline from the console. This is the call `boot-test` and a build's `--boot-test` make.
public struct BootProver: Sendable {
    public let runner: SpawnRunner
    public var bootRunner: QemuBootRunner

    public init(runner: SpawnRunner = SpawnRunner()) {
        self.runner = runner
        self.bootRunner = QemuBootRunner(runner: runner)
    }

    /// The QEMU invocation `configuration` leads to (with the flash image path it would use).
    public func invocation(for configuration: BootTestConfiguration) throws -> QemuInvocation {
        var invocation = QemuInvocation(diskImage: configuration.diskImage, ram: configuration.ram)
        invocation.uBoot = configuration.uBoot
        if !(try configuration.flashOverrides()).isEmpty {
            invocation.environmentFlash = configuration.workDirectory + "/u-boot-env.img"
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
        if let flash = invocation.environmentFlash {
            try EnvironmentFlashBuilder(runner: runner).build(uBoot: configuration.uBoot, overrides: try configuration.flashOverrides(), output: flash)
        }
        let outcome = try bootRunner.boot(
            invocation, marker: configuration.marker, timeoutSeconds: configuration.timeoutSeconds, logPath: configuration.logPath)
        let timeline = BootTimelineAnalyser.analyse(outcome.lines, marker: configuration.marker)
        return BootReport(configuration: configuration, outcome: outcome, timeline: timeline)
    }
}
