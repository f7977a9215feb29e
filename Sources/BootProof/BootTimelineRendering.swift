import Foundation

/// The ways a timeline is shown: an aligned table, JSON for tools, and text bars for a quick look.
public enum TimelineFormat: String, Sendable, CaseIterable, Codable {
    case table, json, bars
}

/// Renders a `BootTimeline`. Pure: value in, text out.
public enum BootTimelineRenderer {
    public static func render(_ timeline: BootTimeline, as format: TimelineFormat, slowestInitcalls: Int = 15) -> String {
        switch format {
        case .table: return table(timeline, slowestInitcalls: slowestInitcalls)
        case .json: return json(timeline)
        case .bars: return bars(timeline, slowestInitcalls: slowestInitcalls)
        }
    }

    public static func json(_ timeline: BootTimeline) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(timeline)) ?? Data(), as: UTF8.self) + "\n"
    }

    public static func table(_ timeline: BootTimeline, slowestInitcalls: Int = 15) -> String {
        var out = "Boot phases (host: seconds since QEMU started; kernel: printk time)\n"
        out += row(["phase", "host s", "kernel s", "console line"], widths: [24, 8, 9, 0])
        for phase in timeline.phases {
            out += row(
                [phase.kind.rawValue, seconds(phase.hostSeconds), seconds(phase.kernelSeconds), clip(phase.line, 70)],
                widths: [24, 8, 9, 0])
        }
        if !timeline.fileLoads.isEmpty {
            out += "\nFiles loaded by u-boot\n"
            out += row(["#", "file", "bytes", "ms", "MiB/s", "host s"], widths: [3, 28, 10, 6, 7, 0])
            for (index, load) in timeline.fileLoads.enumerated() {
                var rate = "-"
                if let bytes = load.bytes, let ms = load.milliseconds, ms > 0 {
                    rate = String(format: "%.1f", Double(bytes) / 1_048_576 / (Double(ms) / 1000))
                }
                let cells = [
                    String(index + 1), load.name ?? "(unnamed)", load.bytes.map(String.init) ?? "-",
                    load.milliseconds.map(String.init) ?? "-", rate,
                    seconds(load.hostSeconds),
                ]
                out += row(cells, widths: [3, 28, 10, 6, 7, 0])
            }
        }
        if !timeline.subsystems.isEmpty {
            out += "\nKernel subsystems and drivers, first message (\(timeline.subsystems.count))\n"
            out += row(["kernel s", "host s", "lines", "name", "first line"], widths: [10, 8, 6, 20, 0])
            for item in timeline.subsystems {
                out += row(
                    [
                        seconds(item.kernelSeconds, places: 6), seconds(item.hostSeconds), String(item.lineCount), item.name,
                        clip(item.firstLine, 60),
                    ], widths: [10, 8, 6, 20, 0])
            }
        }
        if !timeline.initcalls.isEmpty {
            let slowest = timeline.initcalls.sorted { $0.microseconds > $1.microseconds }.prefix(slowestInitcalls)
            let total = timeline.initcalls.reduce(0) { $0 + $1.microseconds }
            out += "\nInitcalls: \(timeline.initcalls.count), \(total) us in total; slowest \(slowest.count)\n"
            out += row(["usecs", "kernel s", "ret", "function"], widths: [9, 10, 4, 0])
            for call in slowest {
                out += row(
                    [String(call.microseconds), seconds(call.kernelSeconds, places: 6), String(call.returned), call.function],
                    widths: [9, 10, 4, 0])
            }
        }
        return out
    }

    /// Bars: each phase's share of the boot (from the previous phase), the kernel's first messages on the
    /// printk time axis, and the slowest initcalls.
    public static func bars(_ timeline: BootTimeline, width: Int = 40, slowestInitcalls: Int = 15) -> String {
        var out = "Boot phases (host seconds; each bar is the time since the previous phase)\n"
        let timed = timeline.phases.filter { $0.hostSeconds != nil }
        let end = timed.compactMap(\.hostSeconds).max() ?? 0
        var previous = 0.0
        for phase in timed {
            let at = phase.hostSeconds!
            out += barLine(
                label: phase.kind.rawValue, labelWidth: 24, from: previous, to: at, scale: end, width: width,
                value: String(format: "%6.2f s  (+%.2f)", at, at - previous))
            previous = at
        }
        if !timeline.subsystems.isEmpty {
            let last = timeline.subsystems.map(\.kernelSeconds).max() ?? 0
            out += "\nKernel subsystems, first message (printk seconds)\n"
            for item in timeline.subsystems {
                out += barLine(
                    label: clip(item.name, 20), labelWidth: 20, from: 0, to: item.kernelSeconds, scale: last, width: width,
                    value: String(format: "%9.6f", item.kernelSeconds))
            }
        }
        if !timeline.initcalls.isEmpty {
            let slowest = timeline.initcalls.sorted { $0.microseconds > $1.microseconds }.prefix(slowestInitcalls)
            let top = Double(slowest.first?.microseconds ?? 1)
            out += "\nSlowest initcalls (usecs)\n"
            for call in slowest {
                out += barLine(
                    label: clip(call.function, 32), labelWidth: 32, from: 0, to: Double(call.microseconds), scale: top, width: width,
                    value: String(call.microseconds))
            }
        }
        return out
    }

    private static func barLine(label: String, labelWidth: Int, from: Double, to: Double, scale: Double, width: Int, value: String)
        -> String
    {
        let unit = scale > 0 ? Double(width) / scale : 0
        let start = min(width, Int((from * unit).rounded()))
        let stop = min(width, max(start + (to > from ? 1 : 0), Int((to * unit).rounded())))
        let bar =
            String(repeating: " ", count: start) + String(repeating: "#", count: stop - start) + String(repeating: " ", count: width - stop)
        return pad(label, labelWidth) + " |" + bar + "| " + value + "\n"
    }

    private static func row(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (cell, width) in zip(cells, widths) {
            line += width > 0 ? pad(cell, width) + " " : cell
        }
        while line.last == " " { line.removeLast() }
        return line + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private static func seconds(_ value: Double?, places: Int = 2) -> String {
        value.map { String(format: "%.\(places)f", $0) } ?? "-"
    }
}
