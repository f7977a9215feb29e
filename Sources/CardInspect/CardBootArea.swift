import BootPartition
import Foundation

/// The sectors before a card's first partition, where the Exynos boards' bootloader blobs live, and what is
/// in them: which of the known layouts (Hardkernel's sd_fusing.sh for 2012.07 and 2017.05, mainline's 1 MiB
/// one) the blobs sit in, and the u-boot binary at sector 63.
public struct CardBootArea: Sendable {
    /// Where Hardkernel's and mainline's fusing scripts put the blobs (512-byte sectors on SD).
    public struct Layout: Sendable, Equatable {
        public var name: String
        public var uBoot: Int
        public var trustZone: Int
        public var environment: Int
        public var flavourHint: String

        public static let known = [
            Layout(
                name: "Hardkernel 2012.07 (ODROID-XU, early XU3)", uBoot: 63, trustZone: 719, environment: 1231,
                flavourHint: "hardkernel-2012"),
            Layout(
                name: "Hardkernel 2017.05 (XU3/XU4, 720 KiB u-boot)", uBoot: 63, trustZone: 1503, environment: 2015,
                flavourHint: "hardkernel-2017"),
            Layout(name: "mainline odroid-xu3 (1 MiB u-boot)", uBoot: 63, trustZone: 2111, environment: 6272, flavourHint: "mainline"),
        ]
    }

    public var firstPartitionSector: Int?
    /// Non-zero at bl1 (sector 1) and bl2 (sector 31).
    public var hasBL1: Bool
    public var hasBL2: Bool
    /// The layout whose TrustZone slot is the furthest one holding data before the first partition (a
    /// 2017.05 u-boot itself covers the 2012.07 slot, a mainline one the 2017.05 slot stays empty).
    public var layout: Layout?
    public var uBoot: UBootBinary?

    /// Reads `path` (a whole-disk image or a card's block device).
    public static func read(path: String) throws(BootPartitionError) -> CardBootArea {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unusable("\(path): cannot open (a whole-disk image or a card's device)")
        }
        defer { try? handle.close() }
        let first = (try? handle.read(upToCount: 512)) ?? Data()
        let table = try? MBRPartitionTable(sector: first)
        let start = table?.entries.map { Int($0.startSector) }.filter { $0 > 0 }.min()
        // Up to the first partition, at most 8 MiB; without a partition table the first 4 MiB.
        let limit = min(start ?? 8192, 16384)
        try? handle.seek(toOffset: 0)
        let data = (try? handle.read(upToCount: limit * 512)) ?? Data()
        return CardBootArea(data, firstPartitionSector: start)
    }

    public init(_ data: Data, firstPartitionSector: Int?) {
        let bytes = [UInt8](data)
        func nonZero(_ sector: Int, count: Int = 16) -> Bool {
            let from = sector * 512, to = min(bytes.count, from + count * 512)
            return from < to && bytes[from..<to].contains { $0 != 0 }
        }
        self.firstPartitionSector = firstPartitionSector
        hasBL1 = nonZero(1, count: 8)
        hasBL2 = nonZero(31, count: 8)
        layout = Layout.known.filter { $0.trustZone < (firstPartitionSector ?? Int.max) && nonZero($0.trustZone, count: 8) }
            .max { $0.trustZone < $1.trustZone }
        if nonZero(63, count: 8) {
            let end = min(bytes.count, (layout?.trustZone ?? 2111) * 512)
            uBoot = end > 63 * 512 ? UBootBinary(Data(bytes[(63 * 512)..<end])) : nil
        } else {
            uBoot = nil
        }
    }
}
