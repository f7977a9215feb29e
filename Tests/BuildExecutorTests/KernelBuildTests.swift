import Foundation
import OdroidProcess
import Testing
import TestSupport

/// The real thing: Debian's linux-source-6.1 built for ARM by the tool with the qemu-virt profile
/// (exynos_defconfig + the virt fragment, uImage at LOADADDR 0x40008000). About 10 minutes on 2 cores the
/// first time; the work directory is stable so ccache and the unpacked tree make reruns fast.
@Suite("A real ARM kernel from linux-source-6.1", .tags(.kernel), .enabled(if: SlowTests.enabled), .serialized)
struct KernelBuildTests {
    static let work = "\(ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")/odroid-build-kernel-test"

    @Test func buildsAUImageWhoseLoadAddressIsLOADADDR() throws {
        try FileManager.default.createDirectory(atPath: "\(Self.work)/initramfs-root", withIntermediateDirectories: true)
        try "#!/bin/sh\necho ODROID-BUILD-INIT-REACHED\npoweroff -f\n".write(toFile: "\(Self.work)/initramfs-root/init", atomically: true, encoding: .utf8)
        let arguments = [CommandLineRunTests.binary, "--profile", "qemu-virt", "--kernel", "6.1", "--work-dir", Self.work,
                         "--data-dir", Repository.root, "--until", "boot-scr"]
        let result = try SpawnRunner().run(Command(arguments), output: .inherit)
        #expect(result.termination == .exited(0))

        let listing = try SpawnRunner().run(Command(["mkimage", "-l", "\(Self.work)/build/arch/arm/boot/uImage"]))
        #expect(listing.stdoutText.contains("Load Address: 40008000"), "\(listing.stdoutText)")
        #expect(listing.stdoutText.contains("Entry Point:  40008000"))
        #expect(listing.stdoutText.contains("ARM Linux Kernel Image"))
        let release = try String(contentsOfFile: "\(Self.work)/.odroid-build-state.json", encoding: .utf8)
        #expect(release.contains("\"captured\" : \"6.1."))

        let rerun = try SpawnRunner().run(Command(arguments))
        #expect(rerun.termination == .exited(0))
        #expect(rerun.stderrText.contains("0 steps ran"), "\(rerun.stderrText)")
    }
}
