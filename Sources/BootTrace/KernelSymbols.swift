/// The kernel's (and loaded modules') symbols sorted by address, for naming the function a guest address
/// falls in. Read from System.map (`c0100000 T _stext`); module symbols are added at their load address.
public struct KernelSymbols: Sendable {
    public struct Symbol: Sendable, Hashable {
        public var address: UInt32
        public var name: String
        /// Code (`t`/`T`/`w`/`W` in System.map, STT_FUNC in a module): only code names a running function.
        public var isCode: Bool
        /// The module it belongs to, or nil for vmlinux.
        public var module: String?

        public init(address: UInt32, name: String, isCode: Bool, module: String? = nil) {
            self.address = address
            self.name = name
            self.isCode = isCode
            self.module = module
        }
    }

    public private(set) var symbols: [Symbol]

    public init(_ symbols: [Symbol]) {
        // At one address a code symbol sorts last, so that it is the one `index(containing:)` finds.
        self.symbols = symbols.enumerated().sorted {
            ($0.element.address, $0.element.isCode ? 1 : 0, $0.offset) < ($1.element.address, $1.element.isCode ? 1 : 0, $1.offset)
        }
        .map(\.element)
    }

    /// Parses System.map text; lines that are not `HEX TYPE NAME` are skipped.
    public static func systemMap(_ text: String) -> KernelSymbols {
        var symbols: [Symbol] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let address = UInt32(fields[0], radix: 16), let type = fields[1].first else { continue }
            symbols.append(Symbol(address: address, name: String(fields[2]), isCode: "tTwW".contains(type)))
        }
        return KernelSymbols(symbols)
    }

    /// These symbols added (a module's, relocated to its load address).
    public func adding(_ more: [Symbol]) -> KernelSymbols { KernelSymbols(symbols + more) }

    /// The index of the last symbol at or below `address`, or nil below the first.
    public func index(containing address: UInt32) -> Int? {
        var low = 0
        var high = symbols.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The first code symbol named `name`.
    public func address(of name: String) -> UInt32? {
        symbols.first { $0.name == name }?.address
    }
}
