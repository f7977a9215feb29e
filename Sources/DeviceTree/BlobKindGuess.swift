/// Recognises what users most often pass instead of a .dtb, so the bad-magic error can say so.
enum BlobKindGuess {
    static func guess(_ start: [UInt8]) -> String? {
        func word(_ offset: Int) -> UInt32? {
            guard start.count >= offset + 4 else { return nil }
            return start[offset..<offset + 4].reduce(0) { ($0 << 8) | UInt32($1) }
        }
        if word(0) == 0x2705_1956 { return "a u-boot legacy image (uImage, uInitrd or boot.scr)" }
        if word(0x24).map({ $0.byteSwapped }) == 0x016F_2818 { return "an ARM zImage" }
        if start.starts(with: Array("/dts-v1/".utf8)) { return "device-tree source (.dts); compile it with dtc" }
        if start.starts(with: [0x1F, 0x8B]) { return "a gzip file" }
        if start.count >= 4, start.prefix(4).elementsEqual([0xED, 0xFE, 0x0D, 0xD0]) {
            return "a device-tree blob with its bytes swapped"
        }
        return nil
    }
}
