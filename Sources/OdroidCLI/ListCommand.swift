import ArgumentParser
import BootPartition
import Foundation
import OdroidCore

/// `odroid-build list`: the kernels on the boot partition, which one boots, sizes and free space.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the kernels installed on the boot partition: which boots by default, sizes, free space.")

    @OptionGroup var profileOptions: BootPartitionProfileOptions
    @OptionGroup var target: BootTargetOptions

    func run() throws {
        try reportingErrors {
            let explicit = try profileOptions.profile.map { _ in try profileOptions.options(recorded: nil).resolve() }
            let boot = try BootPartitionAccess.open(target, profile: explicit, allowNonFAT: profileOptions.allowNonFAT)
            let manager = try BootPartitionAccess.manager(boot, options: profileOptions)
            let listing = try BootPartitionAccess.mapped("listing \(boot.location)") { try manager.list() }
            Terminal.out(Self.render(listing))
        }
    }

    static func render(_ listing: PartitionListing) -> String {
        var text = "\(listing.location) (\(listing.script)\(listing.scriptExists ? "" : ": missing"))\n"
        if listing.kernels.isEmpty { text += "  no kernels installed by odroid-build\n" }
        let dateFormat = DateFormatter()
        dateFormat.dateFormat = "yyyy-MM-dd HH:mm"
        let rows = listing.kernels.map { kernel -> [String] in
            let mark = kernel.isTrial ? "?" : (kernel.isDefault ? "*" : " ")
            var status = kernel.isTrial ? "on trial" : (kernel.isDefault ? "default" : "")
            if !kernel.missingFiles.isEmpty { status = "INCOMPLETE: missing " + kernel.missingFiles.joined(separator: ", ") }
            return [mark, kernel.record.version, kernel.record.release ?? "-", kernel.record.profile, Hex.size(kernel.record.totalBytes),
                    dateFormat.string(from: kernel.record.installedAt), status]
        }
        let header = [" ", "VERSION", "RELEASE", "PROFILE", "SIZE", "INSTALLED", ""]
        let all = [header] + rows
        let widths = (0..<header.count).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            var line = "  " + row.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            text += line + "\n"
        }
        if let trial = listing.pendingTry {
            text += "try-once: \(trial.version) boots once, then \(trial.fallback); run `odroid-build confirm` on the booted \(trial.version) to keep it\n"
        }
        if let back = listing.rollbackTarget { text += "rollback: \(back)\n" }
        text += "free: \(Hex.size(listing.space.freeBytes)) (clusters of \(Hex.size(listing.space.clusterBytes)))\n"
        return text
    }
}
