import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// `--host-arch`, end to end: the binary plans for the board and writes its script; a wrong machine name,
/// a real run for another machine and options naming this machine's files are refused with exit 2.
@Suite("odroid-build --host-arch end to end", .tags(.realProcess))
struct HostArchTests {
    static let seed = ["--profile", "odroidxu", "--kernel", "3.12.3", "--work-dir", "/work/odroid"]

    @Test func dryRunPlansTheNativeBoardBuild() throws {
        let out = try Binary.run(Self.seed + ["--host-arch", "armv7l", "--dry-run"])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(out.stdout.contains("# host armv7l: building natively\n"))
        #expect(out.stdout.contains("# planned for an armv7l machine (--host-arch armv7l)"))
        #expect(!out.stdout.contains("CROSS_COMPILE="))
        #expect(!out.stdout.contains("NOT RUNNABLE"))
        #expect(out.stdout.contains("\nmkinitrd /work/odroid/out/initrd-3.12.3 \"${KERNELRELEASE}\"\n"))
    }

    @Test func emitScriptWritesTheBoardScript() throws {
        let dir = try ScratchDirectory("host-arch")
        let out = try Binary.run(Self.seed + ["--host-arch", "armv7l", "--emit-script", dir.file("board.sh")])
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(out.stderr.contains("; run it on the armv7l machine, as root: sh \(dir.file("board.sh"))"))
        let text = try String(contentsOfFile: dir.file("board.sh"), encoding: .utf8)
        #expect(text.hasPrefix("#!/bin/sh\n# odroid-build's plan as a script for the armv7l machine"))
        #expect(text.contains("ODROIDXU-UBOOT-CONFIG\n"))
        #expect(!text.contains("odroid-build boot-script"))
        // What the binary writes is the core's board script (the golden file, planned with 4 CPUs).
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let golden = try String(contentsOfFile: "\(Repository.root)/Tests/OdroidCoreTests/Golden/board-script-odroidxu.sh", encoding: .utf8)
        #expect(text.replacingOccurrences(of: "-j\(cpus)", with: "-j4") == golden)
        for shell in [["/usr/bin/dash", "-n"], ["/usr/bin/busybox", "ash", "-n"]] {
            let syntax = try SpawnRunner().run(Command(shell + [dir.file("board.sh")]))
            #expect(syntax.succeeded, "\(shell): \(syntax.stderrText)")
        }
    }

    @Test(.enabled(if: HostArch.isX86))
    func aRealRunForAnotherMachineIsRefused() throws {
        let dir = try ScratchDirectory("host-arch-run")
        let out = try Binary.run(Self.seed + ["--host-arch", "armv7l", "--boot", dir.path])
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains("--host-arch armv7l plans for another machine (this one is x86_64): it only plans"), "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(arguments: [
        (["--host-arch", "armhf", "--dry-run"], "--host-arch 'armhf' is not a machine name as `uname -m` prints it"),
        (["--host-arch", "ARMV7L", "--dry-run"], "did you mean 'armv7l'?"),
        (["--host-arch", "arm\u{1B}]0;owned\u{07}v7l", "--dry-run"], "is not a machine name"),
        (["--host-arch", "armv7l", "--dry-run", "--boot-image", "/tmp/x.img"], "it excludes --boot-image"),
        (["--host-arch", "armv7l", "--dry-run", "--rootfs", "/"], "it excludes --rootfs"),
        (["--host-arch", "x86_64", "--emit-script", "/tmp/never-written.sh"], "no script for the board: a cross build"),
        (
            ["--host-arch", "armv7l", "--emit-script", "/tmp/never-written.sh", "--set", "boot.root=UUID={root_uuid}"],
            "UUID is not known here"
        ),
    ])
    func badUsesExit2(extra: [String], fragment: String) throws {
        let out = try Binary.run(Self.seed + extra)
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains(fragment), "stderr: \(out.stderr)")
        #expect(!out.stderr.contains("\u{1B}"), "a raw escape sequence reached the terminal")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.sh"))
    }
}
