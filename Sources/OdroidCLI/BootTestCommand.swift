import ArgumentParser
import BootProof
import Foundation
import OdroidProcess

/// `odroid-build boot-test --boot-image IMG`: boots an existing boot image through real u-boot under QEMU and
/// exits 0 only when the marker shows. The `--profile/--kernel` form fills the same `BootTestConfiguration`
/// from the resolved profile (see `BootTestRun`).
struct BootTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boot-test",
        abstract: "Boot a boot image through real u-boot under QEMU and wait for the init marker.",
        discussion: """
            Starts qemu-system-arm (-M virt) with Debian's qemu_arm u-boot as firmware and the image as a read-only \
            virtio disk; u-boot's distro boot finds extlinux/extlinux.conf or boot.scr on its first partition \
            (the image needs a partition table). Success is a console line containing the marker; failure reports \
            the u-boot or kernel error recognised on the console and the console log's path. \
            A Hardkernel boot.ini is proved by wrapping its body with `mkimage -T script` as boot.scr: mainline \
            u-boot then runs it as a script after its magic first line (an unknown command there, and harmless). \
            Exit status: 0 marker seen, 1 boot failed, 2 usage error.
            """)

    @Option(help: ArgumentHelp("The whole-disk boot image (MBR + FAT) to boot.", valueName: "file"))
    var bootImage: String

    @Option(help: "The success pattern: a console line containing it means init ran.")
    var marker = MarkerInitramfs.defaultMarker

    @Option(help: ArgumentHelp("Seconds before a boot that decided nothing counts as hung.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp("Guest RAM for QEMU; u-boot keeps the top ~34 MiB, so at least 256M.", valueName: "size"))
    var ram = "512M"

    @Flag(help: "Give u-boot an environment flash with bootdelay=0 boot_targets=virtio0 (about 2 s faster).")
    var fast = false

    @Option(name: .customLong("set"), help: ArgumentHelp("A u-boot variable for the environment flash (repeatable).", valueName: "name=value"))
    var environmentOverrides: [String] = []

    @Option(help: ArgumentHelp("Also print the boot timeline as a table, JSON or text bars.", valueName: "table|json|bars"))
    var timeline: TimelineFormat?

    @Flag(help: "Show the kernel's per-initcall timings in the timeline (the kernel command line must contain initcall_debug).")
    var initcallDebug = false

    @Option(help: ArgumentHelp("Where the console log goes (default: <image>.console.log).", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("The u-boot firmware for QEMU.", valueName: "file"))
    var uBoot = QemuInvocation.debianUBoot

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard !marker.isEmpty else { throw ValidationError("--marker must not be empty") }
        for item in environmentOverrides where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--set \(item): expected NAME=VALUE")
        }
    }

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: bootImage) else { throw CLIError.usage("--boot-image \(bootImage): no such file") }
        }
        let logPath = log ?? bootImage + ".console.log"
        let configuration = BootTestConfiguration(
            diskImage: bootImage, marker: marker, timeoutSeconds: timeout, ram: ram, fast: fast,
            environmentOverrides: environmentOverrides, uBoot: uBoot, logPath: logPath,
            workDirectory: URL(fileURLWithPath: logPath).deletingLastPathComponent().path)
        try BootTestRun(configuration: configuration, timeline: timeline, initcallDebug: initcallDebug).run()
    }
}

extension TimelineFormat: ExpressibleByArgument {}
