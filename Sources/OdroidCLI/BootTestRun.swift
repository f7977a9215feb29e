import ArgumentParser
import BootPartition
import BootProof
import OdroidCore
import OdroidProcess
import SerialConsole

/// One boot proof as the CLI runs it, shared by `boot-test --boot-image`, `boot-test --profile` and a build's
/// `--boot-test`: prove, print the verdict (stderr) and the timeline (stdout), exit 1 on a failed boot.
struct BootTestRun {
    var configuration: BootTestConfiguration
    var timeline: TimelineFormat?
    var initcallDebug = false
    var runner = SpawnRunner()
    /// The profile the image was made for: a Hardkernel boot.ini is then proved the way its parser runs it.
    var profile: ResolvedProfile?

    func run() throws {
        if let profile, profile.boot.formats.first == .ini, profile.boot.flavour != .mainline {
            try runBootIni(flavour: profile.boot.flavour)
            return
        }
        var report: BootReport?
        try reportingErrors {
            do {
                report = try BootProver(runner: runner).prove(configuration)
            } catch let error as BootProofError {
                throw CLIError.failed(phase: .bootTest, error.description)
            } catch let error as ProcessError {
                throw CLIError.failed(phase: .bootTest, error.description)
            }
        }
        guard let report else { return }
        Terminal.error(report.summary)
        if let timeline {
            var shown = report.timeline
            if !initcallDebug { shown.initcalls = [] }
            let text = BootTimelineRenderer.render(shown, as: timeline)
            if timeline == .json { Terminal.json(text) } else { Terminal.out(text) }
        }
        if initcallDebug, report.timeline.initcalls.isEmpty {
            Terminal.error("note: no initcall_debug lines on the console; the kernel command line needs 'initcall_debug ignore_loglevel'")
        }
        if !report.succeeded { throw ExitCode(1) }
    }

    /// The image's boot.ini typed at u-boot's prompt (line by line, or as one script for hardkernel-2017).
    private func runBootIni(flavour: ResolvedProfile.Flavour) throws {
        var result: BootIniProof.Result?
        try reportingErrors {
            let partition = try BootPartitionAccess.mapped(.opening(configuration.diskImage)) {
                try BootPartitionOpening.open(.image(path: configuration.diskImage, offset: 0), runner: BootPartitionAccess.runner)
            }
            let data = try BootPartitionAccess.mapped(.reading("boot.ini")) { try partition.readIfPresent("boot.ini") }
            guard let data else { throw CLIError.failed(phase: .bootTest, "\(configuration.diskImage) has no boot.ini to prove") }
            result = try ConsoleAccess.mapped {
                try BootIniProof(configuration: configuration, bootIni: String(decoding: data, as: UTF8.self), flavour: flavour).prove()
            }
        }
        guard let result else { return }
        for item in result.report.answers where item.answer.isFailure {
            Terminal.error("  boot.ini line \(item.number): \(item.text)  -> \(item.answer)")
        }
        Terminal.error(result.summary)
        if let timeline { Terminal.out(BootTimelineRenderer.render(result.report.timeline, as: timeline)) }
        if !result.succeeded { throw ExitCode(1) }
    }
}
