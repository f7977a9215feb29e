/// CRC-32 as zlib's `crc32()` computes it (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).
/// u-boot checks both legacy-header checksums with exactly this function, so ours must agree bit for bit.
public enum CRC32 {
    /// One 256-entry table, built once: entry `n` is the CRC register after shifting byte `n` through.
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = (value & 1) != 0 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// The checksum of `bytes`, continuing from `crc` (pass a previous result to checksum data in pieces).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var register = ~crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                register = table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
            }
        }
        return ~register
    }

    /// The checksum of any byte sequence (arrays, `Data`, slices).
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes, continuing crc: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), continuing: crc) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0, continuing: crc) }
    }
}
