import BootTrace
import CommandValues
import Foundation
import OdroidProcess

/// A traced boot's running half: the `-plugin` argument for QEMU, then reading what the plugin wrote and the
/// build's symbols (nm through the process seam) and handing them to BootTrace's pure analysis. Writes
/// trace.json, stacks.folded, flamegraph.svg and timeline.svg into the trace directory.
public struct BootTraceCapture: Sendable {
    public let runner: any ProcessRunning
    public var inputs: TraceInputs

    public init(runner: any ProcessRunning, inputs: TraceInputs) {
        self.runner = runner
        self.inputs = inputs
    }

    /// The plugin QEMU loads: $ODROID_TRACE_PLUGIN, else the one scripts/build-trace-plugin.sh built for this user
    /// (against the QEMU installed here), else `installed` (the package's, built with the release), else the
    /// user's path again (for the message that it is missing).
    public static func defaultPlugin(
        environment: [String: String] = ProcessInfo.processInfo.environment, installed: String? = nil,
        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String {
        if let plugin = environment["ODROID_TRACE_PLUGIN"], !plugin.isEmpty { return plugin }
        let cache = environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? "/root") + "/.cache")
        let own = cache + "/odroid-build/trace-plugin/odroid-trace.so"
        if !exists(own), let installed, exists(installed) { return installed }
        return own
    }

    /// `-plugin`'s value: QEMU splits it at commas, so no path may hold one.
    public static func pluginArgument(plugin: String, rawDirectory: String) throws -> String {
        for path in [plugin, rawDirectory] where path.contains(",") {
            throw BootProofError("\(path): QEMU's -plugin option cannot take a path with a comma")
        }
        return "\(plugin),dir=\(rawDirectory)"
    }

    /// What the analysis made, ready to write.
    public struct Products: Sendable {
        public var report: TraceReport
        public var folded: String
        public var flameGraph: String
        public var timeline: String
        /// The whole analysis (symbols, nm, the pass, the pictures), and the pass over the records alone.
        public var seconds: Double
        public var passSeconds: Double
    }

    /// Analyses the plugin's files in `rawDirectory`; `outcome` (the proof's console) places `marker` and gives
    /// the modules' load addresses.
    public func analyse(rawDirectory: String, outcome: BootOutcome?, marker: String?) throws -> Products {
        let began = DispatchTime.now().uptimeNanoseconds
        var symbols = KernelSymbols.systemMap(try String(contentsOfFile: inputs.systemMap, encoding: .utf8))
        let loaded = ModuleSymbols.loadAddresses(consoleLines: outcome?.lines.map(\.text) ?? [])
        var modules: [String: UInt32] = [:]
        for (name, address) in loaded.sorted(by: { $0.key < $1.key }) {
            guard let path = inputs.moduleFile(name), let ko = try? ElfImage(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) else {
                continue
            }
            symbols = symbols.adding(ModuleSymbols.symbols(module: name, ko: ko, textAddress: address))
            modules[name] = address
        }
        let raw = URL(fileURLWithPath: rawDirectory)
        let blocks = TranslatedBlock.table(Array(try Data(contentsOf: raw.appendingPathComponent(TraceFormat.blocksFile))))
        let table = FunctionTable(blocks: blocks, symbols: symbols)
        let exec = try Data(contentsOf: raw.appendingPathComponent(TraceFormat.execFile), options: .alwaysMapped)
        let passBegan = DispatchTime.now().uptimeNanoseconds
        let pass = exec.withUnsafeBytes { bytes in
            TraceAnalyser(table: table).run(
                UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt32.self), count: bytes.count / 4))
        }
        let passSeconds = Double(DispatchTime.now().uptimeNanoseconds - passBegan) / 1e9
        var builder = TraceReportBuilder(table: table, pass: pass)
        builder.modules = modules
        builder.subsystems = try subsystems()
        let vmlinux = try ElfImage(Array(try Data(contentsOf: URL(fileURLWithPath: inputs.vmlinux))))
        builder.initcallLevels = try InitcallLevels.read(vmlinux: vmlinux, symbols: symbols)
        builder.markerHostNanoseconds = try markerNanoseconds(outcome: outcome, marker: marker, rawDirectory: rawDirectory)
        let report = builder.build()
        return Products(
            report: report, folded: FoldedStacks.render(pass.stacks, functions: table.functions),
            flameGraph: FlameGraphSVG().render(pass.stacks, functions: table.functions), timeline: TimelineSVG().render(report),
            seconds: Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9, passSeconds: passSeconds)
    }

    func subsystems() throws -> SubsystemMap {
        var map = SubsystemMap()
        for archive in inputs.archives {
            let result = try runner.run(Command([inputs.nm, "--defined-only", "-A", archive]))
            guard result.termination == .exited(0) else { throw BootProofError("\(inputs.nm) -A \(archive) failed: \(result.stderrText)") }
            map.add(nmOutput: result.stdoutText, buildDirectory: URL(fileURLWithPath: inputs.systemMap).deletingLastPathComponent().path)
        }
        return map
    }

    /// The marker line's arrival on the plugin's clock (both are CLOCK_MONOTONIC).
    func markerNanoseconds(outcome: BootOutcome?, marker text: String?, rawDirectory: String) throws -> Double? {
        guard let outcome, let text, let consoleStart = outcome.consoleClockStartNanoseconds,
            let marker = outcome.lines.first(where: { $0.text.contains(text) })?.hostSeconds
        else { return nil }
        let start = Array(try Data(contentsOf: URL(fileURLWithPath: rawDirectory).appendingPathComponent(TraceFormat.startFile)))
        guard start.count >= 16 else { return nil }
        let pluginStart = start[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(consoleStart) + marker * 1e9 - Double(pluginStart)
    }

    public func write(_ products: Products, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let base = URL(fileURLWithPath: directory)
        try (try encoder.encode(products.report) + Data("\n".utf8)).write(to: base.appendingPathComponent("trace.json"), options: .atomic)
        try Data(products.folded.utf8).write(to: base.appendingPathComponent("stacks.folded"), options: .atomic)
        try Data(products.flameGraph.utf8).write(to: base.appendingPathComponent("flamegraph.svg"), options: .atomic)
        try Data(products.timeline.utf8).write(to: base.appendingPathComponent("timeline.svg"), options: .atomic)
    }
}
