import ArgumentParser
import CardWriter
import Foundation

/// `odroid-build flash IMAGE --device /dev/sdX1`: write a boot-partition (or whole-disk) image to an SD card.
struct FlashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flash",
        abstract: "Write a boot-partition image to an SD card partition (or a whole-disk image with --disk), then read it back.",
        discussion: """
            Refuses a mounted device, one holding the running root filesystem or swap, a whole disk without --disk, a \
            device larger than --max-size without --force, a target that does not exist, the image itself, a loop device \
            backed by the image or by a file in use, and the backing file of a mounted loop device (all judged by device \
            and inode numbers after following symlinks). Discards the target range first where the device supports it \
            (BLKDISCARD within discard_max_bytes and discard_granularity), writes 4 MiB aligned blocks, flushes, and \
            compares the SHA-256 of what reads back.
            """)

    @Argument(help: "The image to write (from `odroid-build image create`).")
    var image: String

    @Option(
        help: ArgumentHelp(
            "Target block device, e.g. /dev/sdb1 (an existing regular file works too, without discard).", valueName: "device"))
    var device: String

    @Flag(help: "The target is a whole disk and the image a whole-disk image (partition table included).")
    var disk = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Write a device larger than --max-size.")
    var force = false

    @Flag(help: "Erase with BLKSECDISCARD before writing (fails clearly where the device does not support it).")
    var secureErase = false

    @Option(help: ArgumentHelp("Largest device written without --force (e.g. 64G).", valueName: "size"))
    var maxSize: String = "64G"

    func validate() throws {
        _ = try SizeOption.bytes(maxSize, option: "--max-size")
    }

    func run() throws {
        try reportingErrors {
            let limit = try SizeOption.bytes(maxSize, option: "--max-size")
            var imageInfo = stat()
            guard stat(image, &imageInfo) == 0, (imageInfo.st_mode & S_IFMT) == S_IFREG else {
                throw CLIError.usage("cannot read the image \(image)")
            }
            let info = BlockDeviceInfo.read(device)
            let system = FlashTargetCheck.current()
            let parentDisk = info.flatMap { $0.isPartition ? BlockDeviceInfo.deviceNumber(ofDisk: $0.disk) : nil }
            let targetRefusals = system.refusals(image: image, target: device, targetPartitionOf: parentDisk)
            if !targetRefusals.isEmpty {
                for refusal in targetRefusals { Terminal.error("odroid-build: refusing \(device): \(refusal)") }
                throw ExitCode(2)
            }
            if let info {
                let request = FlashSafety.Request(imageSize: UInt64(imageInfo.st_size), wholeDisk: disk, sizeLimit: limit, force: force)
                let refusals = FlashSafety(mounts: system.mounts).refusals(device: info, request: request)
                if !refusals.isEmpty {
                    for refusal in refusals { Terminal.error("odroid-build: refusing \(device): \(refusal)") }
                    throw ExitCode(2)
                }
                if !yes { try confirm(info) }
            }
            let progress = FlashProgressLine()
            let flasher = ImageFlasher(progress: { progress.show($0) })
            do {
                let report = try flasher.flash(
                    image: image, to: device, limits: info?.discard, erase: secureErase ? .secureErase : .discard)
                progress.finish()
                let rate = Double(report.bytes) / max(report.writeSeconds, 0.001) / 1_048_576
                Terminal.error(
                    "odroid-build: \(report.preparation); wrote \(report.bytes) bytes in \(String(format: "%.2f", report.writeSeconds)) s (\(String(format: "%.1f", rate)) MiB/s); read back in \(String(format: "%.2f", report.verifySeconds)) s, SHA-256 \(report.sha256) matches"
                )
            } catch let failure as ImageFlasher.Failure {
                progress.finish()
                throw CLIError.failed(phase: .flashing(device), failure.description)
            }
        }
    }

    private func confirm(_ info: BlockDeviceInfo) throws {
        guard isatty(0) == 1 else {
            throw CLIError.usage("not asking for confirmation without a terminal: pass --yes to write \(device)")
        }
        let size = String(format: "%.1f GiB", Double(info.size) / 1_073_741_824)
        Terminal.error("Overwrite \(device) (\(size)\(info.removable ? ", removable" : "")) with \(image)? Type yes: ", newline: false)
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else { throw CLIError.usage("not confirmed; nothing written") }
    }

    /// A FAT image size option (`64M`, `1G`) in MiB, nil when `SizeOption.imageMiB` rejects it (which says why).
    static func imageMiB(_ text: String) -> Int? {
        try? SizeOption.imageMiB(text, option: "")
    }
}

/// The flash progress on stderr: one updating line on a terminal, a line per quarter otherwise.
final class FlashProgressLine: @unchecked Sendable {
    private let terminal = isatty(2) == 1
    private var lastQuarter = -1
    private var lastPhase = ""

    func show(_ p: ImageFlasher.Progress) {
        let fraction = p.total == 0 ? 1 : Double(p.done) / Double(p.total)
        let rate = Double(p.done) / max(p.seconds, 0.001)
        let eta = rate > 0 ? Double(p.total - p.done) / rate : 0
        let text = String(
            format: "%@ %.1f / %.1f MiB  %3.0f%%  %.1f MiB/s  ETA %.0f s", p.phase.rawValue,
            Double(p.done) / 1_048_576, Double(p.total) / 1_048_576, fraction * 100, rate / 1_048_576, eta)
        if terminal {
            Terminal.status(text)
        } else {
            let quarter = Int(fraction * 4)
            if quarter != lastQuarter || p.phase.rawValue != lastPhase {
                Terminal.error(text)
                lastQuarter = quarter
                lastPhase = p.phase.rawValue
            }
        }
    }

    func finish() {
        if terminal { Terminal.error("") }
    }
}
