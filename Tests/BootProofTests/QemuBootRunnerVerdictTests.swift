import BootProof
import CommandValues
import Foundation
import OdroidProcess
import Testing
import TestSupport

/// The boot runner's verdicts, driven through the process seam by a scripted QEMU (no emulator): what the
/// console prints decides marker, prompt, exit, initramfs shell or timeout, and the child is always stopped.
/// The same verdicts against real QEMU are in BootProofBootTests.
@Suite("The boot runner decides from the console alone", .tags(.pure))
struct QemuBootRunnerVerdictTests {
    static let uBoot = [
        "U-Boot 2023.01+dfsg-2 (Jan 01 2023)", "DRAM:  512 MiB", "Hit any key to stop autoboot:  0",
        "Starting kernel ...", "[    0.000000] Booting Linux on physical CPU 0x0",
    ]

    /// A disk image the invocation can open (its descriptor becomes QEMU's `-drive file=`).
    static func disk() throws -> (dir: String, image: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-verdict-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let image = dir + "/disk.img"
        try Data(count: 4096).write(to: URL(fileURLWithPath: image))
        return (dir, image)
    }

    static func boot(
        _ expectation: ScriptedRunner.Expectation, marker: String = "ODROID-BUILD-OK",
        timeout: Double = 10
    ) throws -> (BootOutcome, ScriptedRunner) {
        let (dir, image) = try disk()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let qemu = expectation.when { $0.program == "qemu-system-arm" && $0.argv.contains { $0.contains("/proc/\(getpid())/fd/") } }
        let runner = ScriptedRunner([qemu])
        var bootRunner = QemuBootRunner(runner: runner)
        bootRunner.promptStableSeconds = 0.1
        bootRunner.pollSeconds = 0.01
        let outcome = try bootRunner.boot(
            QemuInvocation(diskImage: image), marker: marker, timeoutSeconds: timeout, logPath: dir + "/console.log")
        return (outcome, runner)
    }

    @Test func theMarkerEndsTheBootAsASuccess() throws {
        let (outcome, runner) = try Self.boot(.starts(["qemu-system-arm"], lines: Self.uBoot + ["ODROID-BUILD-OK init reached"]))
        #expect(outcome.verdict == .markerSeen)
        #expect(outcome.lines.map(\.text).contains("Starting kernel ..."))
        #expect(outcome.qemuTermination == Termination.signaled(SIGTERM).description, "the runner stops QEMU once it has its verdict")
        #expect(runner.unused.isEmpty)
    }

    @Test func aStablePromptIsUBootGivingUp() throws {
        let (outcome, _) = try Self.boot(
            .starts(["qemu-system-arm"], lines: ["U-Boot 2023.01", "** No partition table - virtio 0 **"], unfinished: "=> "))
        #expect(outcome.verdict == .stoppedAtPrompt)
    }

    @Test func qemuEndingFirstIsAFailureWithTheKernelsError() throws {
        let lines = Self.uBoot + ["[    5.1] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"]
        let (outcome, _) = try Self.boot(.starts(["qemu-system-arm"], lines: lines, exit: .exited(0)))
        #expect(outcome.verdict == .qemuExited)
        #expect(outcome.errors.contains { $0.line.contains("Kernel panic") }, "\(outcome.errors)")
    }

    @Test func silenceAfterStartingKernelTimesOut() throws {
        let (outcome, _) = try Self.boot(.starts(["qemu-system-arm"], lines: Self.uBoot), timeout: 0.5)
        #expect(outcome.verdict == .timedOut)
        #expect(outcome.wallSeconds >= 0.5)
    }

    @Test func aMarkerThatEndsNoLineStillCounts() throws {
        let (outcome, _) = try Self.boot(
            .starts(["qemu-system-arm"], lines: Self.uBoot, unfinished: "board login: "), marker: "board login:")
        #expect(outcome.verdict == .markerSeen)
    }
}
