/// Call stacks in the folded form flame-graph tools read: `outer;inner;leaf COUNT` per line, the count
/// being the instructions that ran in the leaf itself with that stack.
public enum FoldedStacks {
    public static func render(_ stacks: StackTrie, functions: [FunctionTable.Function]) -> String {
        var lines: [String] = []
        for node in 1..<stacks.selfInstructions.count where stacks.selfInstructions[node] > 0 {
            let names = stacks.frames(node).map { functions[Int($0)].name.replacingSemicolons }
            lines.append("\(names.joined(separator: ";")) \(stacks.selfInstructions[node])")
        }
        return lines.sorted().joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}

extension String {
    fileprivate var replacingSemicolons: String { String(map { $0 == ";" || $0 == " " ? "_" : $0 }) }
}
