import ArgumentParser
import BootProof
import Foundation

/// `odroid-build trace-report --raw-trace DIR --trace OUT --work-dir W`: analyses the plugin records a traced
/// boot kept (`boot-test --trace ... --raw-trace DIR`) again, without booting; prints records per second.
struct TraceReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace-report",
        abstract: "Analyse a kept boot trace again (no boot): trace.json, stacks.folded, flamegraph.svg, timeline.svg.")

    @Option(help: ArgumentHelp("The plugin's records (blocks.bin, exec.bin, start.bin) from boot-test --raw-trace.", valueName: "dir"))
    var rawTrace: String

    @Option(help: ArgumentHelp("Where the analysis goes.", valueName: "dir"))
    var trace: String

    @Option(help: ArgumentHelp("The build's work directory (its build/vmlinux, System.map, modules).", valueName: "dir"))
    var workDir: String?

    @Option(help: ArgumentHelp("The vmlinux to symbolise with (System.map beside it).", valueName: "file"))
    var vmlinux: String?

    @Option(help: ArgumentHelp("The cross toolchain prefix for nm.", valueName: "prefix"))
    var crossCompile = "arm-linux-gnueabihf-"

    func validate() throws {
        if (workDir == nil) == (vmlinux == nil) { throw ValidationError("give exactly one of --work-dir and --vmlinux") }
    }

    func run() throws {
        let inputs =
            workDir.map { TraceInputs.workDirectory($0, nm: crossCompile + "nm") }
            ?? TraceInputs.beside(vmlinux: vmlinux!, nm: crossCompile + "nm")
        try reportingErrors {
            let problems = inputs.problems()
            guard problems.isEmpty else { throw CLIError.usage(problems.joined(separator: "\n")) }
            do {
                let capture = BootTraceCapture(runner: BootPartitionAccess.runner, inputs: inputs)
                let products = try capture.analyse(rawDirectory: rawTrace, outcome: nil, marker: nil)
                try capture.write(products, to: trace)
                let records = Double(products.report.records)
                let rates = String(
                    format: "%d records analysed in %.2f s (%.1f M records/s; the pass over the records alone %.2f s, %.1f M records/s)",
                    products.report.records, products.seconds, records / products.seconds / 1e6, products.passSeconds,
                    records / products.passSeconds / 1e6)
                Terminal.error("trace-report: \(rates); written to \(trace)")
            } catch let error as BootProofError {
                throw CLIError.failed(phase: .bootTest, error.description)
            }
        }
    }
}
