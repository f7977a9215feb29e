/// The 64-byte legacy image header u-boot puts in front of a uImage, uInitrd or boot.scr
/// (`image_header_t` in include/image.h; every multi-byte field big-endian).
///
/// Parsing accepts any header with the right magic and keeps every field as found, so a damaged header
/// can still be shown; whether its checksum holds is `headerCRCIsValid`.
public struct UBootImageHeader: Hashable, Sendable {
    /// Size of the header on disk; the data follows it directly.
    public static let byteCount = 64
    /// `IH_MAGIC`, the first four bytes of every legacy image.
    public static let magic: UInt32 = 0x2705_1956
    /// Length of the name field; a name this long has no terminating NUL.
    public static let nameLength = 32

    /// CRC-32 of the 64 header bytes with this field zero, as stored.
    public var headerCRC: UInt32
    /// Creation time, seconds since 1970 (UTC).
    public var timestamp: UInt32
    /// Number of data bytes after the header.
    public var dataSize: UInt32
    /// Where `bootm` puts the data (moving it there if it was loaded elsewhere).
    public var loadAddress: UInt32
    /// Where `bootm` jumps for a kernel.
    public var entryPoint: UInt32
    /// CRC-32 of the data, as stored.
    public var dataCRC: UInt32
    /// Raw `ih_os`; `os` names it when the number is known.
    public var osCode: UInt8
    /// Raw `ih_arch`; `architecture` names it when known.
    public var architectureCode: UInt8
    /// Raw `ih_type`; `type` names it when known.
    public var typeCode: UInt8
    /// Raw `ih_comp`; `compression` names it when known.
    public var compressionCode: UInt8
    /// The 32 name bytes exactly as stored.
    public var nameBytes: [UInt8]
    /// CRC-32 of the header as found, with the CRC field taken as zero.
    public let computedHeaderCRC: UInt32

    public var os: ImageOS? { ImageOS(rawValue: osCode) }
    public var architecture: ImageArchitecture? { ImageArchitecture(rawValue: architectureCode) }
    public var type: ImageType? { ImageType(rawValue: typeCode) }
    public var compression: ImageCompression? { ImageCompression(rawValue: compressionCode) }

    /// The name up to its first NUL (all 32 bytes when there is none), bad UTF-8 replaced.
    public var name: String {
        String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    public var headerCRCIsValid: Bool { headerCRC == computedHeaderCRC }

    /// Reads the header at the start of `bytes`. Throws only when there is no header to read:
    /// fewer than 64 bytes, or the wrong magic (with a guess at what the file is instead).
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(ImageProblem) -> UBootImageHeader {
        let raw = Array(bytes.prefix(byteCount))
        guard raw.count == byteCount else { throw .tooShort(size: bytes.count) }
        let magic = raw.bigEndianWord(at: 0)
        guard magic == Self.magic else {
            throw .badMagic(found: magic, looksLike: FileKindGuess.guess(Array(bytes.prefix(64))))
        }
        var zeroed = raw
        zeroed.replaceSubrange(4..<8, with: [0, 0, 0, 0])
        return UBootImageHeader(
            headerCRC: raw.bigEndianWord(at: 4), timestamp: raw.bigEndianWord(at: 8),
            dataSize: raw.bigEndianWord(at: 12), loadAddress: raw.bigEndianWord(at: 16),
            entryPoint: raw.bigEndianWord(at: 20), dataCRC: raw.bigEndianWord(at: 24),
            osCode: raw[28], architectureCode: raw[29], typeCode: raw[30], compressionCode: raw[31],
            nameBytes: Array(raw[32..<64]), computedHeaderCRC: CRC32.checksum(zeroed))
    }
}

extension Array where Element == UInt8 {
    /// The big-endian 32-bit word at `offset` (the caller has checked the bounds).
    func bigEndianWord(at offset: Int) -> UInt32 {
        self[offset..<offset + 4].reduce(0) { ($0 << 8) | UInt32($1) }
    }
}
