import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The whole loop on the real thing: Debian's linux-source-6.1 built for ARM by the tool with the qemu-virt
/// profile (exynos_defconfig + the virt fragment, uImage at LOADADDR 0x40008000), its busybox initramfs, an
/// install into a whole-disk image the build creates, and a boot of that image through Debian's u-boot under
/// QEMU until the initramfs prints its marker. About 10 minutes on 2 cores the first time; the work
/// directory is stable so ccache and the unpacked tree make reruns fast.
@Suite("A real ARM kernel from linux-source-6.1, built, installed and booted", .tags(.kernel), .enabled(if: SlowTests.enabled), .serialized)
struct KernelBuildTests {
    /// Where the real kernel trees are built: $ODROID_KERNEL_TEST_DIR (CI keeps it on the machine between
    /// runs, so an unchanged tree is not built again), else under TMPDIR.
    static let base =
        ProcessInfo.processInfo.environment["ODROID_KERNEL_TEST_DIR"] ?? (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
    static let work = "\(base)/odroid-build-kernel-test"

    @Test func buildsInstallsAndBootsUnderQEMU() throws {
        let image = "\(Self.work)/qemu-virt.img"
        try? FileManager.default.removeItem(atPath: image)
        let arguments = [
            CommandLineRunTests.binary, "--profile", "qemu-virt", "--kernel", "6.1", "--work-dir", Self.work,
            "--data-dir", Repository.root, "--boot-image", image, "--boot-test",
        ]
        // Inherited output: CI shows the build's progress while it runs.
        let result = try SpawnRunner().run(Command(arguments), output: .inherit)
        #expect(result.termination == .exited(0), "build, install or boot failed: see the output above")

        let listing = try SpawnRunner().run(Command(["mkimage", "-l", "\(Self.work)/build/arch/arm/boot/uImage"]))
        #expect(listing.stdoutText.contains("Load Address: 40008000"), "\(listing.stdoutText)")
        #expect(listing.stdoutText.contains("Entry Point:  40008000"))
        #expect(listing.stdoutText.contains("ARM Linux Kernel Image"))
        let state = try String(contentsOfFile: "\(Self.work)/.odroid-build-state.json", encoding: .utf8)
        #expect(state.contains("\"captured\" : \"6.1."))

        // The console shows the kernel that was built (its release) reaching the busybox /init.
        let console = try String(contentsOfFile: "\(Self.work)/logs/boot-test.console.log", encoding: .utf8)
        #expect(console.contains("Linux version 6.1."))
        #expect(console.contains("ODROID-BUILD-BOOT-OK"))
        let installed = try SpawnRunner().run(
            Command([
                CommandLineRunTests.binary, "list", "--boot-image", image, "--partition", "1",
                "--profile", "qemu-virt", "--data-dir", Repository.root,
            ]))
        #expect(installed.stdoutText.contains("6.1"), "\(installed.stdoutText)\(installed.stderrText)")

        // Nothing changed: no step runs, and the same image boots again.
        let rerun = try SpawnRunner().run(Command(arguments))
        #expect(rerun.termination == .exited(0), "\(rerun.stderrText)")
        #expect(rerun.stderrText.contains("0 steps ran"), "\(rerun.stderrText)")
        #expect(rerun.stderrText.contains("boot OK: marker 'ODROID-BUILD-BOOT-OK' seen"), "\(rerun.stderrText)")
    }
}
