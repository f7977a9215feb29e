/// The functions a trace ran, numbered densely, and for each translated block the function it starts in and
/// whether it starts at that function's first instruction (a call or a jump to its start).
public struct FunctionTable: Sendable {
    public struct Function: Sendable, Hashable {
        public var name: String
        public var address: UInt32
        public var module: String?
        public var isUser: Bool
    }

    /// Names of the functions that are not kernel symbols.
    public static let userName = "[userspace]"
    public static let vectorsName = "[vectors]"
    public static let unknownName = "[kernel: no symbol]"

    public private(set) var functions: [Function] = []
    /// Per block id: function index, instruction count, starts at the function's entry.
    public private(set) var blockFunction: [Int32] = []
    public private(set) var blockInstructions: [UInt32] = []
    public private(set) var blockIsEntry: [Bool] = []
    private var indexBySymbol: [Int: Int32] = [:]
    private var indexByName: [String: Int32] = [:]

    public init(blocks: [TranslatedBlock], symbols: KernelSymbols, kernelStart: UInt32 = TraceFormat.kernelStart) {
        blockFunction.reserveCapacity(blocks.count)
        for block in blocks {
            var entry = false
            let function: Int32
            if block.address < kernelStart {
                function = bucket(FunctionTable.userName, isUser: true)
            } else if let index = symbols.index(containing: block.address), symbols.symbols[index].isCode,
                block.address < 0xffff_0000 || symbols.symbols[index].address >= 0xffff_0000
            {
                let symbol = symbols.symbols[index]
                entry = symbol.address == block.address
                if let known = indexBySymbol[index] {
                    function = known
                } else {
                    function = Int32(functions.count)
                    functions.append(Function(name: symbol.name, address: symbol.address, module: symbol.module, isUser: false))
                    indexBySymbol[index] = function
                }
            } else if block.address >= 0xffff_0000 {
                // The exception vectors page: its stubs are named in System.map, the vector table itself is not.
                function = bucket(FunctionTable.vectorsName, isUser: false)
                entry = true  // an exception taken: it stacks on what it interrupted
            } else {
                function = bucket(FunctionTable.unknownName, isUser: false)
            }
            blockFunction.append(function)
            blockInstructions.append(block.instructions)
            blockIsEntry.append(entry)
        }
    }

    private mutating func bucket(_ name: String, isUser: Bool) -> Int32 {
        if let known = indexByName[name] { return known }
        let index = Int32(functions.count)
        functions.append(Function(name: name, address: 0, module: nil, isUser: isUser))
        indexByName[name] = index
        return index
    }

    /// The index of the function named `name`, if the trace ran it.
    public func index(named name: String) -> Int? {
        functions.firstIndex { $0.name == name }
    }
}
