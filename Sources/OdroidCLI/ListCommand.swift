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
            let listing = try BootPartitionAccess.mapped(.listing(boot.location)) { try manager.list() }
            Terminal.out(Self.render(listing))
        }
    }

    static func render(_ listing: PartitionListing) -> String {
        var text = "\(printable(listing.location)) (\(listing.script)\(listing.scriptExists ? "" : ": missing"))\n"
        if listing.kernels.isEmpty { text += "  no kernels installed by odroid-build\n" }
        let dateFormat = DateFormatter()
        dateFormat.dateFormat = "yyyy-MM-dd HH:mm"
        let rows = listing.kernels.map { kernel -> [String] in
            let mark = kernel.isTrial ? "?" : (kernel.isDefault ? "*" : " ")
            var status = kernel.isTrial ? "on trial" : (kernel.isDefault ? "default" : "")
            if !kernel.missingFiles.isEmpty { status = "INCOMPLETE: missing " + kernel.missingFiles.joined(separator: ", ") }
            return [
                mark, kernel.record.version, kernel.record.release ?? "-", kernel.record.profile, Hex.size(kernel.record.totalBytes),
                dateFormat.string(from: kernel.record.installedAt), status,
            ].map(printable)
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
            let (version, fallback) = (printable(trial.version), printable(trial.fallback))
            text += "try-once: \(version) boots once, then \(fallback); run `odroid-build confirm` on the booted \(version) to keep it\n"
        }
        if let back = listing.rollbackTarget { text += "rollback: \(printable(back))\n" }
        text += "free: \(Hex.size(listing.space.freeBytes)) (clusters of \(Hex.size(listing.space.clusterBytes)))\n"
        return text
    }

    /// `text` with every control character (escape sequences, newlines, C1 controls) and every bidi override
    /// written as `\u{...}`: the manifest comes from the partition, which anyone may have edited, and what it
    /// says must not move the cursor, recolour the terminal or forge a line of the listing.
    /// A local rule for `list`'s table until terminal-safe printing is shared by every command.
    static func printable(_ text: String) -> String {
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return text }  // the usual case, at the speed of a scan
        var out = ""
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)  // Unicode's Cc: C0, DEL, C1
            let isBidi = (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            if isControl || isBidi {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
