import ArgumentParser
import BootProof
import OdroidProcess

/// One boot proof as the CLI runs it, shared by `boot-test --boot-image`, `boot-test --profile` and a build's
/// `--boot-test`: prove, print the verdict (stderr) and the timeline (stdout), exit 1 on a failed boot.
struct BootTestRun {
    var configuration: BootTestConfiguration
    var timeline: TimelineFormat?
    var initcallDebug = false
    var runner = SpawnRunner()

    func run() throws {
        var report: BootReport?
        try reportingErrors {
            do {
                report = try BootProver(runner: runner).prove(configuration)
            } catch let error as BootProofError {
                throw CLIError.failed(phase: "boot test", error.description)
            } catch let error as ProcessError {
                throw CLIError.failed(phase: "boot test", error.description)
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
}
