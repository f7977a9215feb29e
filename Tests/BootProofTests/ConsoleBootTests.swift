import BootPartition
import BootProof
import Foundation
import OdroidCore
import OdroidProcess
import SerialConsole
import Testing
import TestSupport

/// The seed's procedure at the serial console, on QEMU's serial port as a pty (what a USB serial adapter
/// shows): QEMU starts paused, the console attaches, u-boot's countdown is stopped, the seed's lines are typed
/// one at a time, and the kernel boots to the marker. The same code as `odroid-build console --device`.
@Suite("The serial console drives real u-boot", .serialized, .tags(.boot), .enabled(if: SlowTests.enabled))
struct ConsoleBootTests {
    /// An image with the kernel and initrd but no boot script: only typed lines can boot it.
    static func image(_ name: String) throws -> (image: String, dir: String) {
        let common = try ProofWorkspace.common()
        let dir = try ProofWorkspace.directory(name)
        let image = try ProofWorkspace.image(in: dir, script: nil, files: [(common.uImage, "uImage-6.1"), (common.uInitrd, "uInitrd-6.1")])
        return (image, dir)
    }

    static func session(_ image: String, dir: String) throws -> (QemuConsole, ConsoleSession) {
        let qemu = try QemuConsole(invocation: QemuInvocation(diskImage: image), logPath: dir + "/qemu.log")
        let session = try ConsoleSession(port: try SerialPort(device: qemu.serialDevice, baud: 115200), logPath: dir + "/console.log")
        try qemu.start()
        return (qemu, session)
    }

    static let seedLines = """
        setenv bootargs "console=ttyAMA0 root=/dev/ram0 rw panic=-1"
        fatload virtio 0 0x43000000 uImage-6.1
        fatload virtio 0 0x46000000 uInitrd-6.1
        bootm 0x43000000 0x46000000 ${fdtcontroladdr}
        """

    @Test("stop autoboot, type the seed's lines one at a time, reach init")
    func typedLinesBoot() throws {
        let (image, dir) = try Self.image("console-boot")
        let (qemu, session) = try Self.session(image, dir: dir)
        defer { qemu.stop() }
        let report = try ConsoleRun(interrupt: true, script: ConsoleScript(text: Self.seedLines), marker: ProofWorkspace.marker).run(
            session)
        print("[console-boot] \(report.summary), \(String(format: "%.1f", report.seconds)) s")
        #expect(report.verdict == .booted, "\(report.summary)")
        #expect(report.answers.map(\.answer) == [.accepted, .accepted, .accepted, .startedKernel])
        #expect(report.timeline.phases.contains { $0.kind == .initStart })
        let log = try String(contentsOfFile: dir + "/console.log", encoding: .utf8)
        #expect(log.contains("] => fatload virtio 0 0x43000000 uImage-6.1"), "every line timestamped into the log")
    }

    @Test("each failure is named by its line: a missing file, an unknown command, an unbalanced quote (cancelled)")
    func failuresAreClassified() throws {
        let (image, dir) = try Self.image("console-failures")
        let (qemu, session) = try Self.session(image, dir: dir)
        defer { qemu.stop() }
        #expect(try session.interruptAutoboot(timeout: 60))
        if case .unableToReadFile(let said) = try session.type("fatload virtio 0 0x43000000 no-such-file") {
            #expect(said.contains("no-such-file"))
        } else {
            Issue.record("a missing file was not classified as unreadable")
        }
        if case .unknownCommand = try session.type("frobnicate 1 2") {} else { Issue.record("not classified as an unknown command") }
        #expect(try session.type("setenv bootargs \"console=ttyAMA0 it's") == .continuation)
        #expect(try session.type("echo still-answering") == .accepted, "Ctrl-C cancelled the open quote")
        let run = try ConsoleRun(
            interrupt: false, script: ConsoleScript(text: "setenv a 1\nfatload virtio 0 0x43000000 missing-\n"), marker: nil
        ).run(session)
        guard case .lineFailed(let number, let text, .unableToReadFile) = run.verdict else {
            Issue.record("\(run.summary)")
            return
        }
        #expect(number == 2 && text == "fatload virtio 0 0x43000000 missing-", "the failing line is named: \(run.summary)")
    }
}

