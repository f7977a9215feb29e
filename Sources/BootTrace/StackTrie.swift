/// Call stacks reconstructed from the order blocks ran in, as a trie of (caller path, function) nodes with the
/// instructions that ran in each node itself. A block at a function's first instruction is a call (pushed); a
/// block in the middle of a function returns to it (popped to its frame), or, when no frame on the stack is
/// that function, resumes the set-aside stack that has it deepest (a task switched back in), or else
/// starts a new stack there (and sets the old one aside: a context switch away from it).
public struct StackTrie: Sendable {
    /// Per node: the parent node (-1 for the root), the function (-1 for the root), the node's own instructions.
    public private(set) var parent: [Int32] = [-1]
    public private(set) var function: [Int32] = [-1]
    public private(set) var selfInstructions: [UInt64] = [0]
    private var children: [UInt64: Int32] = [:]
    /// The current path of nodes, the root first.
    private var path: [Int32] = [0]
    /// Deeper than this the stack is taken as lost (a missed return) and restarted.
    static let depthLimit = 512
    /// Stacks left by a switch to another stack, most recent last, to resume when their task runs again.
    private var setAside: [[Int32]] = []
    static let setAsideLimit = 1024

    public init() {}

    var top: Int32 { path[path.count - 1] }
    var topFunction: Int32 { function[Int(top)] }

    mutating func child(of node: Int32, _ callee: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: callee))
        if let known = children[key] { return known }
        let made = Int32(parent.count)
        parent.append(node)
        function.append(callee)
        selfInstructions.append(0)
        children[key] = made
        return made
    }

    /// A block of `callee` ran starting at its first instruction.
    public mutating func call(_ callee: Int32) {
        if callee == topFunction { return }
        if path.count >= Self.depthLimit { path.removeSubrange(1...) }
        path.append(child(of: top, callee))
    }

    /// A block in the middle of `function` ran while another function was on top.
    public mutating func resume(_ resumed: Int32) {
        var depth = path.count - 1
        while depth > 0 {
            if function[Int(path[depth])] == resumed {
                path.removeSubrange((depth + 1)...)
                return
            }
            depth -= 1
        }
        if path.count > 1 { setAside.append(path) }
        if setAside.count > Self.setAsideLimit { setAside.removeFirst() }
        // The set-aside stack with the resumed function deepest wins (most recent on a tie): a stack that was
        // itself a guess starts near the root and must not capture a task whose whole stack is known.
        var best: (index: Int, depth: Int)?
        for index in stride(from: setAside.count - 2, through: 0, by: -1) {
            if let depth = setAside[index].lastIndex(where: { function[Int($0)] == resumed }), depth > (best?.depth ?? 0) {
                best = (index, depth)
            }
        }
        if let best {
            path = Array(setAside[best.index][...best.depth])
            setAside.remove(at: best.index)
            return
        }
        path.removeSubrange(1...)
        path.append(child(of: 0, resumed))
    }

    public mutating func count(_ instructions: UInt64) {
        selfInstructions[Int(top)] &+= instructions
    }

    /// Instructions of each node and all below it.
    public func inclusiveInstructions() -> [UInt64] {
        var total = selfInstructions
        for node in stride(from: total.count - 1, to: 0, by: -1) {
            total[Int(parent[node])] &+= total[node]
        }
        return total
    }

    /// The function indexes from the outermost frame to `node`.
    public func frames(_ node: Int) -> [Int32] {
        var frames: [Int32] = []
        var current = node
        while current > 0 {
            frames.append(function[current])
            current = Int(parent[current])
        }
        return frames.reversed()
    }
}
