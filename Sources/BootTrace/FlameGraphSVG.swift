/// A flame graph of the reconstructed call stacks: one box per stack node, as wide as the instructions that
/// ran in it and below it, callers at the bottom. Boxes narrower than `minimumWidth` are left out (their
/// instructions still widen their callers); each box's tooltip names its function, count and share.
public struct FlameGraphSVG: Sendable {
    public var width = 1200.0
    public var rowHeight = 16.0
    public var minimumWidth = 0.5
    public var title = "Boot flame graph (guest instructions)"

    public init() {}

    struct Box {
        var name: String
        var count: UInt64
        var x: Double
        var width: Double
        var depth: Int
    }

    func boxes(_ stacks: StackTrie, functions: [FunctionTable.Function]) -> (boxes: [Box], total: UInt64) {
        let inclusive = stacks.inclusiveInstructions()
        var children = [[Int]](repeating: [], count: inclusive.count)
        for node in 1..<inclusive.count { children[Int(stacks.parent[node])].append(node) }
        let total = max(inclusive[0], 1)
        func name(_ node: Int) -> String { functions[Int(stacks.function[node])].name }
        var boxes: [Box] = []
        var work: [(node: Int, x: Double, depth: Int)] = [(0, 0, 0)]
        while let (node, x, depth) = work.popLast() {
            var offset = x
            for child in children[node].sorted(by: { name($0) < name($1) }) {
                let boxWidth = Double(inclusive[child]) / Double(total) * width
                if boxWidth >= minimumWidth {
                    boxes.append(Box(name: name(child), count: inclusive[child], x: offset, width: boxWidth, depth: depth))
                    work.append((child, offset, depth + 1))
                }
                offset += boxWidth
            }
        }
        return (boxes, total)
    }

    public func render(_ stacks: StackTrie, functions: [FunctionTable.Function]) -> String {
        let (boxes, total) = boxes(stacks, functions: functions)
        let rows = (boxes.map(\.depth).max() ?? 0) + 1
        let height = Double(rows) * rowHeight + 40
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\" font-family=\"monospace\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#fdfdf6\"/>",
            "<text x=\"6\" y=\"18\" font-size=\"14\">\(SVGText.escaped(title)): \(SVGText.count(total)) in all</text>",
        ]
        for box in boxes {
            let y = height - Double(box.depth + 1) * rowHeight - 4
            let share = Double(box.count) / Double(total) * 100
            let hue = 10 + Int(box.name.unicodeScalars.reduce(UInt32(7)) { $0 &* 31 &+ $1.value } % 50)
            let label = box.width > 30 ? String(box.name.prefix(Int((box.width - 4) / 6.6))) : ""
            lines.append(
                "<g><title>\(SVGText.escaped(box.name)): \(box.count) instructions (\(SVGText.number(share))%)</title>"
                    + "<rect x=\"\(SVGText.number(box.x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(box.width))\" "
                    + "height=\"\(SVGText.number(rowHeight - 1))\" fill=\"hsl(\(hue),85%,60%)\"/>"
                    + (label.isEmpty
                        ? ""
                        : "<text x=\"\(SVGText.number(box.x + 2))\" y=\"\(SVGText.number(y + rowHeight - 4))\">\(SVGText.escaped(label))</text>")
                    + "</g>")
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
