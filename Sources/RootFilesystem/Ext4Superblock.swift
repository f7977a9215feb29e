import Foundation

/// The fields of an ext2/3/4 superblock that odroid-build needs: read in Swift from the 1024 bytes at byte
/// 1024 of the filesystem, so a card image's root UUID is known without blkid or root privileges.
public struct Ext4Superblock: Sendable, Equatable {
    /// Where the superblock starts inside the filesystem, and how many bytes of it are read.
    public static let offset = 1024
    public static let length = 1024
    static let magic: UInt16 = 0xEF53

    /// `0b1e5a3c-1111-4222-8333-444455556666`.
    public var uuid: String
    public var label: String
    public var blockSize: UInt64
    public var blockCount: UInt64
    /// Whether the filesystem has a journal (ext3/ext4) and extents (ext4).
    public var hasJournal: Bool
    public var hasExtents: Bool

    /// Parses the superblock bytes (from byte 1024 of the filesystem); throws when the ext magic is missing.
    public init(_ data: Data) throws(RootFilesystemError) {
        let bytes = [UInt8](data.prefix(Self.length))
        guard bytes.count >= 0x88 else { throw .unusable("too short for an ext2/3/4 superblock (\(bytes.count) bytes)") }
        func le16(_ at: Int) -> UInt64 { UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 }
        func le32(_ at: Int) -> UInt64 { le16(at) | le16(at + 2) << 16 }
        guard le16(0x38) == UInt64(Self.magic) else {
            throw .unusable("no ext2/3/4 filesystem (superblock magic 0x\(String(le16(0x38), radix: 16)), expected 0xef53)")
        }
        let logBlockSize = le32(0x18)
        guard logBlockSize <= 6 else { throw .unusable("ext superblock gives an impossible block size (log \(logBlockSize))") }
        blockSize = 1024 << logBlockSize
        let incompat = le32(0x60)
        blockCount = le32(0x04) | (incompat & 0x80 != 0 && bytes.count >= 0x154 ? le32(0x150) << 32 : 0)
        hasJournal = le32(0x5C) & 0x4 != 0
        hasExtents = incompat & 0x40 != 0
        let raw = bytes[0x68..<0x78]
        let hex = raw.map { String(format: "%02x", $0) }.joined()
        let cut = [8, 12, 16, 20]
        var text = ""
        for (index, character) in hex.enumerated() {
            if cut.contains(index) { text.append("-") }
            text.append(character)
        }
        uuid = text
        label = String(decoding: bytes[0x78..<0x88].prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Reads the superblock of the filesystem starting at byte `offset` of `path` (an image or a device).
    public static func read(path: String, offset: UInt64 = 0) throws(RootFilesystemError) -> Ext4Superblock {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unusable("\(path): cannot open to read its superblock: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: length)
        let got = pread(fd, &buffer, length, off_t(offset) + off_t(Self.offset))
        guard got == length else {
            throw .unusable("\(path): no ext2/3/4 superblock at byte \(offset + UInt64(Self.offset)) (read \(max(got, 0)) bytes)")
        }
        return try Ext4Superblock(Data(buffer))
    }
}
