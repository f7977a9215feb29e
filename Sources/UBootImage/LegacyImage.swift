import Foundation

/// A whole legacy image file: header, data, and everything checkable without a board.
/// Use `LegacyImage.verify(_:)` for a yes/no answer with reasons, `check(_:)` to also pin header fields.
public struct LegacyImage: Sendable {
    public let header: UBootImageHeader
    /// The data bytes present after the header, at most `header.dataSize` (fewer when truncated).
    public let data: Data
    /// Bytes after the declared data (padding from a copy; u-boot ignores them).
    public let trailingByteCount: Int
    /// CRC-32 of `data` (of the whole declared data when the file is complete).
    public let computedDataCRC: UInt32
    /// Integrity problems found when reading: header CRC, truncation, data CRC, size table. Empty when sound.
    public let problems: [ImageProblem]

    /// Reads the image in `fileData`. Throws only when there is no header (too short, bad magic);
    /// every other problem is collected in `problems` so all of them can be reported at once.
    public init(_ fileData: Data) throws(ImageProblem) {
        header = try UBootImageHeader.parse(fileData)
        let body = fileData.dropFirst(UBootImageHeader.byteCount)
        let declared = Int(header.dataSize)
        data = Data(body.prefix(declared))
        trailingByteCount = max(0, body.count - declared)
        computedDataCRC = CRC32.checksum(data)

        var found: [ImageProblem] = []
        if !header.headerCRCIsValid {
            found.append(.headerCRC(stored: header.headerCRC, computed: header.computedHeaderCRC))
        }
        if data.count < declared {
            found.append(.truncated(declared: header.dataSize, available: data.count))
        } else if computedDataCRC != header.dataCRC {
            found.append(.dataCRC(stored: header.dataCRC, computed: computedDataCRC))
        }
        if header.type?.hasSizeTable == true, data.count == declared {
            do { _ = try ComponentTable(data) } catch { found.append(error) }
        }
        problems = found
    }

    /// Every integrity problem of the image in `fileData`, the header ones included; empty means u-boot
    /// would accept the checksums and sizes.
    public static func verify(_ fileData: Data) -> [ImageProblem] {
        do { return try LegacyImage(fileData).problems } catch { return [error] }
    }

    /// Integrity problems plus every field that differs from `expectation`.
    public func check(_ expectation: ImageExpectation) -> [ImageProblem] {
        problems + expectation.mismatches(in: header)
    }

    /// The components of a multi-file or script image, in order (a script's text is component 0).
    public func components() throws(ImageProblem) -> [Data] {
        guard header.type?.hasSizeTable == true else {
            throw .mismatch(.type, expected: "Multi-File Image or Script", found: ImageType.displayName(header.typeCode))
        }
        return try ComponentTable(data).components(of: data)
    }

    /// The text `source` would run from a script image (`mkimage -T script`): component 0, decoded as UTF-8.
    public func scriptText() throws(ImageProblem) -> String {
        guard header.type == .script else {
            throw .mismatch(
                .type, expected: ImageType.displayName(ImageType.script.rawValue), found: ImageType.displayName(header.typeCode))
        }
        guard let text = try components().first else { throw .sizeTable("the script has no components") }
        return String(decoding: text, as: UTF8.self)
    }
}
