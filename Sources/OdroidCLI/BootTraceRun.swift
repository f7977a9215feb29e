import ArgumentParser
import BootProof
import Foundation
import OdroidProcess

/// A traced boot proof as the CLI runs it: check the plugin and symbols, prove with the plugin loaded, analyse
/// what it recorded, write the trace directory, remove the raw records (unless --raw-trace named their place).
struct BootTraceRun {
    var configuration: BootTestConfiguration
    var options: BootTraceOptions
    var inputs: TraceInputs
    var runner = SpawnRunner()

    func run() throws {
        guard let directory = options.trace else { return }
        let plugin = options.tracePlugin ?? BootTraceCapture.defaultPlugin(installed: DataDirectory.installedTracePlugin)
        var report: BootReport?
        var products: BootTraceCapture.Products?
        try reportingErrors {
            let problems =
                inputs.problems()
                + (FileManager.default.fileExists(atPath: plugin)
                    ? [] : ["\(plugin): no trace plugin; build it with scripts/build-trace-plugin.sh"])
            guard problems.isEmpty else { throw CLIError.usage(problems.joined(separator: "\n")) }
            let raw = options.rawTrace ?? NSTemporaryDirectory() + "odroid-trace-\(getpid())"
            try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
            defer { if options.rawTrace == nil { try? FileManager.default.removeItem(atPath: raw) } }
            var traced = configuration
            traced.tracePlugin = try BootTraceCapture.pluginArgument(plugin: plugin, rawDirectory: raw)
            traced.settleAfterMarkerSeconds = 30
            traced.instructionCountedClock = options.icount
            do {
                let proof = try BootProver(runner: runner).prove(traced)
                report = proof
                let capture = BootTraceCapture(runner: runner, inputs: inputs)
                let made = try capture.analyse(rawDirectory: raw, outcome: proof.outcome, marker: traced.marker)
                try capture.write(made, to: directory)
                products = made
            } catch let error as BootProofError {
                throw CLIError.failed(phase: .bootTest, error.description)
            } catch let error as ProcessError {
                throw CLIError.failed(phase: .bootTest, error.description)
            }
        }
        guard let report, let products else { return }
        Terminal.error(report.summary)
        let traced = products.report
        Terminal.error(
            "trace: \(traced.records) blocks, \(traced.kernel.instructions) kernel + \(traced.userspace.instructions) user instructions, "
                + "\(traced.syscalls.reduce(0) { $0 + $1.count }) system calls; analysed in \(String(format: "%.1f", products.seconds)) s; written to \(directory)"
        )
        Terminal.out(
            traced.milestones.map { String(format: "%10.3f s %14llu  ", $0.hostSeconds, $0.instruction) + $0.name }.joined(separator: "\n")
                + "\n")
        if !report.succeeded { throw ExitCode(1) }
    }
}