/// A Hardkernel boot.ini proved the way its parser runs it: typed at u-boot's prompt, one line at a time for
/// the line-by-line flavours, as one script for hardkernel-2017. The same file with a multi-line if block
/// boots as a script and fails line by line, as it does on the boards.
@Suite("boot.ini proofs per parser", .serialized, .tags(.boot), .enabled(if: SlowTests.enabled))
struct BootIniProofTests {
    static let bootArgs = "console=ttyAMA0 root=/dev/ram0 rw panic=-1"

    static func image(_ name: String, bootIni: String) throws -> (image: String, dir: String) {
        let common = try ProofWorkspace.common()
        let dir = try ProofWorkspace.directory(name)
        try bootIni.write(toFile: dir + "/boot.ini", atomically: true, encoding: .utf8)
        let image = try ProofWorkspace.image(
            in: dir, script: nil, files: [(common.uImage, "uImage-6.1"), (common.uInitrd, "uInitrd-6.1"), (dir + "/boot.ini", "boot.ini")])
        return (image, dir)
    }

    static func prove(_ text: String, flavour: ResolvedProfile.Flavour, name: String) throws -> BootIniProof.Result {
        let (image, dir) = try Self.image(name, bootIni: text)
        let configuration = BootTestConfiguration(
            diskImage: image, marker: ProofWorkspace.marker, timeoutSeconds: 60, logPath: dir + "/console.log", workDirectory: dir)
        let result = try BootIniProof(configuration: configuration, bootIni: text, flavour: flavour).prove()
        print("[\(name)] \(result.summary)")
        return result
    }

    static let oneLiners = """
        ODROIDXU-UBOOT-CONFIG
        # one command per line, as every Hardkernel parser runs it
        setenv initrd_high "0xffffffff"
        setenv fdt_high "0xffffffff"
        setenv bootargs "\(bootArgs)"
        fatload virtio 0 0x43000000 uImage-6.1
        fatload virtio 0 0x46000000 uInitrd-6.1
        bootm 0x43000000 0x46000000 ${fdtcontroladdr}

        """

    static let withBlock = """
        ODROIDXU-UBOOT-CONFIG
        setenv bootargs "\(bootArgs)"
        if test -n "${fdtcontroladdr}"; then
        fatload virtio 0 0x43000000 uImage-6.1
        fatload virtio 0 0x46000000 uInitrd-6.1
        fi
        bootm 0x43000000 0x46000000 ${fdtcontroladdr}

        """

    @Test(
        "one-line commands boot under all three Hardkernel parsers",
        arguments: [ResolvedProfile.Flavour.hardkernel2012, .hardkernel2017Lines, .hardkernel2017])
    func oneLinersBoot(_ flavour: ResolvedProfile.Flavour) throws {
        let result = try Self.prove(Self.oneLiners, flavour: flavour, name: "ini-\(flavour.rawValue)")
        #expect(result.succeeded, "\(result.summary)")
        #expect(result.report.answers.count == 6)
    }

    @Test("a multi-line if block boots as a script and fails line by line, naming the if line")
    func multiLineBlock() throws {
        let script = try Self.prove(Self.withBlock, flavour: .hardkernel2017, name: "ini-block-script")
        #expect(script.succeeded, "\(script.summary)")
        let lines = try Self.prove(Self.withBlock, flavour: .hardkernel2012, name: "ini-block-lines")
        #expect(!lines.succeeded)
        guard case .lineFailed(let number, _, let answer) = lines.report.verdict else { Issue.record("\(lines.summary)"); return }
        #expect(number == 3, "the if line of boot.ini")
        #expect(answer == .continuation || answer.description.contains("syntax error"), "\(answer)")
    }
}
