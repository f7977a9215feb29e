/// The boot on a time axis: its phases as coloured bands (firmware and decompressor, early kernel, each
/// initcall level, the rest of kernel_init, userspace), the milestones as labelled ticks, and below them
/// when each subsystem first ran. The axis is host seconds (what a person waited); instruction counts label
/// the milestones.
public struct TimelineSVG: Sendable {
    public var width = 1200.0
    public var subsystemsShown = 40

    public init() {}

    public func render(_ report: TraceReport) -> String {
        let end = max(report.milestones.map(\.hostSeconds).max() ?? 0, 0.001)
        let left = 40.0
        let right = width - 20
        func x(_ seconds: Double) -> Double { left + (right - left) * min(max(seconds / end, 0), 1) }
        let milestones = report.milestones
        let subsystems = Array(report.subsystems.prefix(subsystemsShown))
        let bandTop = 40.0
        let bandHeight = 34.0
        let tickTop = bandTop + bandHeight + 10
        let subsystemTop = tickTop + Double(milestones.count) * 15 + 30
        let height = subsystemTop + Double(subsystems.count) * 14 + 50
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\" font-family=\"sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
            "<text x=\"\(left)\" y=\"22\" font-size=\"15\">Boot timeline: \(SVGText.count(report.kernel.instructions + report.userspace.instructions)) kernel and user instructions, "
                + "\(SVGText.number(end)) s host time (TCG; see docs/boot-trace.md)</text>",
        ]
        let colours = [
            "#c7d3e8", "#f4c27a", "#9fd39b", "#e89f9f", "#b9a3df", "#8fd0d6", "#e8d27a", "#d6a77a", "#a7c957", "#f2a0c8", "#9db4c0",
        ]
        for (index, phase) in phases(report).enumerated() where phase.end > phase.start {
            let x0 = x(phase.start)
            let x1 = x(phase.end)
            lines.append(
                "<g><title>\(SVGText.escaped(phase.name)): \(SVGText.number((phase.end - phase.start) * 1000)) ms</title>"
                    + "<rect x=\"\(SVGText.number(x0))\" y=\"\(bandTop)\" width=\"\(SVGText.number(max(x1 - x0, 0.5)))\" height=\"\(bandHeight)\" fill=\"\(colours[index % colours.count])\" stroke=\"#555\" stroke-width=\"0.3\"/>"
                    + (x1 - x0 > 40
                        ? "<text x=\"\(SVGText.number(x0 + 3))\" y=\"\(bandTop + 21)\">\(SVGText.escaped(String(phase.name.prefix(Int((x1 - x0) / 6)))))</text>"
                        : "")
                    + "</g>")
        }
        for (row, milestone) in milestones.enumerated() {
            let mx = x(milestone.hostSeconds)
            let y = tickTop + Double(row) * 15
            let label =
                "\(milestone.name) — \(SVGText.number(milestone.hostSeconds * 1000)) ms, \(SVGText.count(milestone.instruction)) insns"
            let anchor = mx > width * 0.6 ? "end" : "start"
            lines.append(
                "<line x1=\"\(SVGText.number(mx))\" y1=\"\(bandTop)\" x2=\"\(SVGText.number(mx))\" y2=\"\(SVGText.number(y))\" stroke=\"#333\" stroke-width=\"0.6\"/>"
            )
            lines.append(
                "<text x=\"\(SVGText.number(mx + (anchor == "end" ? -3 : 3)))\" y=\"\(SVGText.number(y + 4))\" text-anchor=\"\(anchor)\">\(SVGText.escaped(label))</text>"
            )
        }
        lines.append(
            "<text x=\"\(left)\" y=\"\(SVGText.number(subsystemTop - 10))\" font-size=\"13\">First run of each subsystem (by the object that defines the function)</text>"
        )
        for (row, subsystem) in subsystems.enumerated() {
            let sx = x(subsystem.hostSeconds)
            let y = subsystemTop + Double(row) * 14
            let anchor = sx > width * 0.6 ? "end" : "start"
            lines.append("<circle cx=\"\(SVGText.number(sx))\" cy=\"\(SVGText.number(y))\" r=\"3\" fill=\"#3a6ea5\"/>")
            lines.append(
                "<text x=\"\(SVGText.number(sx + (anchor == "end" ? -6 : 6)))\" y=\"\(SVGText.number(y + 4))\" text-anchor=\"\(anchor)\">\(SVGText.escaped(subsystem.name))</text>"
            )
        }
        let axisY = height - 24
        lines.append("<line x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(right)\" y2=\"\(axisY)\" stroke=\"#000\"/>")
        for tick in 0...10 {
            let seconds = end * Double(tick) / 10
            lines.append(
                "<text x=\"\(SVGText.number(x(seconds)))\" y=\"\(axisY + 15)\" text-anchor=\"middle\">\(SVGText.number(seconds)) s</text>")
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One band of the timeline: a phase of the boot from the milestone that begins it to the next one's.
    public struct Phase: Sendable, Hashable {
        public var name: String
        public var start: Double
        public var end: Double
    }

    /// Consecutive phases between the milestones that begin them, from the plugin's start to the trace's end.
    public func phases(_ report: TraceReport) -> [Phase] {
        let starts: [(String, Double)] =
            [("firmware + decompressor", 0)]
            + report.milestones.compactMap { milestone -> (String, Double)? in
                switch milestone.name {
                case "start_kernel": return ("early kernel (start_kernel)", milestone.hostSeconds)
                case "kernel_init": return ("kernel_init", milestone.hostSeconds)
                case "first execve (userspace begins)": return ("userspace (init)", milestone.hostSeconds)
                default:
                    let prefix = "initcall level "
                    guard milestone.name.hasPrefix(prefix) else { return nil }
                    return ("initcalls " + milestone.name.dropFirst(prefix.count), milestone.hostSeconds)
                }
            }.sorted { $0.1 < $1.1 }
        let end = report.milestones.first { $0.name == "trace end" }?.hostSeconds ?? starts.last?.1 ?? 0
        return starts.indices.map { Phase(name: starts[$0].0, start: starts[$0].1, end: $0 + 1 < starts.count ? starts[$0 + 1].1 : end) }
    }
}
