/// Recognises the files most often given where a legacy image was expected, so a bad-magic error can say
/// "this is a zImage" instead of only "bad magic".
enum FileKindGuess {
    static func guess(_ start: [UInt8]) -> String? {
        func word(_ offset: Int, littleEndian: Bool = false) -> UInt32? {
            guard start.count >= offset + 4 else { return nil }
            let bytes = start[offset..<offset + 4]
            return littleEndian
                ? bytes.reversed().reduce(0) { ($0 << 8) | UInt32($1) }
                : bytes.reduce(0) { ($0 << 8) | UInt32($1) }
        }
        if word(0) == 0xD00D_FEED { return "a device-tree blob or FIT image" }
        if word(0x24, littleEndian: true) == 0x016F_2818 { return "a raw ARM zImage (wrap it with mkimage -T kernel)" }
        if start.starts(with: [0x1F, 0x8B]) { return "a gzip file (a raw initramfs? wrap it with mkimage -T ramdisk)" }
        if start.starts(with: Array("070701".utf8)) { return "an uncompressed cpio archive" }
        if start.starts(with: Array("ODROIDXU-".utf8)) || start.starts(with: Array("odroidxu-".utf8)) {
            return "a plain-text boot.ini"
        }
        if word(0x38) == 0x4152_4D64 { return "a raw ARM64 Image" }
        if !start.isEmpty, start.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) }) {
            return "plain text (a script not wrapped with mkimage -T script?)"
        }
        if !start.isEmpty, start.allSatisfy({ $0 == 0 }) { return "zeroes (an empty or wiped file)" }
        return nil
    }
}
