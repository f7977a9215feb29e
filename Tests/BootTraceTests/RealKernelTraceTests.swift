import BootTrace
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The real thing: the qemu-virt kernel the slow suite builds (KernelBuildTests' tree under
/// $ODROID_KERNEL_TEST_DIR/odroid-build-kernel-test, read only; its image is copied) booted by `boot-test --trace`
/// with the plugin scripts/build-trace-plugin.sh builds. About 40 s: a 10 s traced boot, 25 s of analysis.
enum RealKernelTree {
    static let work =
        (ProcessInfo.processInfo.environment["ODROID_KERNEL_TEST_DIR"] ?? (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"))
        + "/odroid-build-kernel-test"
    static var built: Bool { FileManager.default.fileExists(atPath: work + "/build/vmlinux") }
    /// scripts/test.sh runs this suite on its own after the slow suites (ODROID_REAL_KERNEL_TRACE=1), when
    /// KernelBuildTests has finished the tree and its image: during that run the image is being rewritten.
    static var requested: Bool { ProcessInfo.processInfo.environment["ODROID_REAL_KERNEL_TRACE"] == "1" }
}

@Suite("A traced boot of the real qemu-virt kernel", .tags(.boot), .enabled(if: SlowTests.enabled && RealKernelTree.requested), .serialized)
struct RealKernelTraceTests {
    static let work = RealKernelTree.work

    static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("odroid-build").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return Repository.root + "/.build/debug/odroid-build"
    }()

    @Test func showsTheBootInOrderAndBusyboxInitsSystemCalls() throws {
        try #require(RealKernelTree.built, "no built kernel at \(RealKernelTree.work): run the slow suite (KernelBuildTests) first")
        let scratch = NSTemporaryDirectory() + "odroid-trace-real-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let plugin = try SpawnRunner().run(Command([Repository.root + "/scripts/build-trace-plugin.sh", scratch + "/odroid-trace.so"]))
        try #require(plugin.termination == .exited(0), "\(plugin.stderrText)")
        try FileManager.default.copyItem(atPath: Self.work + "/qemu-virt.img", toPath: scratch + "/qemu-virt.img")
        let arguments = [
            Self.binary, "boot-test", "--profile", "qemu-virt", "--kernel", "6.1", "--boot-image", scratch + "/qemu-virt.img",
            "--trace", scratch + "/trace", "--work-dir", Self.work, "--trace-plugin", scratch + "/odroid-trace.so",
        ]
        let result = try SpawnRunner().run(Command(["env", "ODROID_BUILD_DATA=" + Repository.root] + arguments))
        try #require(result.termination == .exited(0), "\(result.stderrText)")
        let report = try JSONDecoder.snakeCase.decode(
            TraceReport.self, from: Data(contentsOf: URL(fileURLWithPath: scratch + "/trace/trace.json")))

        let first = Dictionary(report.firstCalls.map { ($0.name, $0.instruction) }, uniquingKeysWith: min)
        let start = try #require(first["start_kernel"])
        let kernelInit = try #require(first["kernel_init"])
        let execve = try #require(first["kernel_execve"])
        #expect(start < kernelInit && kernelInit < execve, "start_kernel \(start), kernel_init \(kernelInit), first execve \(execve)")
        let userspace = try #require(report.milestones.first { $0.name == "first userspace instruction" })
        #expect(execve < userspace.instruction)

        // busybox's /init (a shell script: mount devtmpfs, echo, poweroff -f) through vector_swi.
        let calls = Dictionary(uniqueKeysWithValues: report.syscalls.map { ($0.name, $0) })
        for name in ["execve", "mount", "openat", "write", "reboot", "brk"] {
            #expect(calls[name] != nil, "no \(name) system call among \(calls.keys.sorted())")
        }
        #expect(report.syscalls.allSatisfy { $0.firstInstruction > userspace.instruction && $0.firstInstruction <= $0.lastInstruction })
        #expect(calls["reboot"]?.count == 1)

        let levels = report.milestones.filter { $0.name.hasPrefix("initcall level") }
        #expect(levels.count == 9, "\(levels.map(\.name))")
        #expect(levels.map(\.instruction) == levels.map(\.instruction).sorted())
        #expect(levels.first.map { $0.instruction > kernelInit } == true)
        let marker = try #require(report.milestones.first { $0.name == "init marker (console)" })
        #expect(marker.instruction > userspace.instruction)
        #expect(report.userspace.instructions > 0 && report.kernel.instructions > 100 * report.userspace.instructions)
        #expect(report.functions.first?.subsystem != nil)
        #expect(report.subsystems.contains { $0.name.hasPrefix("init (start_kernel") })

        let folded = try String(contentsOfFile: scratch + "/trace/stacks.folded", encoding: .utf8)
        #expect(folded.contains("[userspace];"), "system calls stack on userspace")
        for picture in ["flamegraph.svg", "timeline.svg"] {
            let text = try String(contentsOfFile: scratch + "/trace/" + picture, encoding: .utf8)
            #expect(text.hasPrefix("<svg") && text.hasSuffix("</svg>\n"))
        }
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
