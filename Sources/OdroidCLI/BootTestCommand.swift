import ArgumentParser
import BootPartition
import BootProof
import Foundation
import OdroidCore
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

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Take the marker, RAM and u-boot from this profile's [qemu] table (e.g. qemu-virt).", valueName: "name"))
    var profile: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "With --profile: first check that the image boots this installed kernel version by default.", valueName: "version"))
    var kernel: String?

    @Option(
        help: ArgumentHelp(
            "The success pattern: a console line containing it means init ran (default: the profile's qemu.marker, else \(MarkerInitramfs.defaultMarker)).",
            valueName: "text"))
    var marker: String?

    @Option(
        help: ArgumentHelp(
            "Seconds before a boot that decided nothing counts as hung (default: the profile's qemu.timeout, else 60).",
            valueName: "seconds"))
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "Guest RAM for QEMU; u-boot keeps the top ~34 MiB, so at least 256M (default: the profile's qemu.ram, else 512M).",
            valueName: "size"))
    var ram: String?

    @Flag(help: "Give u-boot an environment flash with bootdelay=0 boot_targets=virtio0 (about 2 s faster).")
    var fast = false

    @Option(
        name: .customLong("set"), help: ArgumentHelp("A u-boot variable for the environment flash (repeatable).", valueName: "name=value"))
    var environmentOverrides: [String] = []

    @Option(help: ArgumentHelp("Also print the boot timeline as a table, JSON or text bars.", valueName: "table|json|bars"))
    var timeline: TimelineFormat?

    @Flag(help: "Show the kernel's per-initcall timings in the timeline (the kernel command line must contain initcall_debug).")
    var initcallDebug = false

    @Option(help: ArgumentHelp("Where the console log goes (default: <image>.console.log).", valueName: "file"))
    var log: String?

    @Option(
        help: ArgumentHelp(
            "The u-boot firmware for QEMU (default: the profile's qemu.firmware, else Debian's qemu_arm u-boot).", valueName: "file"))
    var uBoot: String?

    @OptionGroup var tracing: BootTraceOptions

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let ram { _ = try Self.ramMiB(ram) }
        if marker?.isEmpty == true { throw ValidationError("--marker must not be empty") }
        if kernel != nil && profile == nil { throw ValidationError("--kernel needs --profile") }
        for item in environmentOverrides where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--set \(item): expected NAME=VALUE")
        }
    }

    func run() throws {
        var qemu: ResolvedProfile.QEMU?
        var resolvedProfile: ResolvedProfile?
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: bootImage) else { throw CLIError.usage("--boot-image \(bootImage): no such file") }
            if let profile {
                let resolved = try ProfileRequest(profile: profile).resolve()
                guard let board = resolved.qemu else {
                    throw CLIError.usage(
                        "profile \(resolved.name) has no [qemu] table: its boots cannot be proven under QEMU (use qemu-virt)")
                }
                qemu = board
                resolvedProfile = resolved
                if let kernel { try Self.checkDefault(kernel, image: absolute(bootImage), profile: resolved) }
            }
        }
        let configuration = BootTestConfiguration.choosing(
            diskImage: bootImage, qemu: qemu, marker: marker, timeoutSeconds: timeout, ramMiB: try ram.map(Self.ramMiB), fast: fast,
            environmentOverrides: environmentOverrides, uBoot: uBoot, logPath: log ?? bootImage + ".console.log")
        if tracing.trace != nil {
            var traced = configuration
            if timeout == nil { traced.timeoutSeconds = max(configuration.timeoutSeconds, 300) }
            let inputs = tracing.inputs(crossCompile: resolvedProfile?.kernel.crossCompile ?? "arm-linux-gnueabihf-")!
            try BootTraceRun(configuration: traced, options: tracing, inputs: inputs).run()
            return
        }
        try BootTestRun(configuration: configuration, timeline: timeline, initcallDebug: initcallDebug, profile: resolvedProfile).run()
    }

    /// `--ram` in MiB: whole MiB, at least what u-boot needs for itself, at most the 32-bit board's 4 GiB.
    static func ramMiB(_ text: String) throws -> Int {
        try SizeOption.mebibytes(text, option: "--ram", minimumMiB: 256, maximumMiB: 4096, example: "512M")
    }

    /// The image must boot `version` by default, or the proof would prove another kernel.
    static func checkDefault(_ version: String, image: String, profile: ResolvedProfile) throws {
        let partition = try BootPartitionAccess.mapped(.opening(image)) {
            try BootPartitionOpening.open(.image(path: image, offset: 0), partition: 1, runner: BootPartitionAccess.runner)
        }
        let state = try BootPartitionAccess.mapped(.reading(image)) { try PartitionState.read(partition, format: profile.boot.formats[0]) }
        guard state.manifest.kernel(version) != nil else {
            throw CLIError.usage(
                "\(image) has no kernel \(version) installed (installed: \(state.manifest.kernels.map(\.version).joined(separator: ", ")))")
        }
        guard state.liveVersion == version else {
            throw CLIError.usage(
                "\(image) boots \(state.liveVersion ?? "nothing") by default, not \(version); run `odroid-build default \(version) --boot-image \(image) --partition 1` first"
            )
        }
    }
}

extension TimelineFormat: ExpressibleByArgument {}
