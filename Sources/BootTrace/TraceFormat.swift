/// The files the `odroid-trace` QEMU plugin (plugins/boot-trace/odroid-trace.c) writes, as values: the table of
/// translated blocks, the word stream of executed blocks and host times, and the clocks at its start.
public enum TraceFormat {
    /// A word with this bit set is a control word, not a block id.
    public static let controlBit: UInt32 = 0x8000_0000
    /// Followed by two words: host nanoseconds since the plugin started (low, high).
    public static let timeWord: UInt32 = 0x8000_0000
    /// Followed by four words: instructions (low, high) and blocks (low, high) that ran before the kernel.
    public static let skippedWord: UInt32 = 0x8000_0001
    /// Where 32-bit ARM's kernel and modules start (MODULES_VADDR = PAGE_OFFSET - 16 MiB); below is userspace
    /// once the kernel runs, and firmware before it.
    public static let kernelStart: UInt32 = 0xbf00_0000
    /// File names inside a raw trace directory.
    public static let blocksFile = "blocks.bin"
    public static let execFile = "exec.bin"
    public static let startFile = "start.bin"
}

/// One translated block: where it starts and how many guest instructions it holds.
public struct TranslatedBlock: Sendable, Hashable {
    public var address: UInt32
    public var instructions: UInt32

    public init(address: UInt32, instructions: UInt32) {
        self.address = address
        self.instructions = instructions
    }

    /// Reads blocks.bin: 8 bytes per block (address, instruction count), the index being the block's id.
    public static func table(_ bytes: [UInt8]) -> [TranslatedBlock] {
        let words = LittleEndianWords(bytes)
        return (0..<(bytes.count / 8)).map { TranslatedBlock(address: words[2 * $0], instructions: words[2 * $0 + 1]) }
    }
}

/// Little-endian 32-bit words of a byte array (the plugin's files; also ELF32 fields).
struct LittleEndianWords {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    subscript(index: Int) -> UInt32 { word(at: index * 4) }

    func word(at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    func half(at offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
}
