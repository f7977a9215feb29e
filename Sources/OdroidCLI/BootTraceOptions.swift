import ArgumentParser
import BootProof
import Foundation

/// `boot-test --trace DIR`: boot with the odroid-trace TCG plugin and write where the kernel's boot spent its
/// time into DIR (docs/boot-trace.md).
struct BootTraceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Trace the boot with QEMU's TCG plugin and write trace.json, stacks.folded, flamegraph.svg and timeline.svg here.",
            valueName: "dir"))
    var trace: String?

    @Option(help: ArgumentHelp("With --trace: the build's work directory (its build/vmlinux, System.map, modules).", valueName: "dir"))
    var workDir: String?

    @Option(help: ArgumentHelp("With --trace: the vmlinux to symbolise with (System.map beside it).", valueName: "file"))
    var vmlinux: String?

    @Option(
        help: ArgumentHelp(
            "With --trace: the odroid-trace plugin (default: $ODROID_TRACE_PLUGIN, else ~/.cache/odroid-build/trace-plugin/odroid-trace.so from scripts/build-trace-plugin.sh).",
            valueName: "file"))
    var tracePlugin: String?

    @Option(
        help: ArgumentHelp(
            "With --trace: where the plugin's raw records go (default: a new directory under $TMPDIR, removed after).", valueName: "dir"))
    var rawTrace: String?

    @Flag(
        help: "With --trace: run QEMU with -icount shift=0,sleep=off, so that instruction counts repeat run to run (slower; add --fast).")
    var icount = false

    func validate() throws {
        guard trace != nil else {
            if workDir != nil || vmlinux != nil || tracePlugin != nil || rawTrace != nil || icount {
                throw ValidationError("--work-dir, --vmlinux, --trace-plugin, --raw-trace and --icount need --trace")
            }
            return
        }
        if (workDir == nil) == (vmlinux == nil) { throw ValidationError("--trace needs exactly one of --work-dir and --vmlinux") }
    }

    /// The symbol sources, with the cross nm of `crossCompile`.
    func inputs(crossCompile: String) -> TraceInputs? {
        let nm = crossCompile + "nm"
        if let workDir { return TraceInputs.workDirectory(workDir, nm: nm) }
        if let vmlinux { return TraceInputs.beside(vmlinux: vmlinux, nm: nm) }
        return nil
    }
}
