import BootProof
import Testing
import TestSupport

@testable import OdroidCLI

/// `boot-test --trace`'s cross-option rules, and where the symbols and the plugin are looked for.
@Suite("boot-test --trace options", .tags(.pure))
struct BootTraceOptionsTests {
    @Test(arguments: [
        ["--trace", "out"],
        ["--trace", "out", "--work-dir", "w", "--vmlinux", "w/build/vmlinux"],
        ["--work-dir", "w"],
        ["--raw-trace", "/tmp/r"],
        ["--icount"],
    ])
    func refusesAnIncompleteOrContradictoryTrace(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try BootTraceOptions.parse(arguments) }
    }

    @Test func symbolisesWithTheWorkDirectorysBuild() throws {
        let options = try BootTraceOptions.parse(["--trace", "out", "--work-dir", "/w"])
        let inputs = try #require(options.inputs(crossCompile: "arm-linux-gnueabihf-"))
        #expect(inputs.vmlinux == "/w/build/vmlinux" && inputs.systemMap == "/w/build/System.map")
        #expect(inputs.moduleDirectories == ["/w/build", "/w/modules"])
        #expect(inputs.nm == "arm-linux-gnueabihf-nm")
    }

    @Test func findsThePluginInTheCacheUnlessTheEnvironmentNamesOne() throws {
        #expect(BootTraceCapture.defaultPlugin(environment: ["HOME": "/h"]) == "/h/.cache/odroid-build/trace-plugin/odroid-trace.so")
        #expect(BootTraceCapture.defaultPlugin(environment: ["HOME": "/h", "ODROID_TRACE_PLUGIN": "/p.so"]) == "/p.so")
        // The package's plugin when the user built none; the user's own (for the QEMU installed here) when both exist.
        let own = "/h/.cache/odroid-build/trace-plugin/odroid-trace.so"
        let shipped = "/usr/lib/odroid-build/odroid-trace.so"
        #expect(BootTraceCapture.defaultPlugin(environment: ["HOME": "/h"], installed: shipped, exists: { $0 == shipped }) == shipped)
        #expect(BootTraceCapture.defaultPlugin(environment: ["HOME": "/h"], installed: shipped, exists: { _ in true }) == own)
        #expect(BootTraceCapture.defaultPlugin(environment: ["HOME": "/h"], installed: shipped, exists: { _ in false }) == own)
        #expect(throws: BootProofError.self) { try BootTraceCapture.pluginArgument(plugin: "/a,b.so", rawDirectory: "/tmp/r") }
        #expect(try BootTraceCapture.pluginArgument(plugin: "/p.so", rawDirectory: "/tmp/r") == "/p.so,dir=/tmp/r")
    }
}

@Suite("A traced boot's QEMU command line", .tags(.pure))
struct TracedInvocationTests {
    @Test func loadsThePluginAndCountsInstructionsAsTimeWhenAsked() {
        var invocation = QemuInvocation(diskImage: "/tmp/boot.img")
        #expect(!invocation.command.argv.contains("-plugin") && !invocation.command.argv.contains("-icount"))
        invocation.plugin = "/p.so,dir=/tmp/r"
        invocation.instructionCountedClock = true
        let argv = invocation.command.argv
        #expect(argv.firstIndex(of: "-plugin").map { argv[$0 + 1] } == "/p.so,dir=/tmp/r")
        #expect(argv.firstIndex(of: "-icount").map { argv[$0 + 1] } == "shift=0,sleep=off")
    }
}
