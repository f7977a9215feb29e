/// One thing wrong with a legacy image, said the way a user can act on it. Parsing throws the first two
/// (no header at all); `LegacyImage.problems` and `LegacyImage.check(_:)` return the rest, all at once.
public enum ImageProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than 64 bytes: no header.
    case tooShort(size: Int)
    /// The first word is not 0x27051956; `looksLike` guesses what the file is instead.
    case badMagic(found: UInt32, looksLike: String?)
    /// The header bytes do not match their own checksum.
    case headerCRC(stored: UInt32, computed: UInt32)
    /// The header declares more data than the file holds after it.
    case truncated(declared: UInt32, available: Int)
    /// The data does not match the checksum in the header.
    case dataCRC(stored: UInt32, computed: UInt32)
    /// A multi-file or script image whose table of component sizes is unterminated or too large.
    case sizeTable(String)
    /// A header field holds something other than what this use needs (a boot would fail or misbehave).
    case mismatch(ImageField, expected: String, found: String)

    public var description: String {
        switch self {
        case .tooShort(let size):
            return "only \(size) bytes; a u-boot legacy image starts with a 64-byte header"
        case .badMagic(let found, let guess):
            let base = "bad magic \(hex(found)), expected \(hex(UBootImageHeader.magic)): not a u-boot legacy image"
            return guess.map { "\(base); it looks like \($0)" } ?? base
        case .headerCRC(let stored, let computed):
            return "header CRC mismatch: stored \(hex(stored)), computed \(hex(computed)) (the header is damaged)"
        case .truncated(let declared, let available):
            return "truncated: the header declares \(declared) data bytes but only \(available) follow it"
        case .dataCRC(let stored, let computed):
            return "data CRC mismatch: header says \(hex(stored)), data gives \(hex(computed)) (corrupt or incomplete copy)"
        case .sizeTable(let detail):
            return "bad component size table: \(detail)"
        case .mismatch(let field, let expected, let found):
            return "\(field.rawValue) is \(found), expected \(expected)\(field.hint(expected: expected))"
        }
    }

    /// Whether u-boot would refuse the image or load damaged data because of this problem.
    public var isIntegrityFailure: Bool {
        if case .mismatch = self { return false }
        return true
    }
}

/// The header fields an expectation can pin down.
public enum ImageField: String, Sendable, Hashable {
    case type = "image type"
    case os = "OS"
    case architecture = "architecture"
    case compression = "compression"
    case loadAddress = "load address"
    case entryPoint = "entry point"

    func hint(expected: String) -> String {
        switch self {
        case .loadAddress, .entryPoint: return " (rebuild the uImage with LOADADDR=\(expected))"
        default: return ""
        }
    }
}

/// `0x` and eight hex digits, the way u-boot prints addresses and checksums.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
