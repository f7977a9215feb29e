/// The parts of a 32-bit little-endian ELF file the trace needs: section headers, bytes at a virtual address
/// (vmlinux's initcall tables) and the function symbols of a section (a module's .text). Reads bytes only.
public struct ElfImage: Sendable {
    public struct Section: Sendable, Hashable {
        public var name: String
        public var type: UInt32
        public var address: UInt32
        public var offset: Int
        public var size: Int
        public var link: Int
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notElf32LittleEndian
        case truncated(String)

        public var description: String {
            switch self {
            case .notElf32LittleEndian: return "not a 32-bit little-endian ELF file"
            case .truncated(let what): return "ELF file truncated in \(what)"
            }
        }
    }

    public let sections: [Section]
    private let words: LittleEndianWords

    public init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 52, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46, bytes[4] == 1, bytes[5] == 1 else {
            throw .notElf32LittleEndian
        }
        let words = LittleEndianWords(bytes)
        let headerOffset = Int(words.word(at: 0x20))
        let entrySize = Int(words.half(at: 0x2e))
        let count = Int(words.half(at: 0x30))
        let namesIndex = Int(words.half(at: 0x32))
        guard entrySize >= 40, headerOffset + count * entrySize <= bytes.count, namesIndex < count else {
            throw .truncated("section headers")
        }
        var raw: [(nameOffset: Int, section: Section)] = []
        for index in 0..<count {
            let base = headerOffset + index * entrySize
            raw.append(
                (
                    Int(words.word(at: base)),
                    Section(
                        name: "", type: words.word(at: base + 4), address: words.word(at: base + 12),
                        offset: Int(words.word(at: base + 16)),
                        size: Int(words.word(at: base + 20)), link: Int(words.word(at: base + 24)))
                ))
        }
        let names = raw[namesIndex].section
        guard names.offset + names.size <= bytes.count else { throw .truncated("section names") }
        sections = raw.map { item in
            var section = item.section
            section.name = ElfImage.string(bytes, at: names.offset + item.nameOffset, end: names.offset + names.size)
            return section
        }
        self.words = words
    }

    static func string(_ bytes: [UInt8], at start: Int, end: Int) -> String {
        guard start < end else { return "" }
        var stop = start
        while stop < end, bytes[stop] != 0 { stop += 1 }
        return String(decoding: bytes[start..<stop], as: UTF8.self)
    }

    /// The 32-bit words from `start` up to `end` (virtual addresses inside one section with file contents).
    public func words(from start: UInt32, to end: UInt32) throws(Failure) -> [UInt32] {
        guard end > start else { return [] }
        guard
            let section = sections.first(where: {
                $0.type != 8 && $0.address <= start && end <= $0.address &+ UInt32($0.size) && $0.address != 0
            })
        else { throw .truncated("no section holds 0x\(String(start, radix: 16))..0x\(String(end, radix: 16))") }
        let offset = section.offset + Int(start - section.address)
        guard offset + Int(end - start) <= words.bytes.count else { throw .truncated(section.name) }
        return stride(from: 0, to: Int(end - start) / 4 * 4, by: 4).map { words.word(at: offset + $0) }
    }

    /// Function symbols (STT_FUNC) defined in the section named `sectionName`, with their offsets in it.
    public func functions(in sectionName: String) -> [(name: String, offset: UInt32)] {
        guard let target = sections.firstIndex(where: { $0.name == sectionName }) else { return [] }
        var found: [(name: String, offset: UInt32)] = []
        for table in sections where table.type == 2 && table.link < sections.count {
            let strings = sections[table.link]
            for base in stride(from: table.offset, to: table.offset + table.size - 15, by: 16) where base + 16 <= words.bytes.count {
                let info = words.bytes[base + 12]
                let sectionIndex = Int(words.half(at: base + 14))
                guard info & 0xf == 2, sectionIndex == target else { continue }
                let name = ElfImage.string(words.bytes, at: strings.offset + Int(words.word(at: base)), end: strings.offset + strings.size)
                found.append((name, words.word(at: base + 4) & ~1))
            }
        }
        return found
    }
}
