/// The layout as text for a terminal: each window a row of a to-scale bar across DRAM, then a close-up of the
/// load area where kernel, initrd and dtb sit a few MiB apart. '#' real size, '=' profile maximum, 'X' overlap.
public struct LayoutText: Sendable {
    public var scene: LayoutScene
    /// Columns of the to-scale bars.
    public var width: Int

    public init(scene: LayoutScene, width: Int = 64) {
        self.scene = scene
        self.width = width
    }

    public func render() -> String {
        var lines = ["Memory layout for \(scene.title)"]
        lines += panel(scene.wholeView, heading: "DRAM \(Hex.range(scene.dram)) (\(Hex.size(scene.dram.size)))")
        if let area = scene.loadArea {
            lines.append("")
            lines += panel(area, heading: "Close-up \(Hex.range(area)) (\(Hex.size(area.size)))")
        }
        lines.append("")
        lines.append("  # real size   = profile maximum (no artifact given)   X overlaps another window")
        lines.append("")
        if scene.problems.isEmpty {
            lines.append("No problems: every window is inside DRAM and nothing overlaps.")
        } else {
            lines.append("Problems:")
            lines += scene.problems.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var labelWidth: Int { max(20, scene.lanes.map(\.label.count).max() ?? 0) }

    private func panel(_ span: MemoryRegion, heading: String) -> [String] {
        let step = max(1, (span.size + UInt64(width) - 1) / UInt64(width))
        let indent = String(repeating: " ", count: labelWidth + 2)
        let startLabel = Hex.address(span.start)
        let endLabel = Hex.address(span.end)
        let gap = max(1, width + 2 - startLabel.count - endLabel.count)
        var lines = [
            "\(heading), one column = \(Hex.size(step))",
            indent + startLabel + String(repeating: " ", count: gap) + endLabel,
        ]
        var dramBar = [Character](repeating: " ", count: width)
        if scene.dram.overlaps(span) {
            for column in columns(scene.dram, span: span, step: step) { dramBar[column] = "-" }
        }
        lines.append("DRAM".padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " |\(String(dramBar))| \(Hex.range(scene.dram))")
        for (index, lane) in scene.lanes.enumerated() {
            guard lane.region.overlaps(span) || (lane.region.size == 0 && lane.region.start >= span.start && lane.region.start < span.end)
            else { continue }
            let fill: Character = lane.actualSize ? "#" : "="
            var bar = [Character](repeating: ".", count: width)
            for column in columns(lane.region, span: span, step: step) { bar[column] = fill }
            for collision in scene.collisions where collision.first == index || collision.second == index {
                for column in columns(collision.region, span: span, step: step) { bar[column] = "X" }
            }
            let label = lane.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let size = lane.actualSize ? Hex.size(lane.region.size) : "≤ \(Hex.size(lane.region.size))"
            lines.append("\(label) |\(String(bar))| \(Hex.range(lane.region)) \(size)")
        }
        return lines
    }

    /// The columns `region` covers inside `span`; at least one when it touches the span at all.
    private func columns(_ region: MemoryRegion, span: MemoryRegion, step: UInt64) -> ClosedRange<Int> {
        let start = max(region.start, span.start)
        let end = max(start + 1, min(region.end, span.end))
        let first = Int((start - span.start) / step)
        let last = Int((end - 1 - span.start) / step)
        return min(first, width - 1)...min(max(first, last), width - 1)
    }
}
