import ArgumentParser
import DeviceTree

/// `odroid-build dtb inspect FILE`: the facts of a blob that decide whether and how it boots.
struct DtbInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a device-tree blob's model, compatible, memory ranges, /chosen, size and version.",
        discussion: "The blob is checked in full first; a damaged or truncated blob exits 2 with the reason.")

    @Argument(help: ArgumentHelp("The .dtb file.", valueName: "file"))
    var file: String

    func run() throws {
        try reportingErrors {
            let blob = try DtbFileReader.read(file)
            Terminal.out(try DtbReport.lines(for: blob).joined(separator: "\n") + "\n")
        }
    }
}

/// The text of `dtb inspect`, one fact a line.
enum DtbReport {
    static func lines(for blob: DeviceTreeBlob) throws -> [String] {
        let model = try DtbFileReader.reading { try blob.model() }
        let compatible = try DtbFileReader.reading { try blob.compatible() }
        let memory = try DtbFileReader.reading { try blob.memory() }
        let reserved = try DtbFileReader.reading { try blob.memoryReservations() }
        let chosen = try DtbFileReader.reading { try blob.chosen() }
        var lines = [
            "File:         \(blob.source)",
            "Model:        \(model ?? "(none)")",
            "Compatible:   \(compatible.isEmpty ? "(none)" : compatible.joined(separator: ", "))",
        ]
        lines += labelled("Memory:", memory.isEmpty ? ["(no memory node; u-boot fills it in at boot)"] : memory.map(\.description))
        if !reserved.isEmpty { lines += labelled("Reserved:", reserved.map(\.description)) }
        if chosen.exists {
            var facts: [String] = []
            facts.append("bootargs: " + (chosen.bootargs.map { "\"\($0)\"" } ?? "(none; u-boot writes it at boot)"))
            if let path = chosen.stdoutPath { facts.append("stdout-path: \(path)") }
            if let start = chosen.initrdStart, let end = chosen.initrdEnd {
                facts.append("initrd: \(MemoryRange(base: start, size: end >= start ? end - start : 0))")
            } else if chosen.initrdStart != nil || chosen.initrdEnd != nil {
                facts.append("initrd: only one of linux,initrd-start and linux,initrd-end is set")
            }
            if !chosen.otherProperties.isEmpty { facts.append("other: \(chosen.otherProperties.joined(separator: ", "))") }
            lines += labelled("Chosen:", facts)
        } else {
            lines.append("Chosen:       (no /chosen node; u-boot creates it at boot)")
        }
        lines.append("Size:         \(blob.totalSize) bytes")
        lines.append("Version:      \(blob.version) (readable by version \(blob.lastCompatibleVersion) readers)")
        return lines
    }

    /// `label` on the first line, later lines indented under its value.
    static func labelled(_ label: String, _ values: [String]) -> [String] {
        values.enumerated().map { index, value in
            (index == 0 ? label.padding(toLength: 14, withPad: " ", startingAt: 0) : String(repeating: " ", count: 14)) + value
        }
    }
}
