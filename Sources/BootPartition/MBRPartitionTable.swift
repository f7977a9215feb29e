import Foundation

/// The four primary entries of an MBR partition table (the first 512 bytes of a whole-disk image), read in
/// Swift so `--partition N` needs no sfdisk: an entry's byte offset is its start LBA times 512.
public struct MBRPartitionTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var number: Int
        public var type: UInt8
        public var startSector: UInt64
        public var sectorCount: UInt64
        public var byteOffset: UInt64 { startSector * 512 }
        public var isFAT: Bool { [0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e, 0xef].contains(type) }
    }

    public var entries: [Entry]

    /// Parses the first sector. Throws when the 0x55AA signature is missing (not a partitioned disk image).
    public init(sector: Data) throws(BootPartitionError) {
        let bytes = [UInt8](sector.prefix(512))
        guard bytes.count == 512, bytes[510] == 0x55, bytes[511] == 0xAA else {
            throw .unusable(
                "no MBR partition table (the first sector does not end in 55 AA); use --offset for a filesystem at a byte offset, or neither for a bare FAT image"
            )
        }
        func le32(_ at: Int) -> UInt64 {
            UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 | UInt64(bytes[at + 2]) << 16 | UInt64(bytes[at + 3]) << 24
        }
        entries = (0..<4).compactMap { index in
            let base = 446 + 16 * index
            let type = bytes[base + 4]
            guard type != 0 else { return nil }
            return Entry(number: index + 1, type: type, startSector: le32(base + 8), sectorCount: le32(base + 12))
        }
    }

    /// Reads the table of the image at `path`.
    public static func read(imagePath: String) throws(BootPartitionError) -> MBRPartitionTable {
        guard let handle = FileHandle(forReadingAtPath: imagePath) else { throw .unusable("\(imagePath): cannot open the image") }
        defer { try? handle.close() }
        let sector = (try? handle.read(upToCount: 512)) ?? nil
        return try MBRPartitionTable(sector: sector ?? Data())
    }

    /// Byte offset of partition `number` (1 to 4), or why it cannot be used.
    public func offset(ofPartition number: Int, image: String) throws(BootPartitionError) -> UInt64 {
        guard let entry = entries.first(where: { $0.number == number }) else {
            let present = entries.map { String($0.number) }.joined(separator: ", ")
            throw .unusable("\(image) has no partition \(number) (partitions present: \(present.isEmpty ? "none" : present))")
        }
        guard entry.isFAT else {
            throw .unusable(
                "\(image) partition \(number) has type 0x\(String(entry.type, radix: 16)), not a FAT type (0x0b, 0x0c, 0x0e, ...)")
        }
        return entry.byteOffset
    }

    /// For an image opened with neither a partition nor an offset: when its first sector is an MBR rather
    /// than a FAT boot sector (no x86 jump, no sane bytes-per-sector) and the table holds exactly one FAT
    /// partition, that partition; otherwise nil (a bare FAT image, or a disk where the user must choose).
    public static func soleFATPartition(imagePath: String) -> Entry? {
        guard let handle = FileHandle(forReadingAtPath: imagePath) else { return nil }
        defer { try? handle.close() }
        guard let sector = try? handle.read(upToCount: 512), sector.count == 512 else { return nil }
        let bytes = [UInt8](sector)
        let bytesPerSector = Int(bytes[11]) | Int(bytes[12]) << 8
        let looksLikeFAT = (bytes[0] == 0xEB || bytes[0] == 0xE9) && [512, 1024, 2048, 4096].contains(bytesPerSector)
        guard !looksLikeFAT, let table = try? MBRPartitionTable(sector: sector) else { return nil }
        let fat = table.entries.filter(\.isFAT)
        return fat.count == 1 ? fat[0] : nil
    }
}
