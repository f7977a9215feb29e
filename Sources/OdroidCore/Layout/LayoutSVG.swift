import Foundation

/// The layout as an SVG picture a user can open in a browser: the same panels as the text (all of DRAM, then
/// the load area), each window a to-scale bar on its own row, collisions painted red across both windows.
public struct LayoutSVG: Sendable {
    public var scene: LayoutScene

    public init(scene: LayoutScene) {
        self.scene = scene
    }

    private var labelWidth: Double { 20 + 7.3 * Double(scene.lanes.map(\.label.count).max() ?? 20) }
    private let barWidth = 520.0
    private var width: Double { labelWidth + barWidth + 200 }
    private let rowHeight = 22.0

    public func render() -> String {
        var body: [String] = []
        var y = 40.0
        body.append(text(x: 10, y: 24, scene.title, size: 16, weight: "bold"))
        body += panel(scene.wholeView, heading: "DRAM \(Hex.range(scene.dram)) (\(Hex.size(scene.dram.size)))", y: &y)
        if let area = scene.loadArea {
            body += panel(area, heading: "Close-up of the load area \(Hex.range(area))", y: &y)
        }
        body.append(rect(x: 10, y: y, width: 14, height: 12, fill: "#4a90d9", opacity: 1))
        body.append(text(x: 30, y: y + 11, "real size"))
        body.append(rect(x: 120, y: y, width: 14, height: 12, fill: "#4a90d9", opacity: 0.35))
        body.append(text(x: 140, y: y + 11, "profile maximum (no artifact given)"))
        body.append(rect(x: 430, y: y, width: 14, height: 12, fill: "#d0021b", opacity: 0.8))
        body.append(text(x: 450, y: y + 11, "overlap"))
        body.append(rect(x: 530, y: y, width: 14, height: 12, fill: "#f5a623", opacity: 1))
        body.append(text(x: 550, y: y + 11, "reserved (u-boot, boot.ini buffer)"))
        y += 30
        let lines =
            scene.problems.isEmpty ? ["No problems: every window is inside DRAM and nothing overlaps."] : scene.problems.map { "⚠ \($0)" }
        for line in lines {
            body.append(text(x: 10, y: y, line, fill: scene.problems.isEmpty ? "#1a7f37" : "#d0021b"))
            y += 18
        }
        let height = y + 10
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="monospace" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            \(body.joined(separator: "\n"))
            </svg>

            """
    }

    private func panel(_ span: MemoryRegion, heading: String, y: inout Double) -> [String] {
        var out = [text(x: 10, y: y + 12, heading, size: 13, weight: "bold")]
        y += 20
        out.append(text(x: labelWidth, y: y + 10, Hex.address(span.start), size: 10))
        out.append(text(x: labelWidth + barWidth, y: y + 10, Hex.address(span.end), size: 10, anchor: "end"))
        y += 14
        func x(_ address: UInt64) -> Double {
            labelWidth + barWidth * Double(address &- span.start) / Double(max(span.size, 1))
        }
        func bar(_ region: MemoryRegion) -> (Double, Double) {
            let start = max(region.start, span.start)
            let end = min(region.end, span.end)
            let left = x(start)
            return (left, max(2, x(end) - left))
        }
        if scene.dram.overlaps(span) {
            let (left, w) = bar(scene.dram)
            out.append(text(x: 10, y: y + 15, "DRAM"))
            out.append(rect(x: left, y: y + 4, width: w, height: rowHeight - 8, fill: "#9b9b9b", opacity: 0.5))
            y += rowHeight
        }
        for (index, lane) in scene.lanes.enumerated() where lane.region.overlaps(span) {
            let (left, w) = bar(lane.region)
            let colour = lane.kind == .reserved ? "#f5a623" : "#4a90d9"
            out.append(rect(x: labelWidth, y: y + 2, width: barWidth, height: rowHeight - 4, fill: "#f2f2f2", opacity: 1))
            out.append(rect(x: left, y: y + 2, width: w, height: rowHeight - 4, fill: colour, opacity: lane.actualSize ? 1 : 0.35))
            for collision in scene.collisions where collision.first == index || collision.second == index {
                let (cl, cw) = bar(collision.region)
                out.append(rect(x: cl, y: y + 2, width: cw, height: rowHeight - 4, fill: "#d0021b", opacity: 0.8))
            }
            out.append(text(x: 10, y: y + 15, lane.label, fill: scene.collides(index) ? "#d0021b" : "black"))
            let size = lane.actualSize ? Hex.size(lane.region.size) : "≤ \(Hex.size(lane.region.size))"
            out.append(text(x: labelWidth + barWidth + 8, y: y + 15, "\(Hex.range(lane.region)) \(size)", size: 10))
            y += rowHeight
        }
        y += 14
        return out
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, fill: String, opacity: Double) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\" fill-opacity=\"\(f(opacity))\"/>"
    }

    private func text(
        x: Double, y: Double, _ content: String, size: Int = 12, weight: String = "normal", fill: String = "black", anchor: String = "start"
    ) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" font-weight=\"\(weight)\" fill=\"\(fill)\" text-anchor=\"\(anchor)\">\(escape(content))</text>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
