import Foundation

/// The one writer of "newc" cpio archives (the format the kernel unpacks as an initramfs), as bytes from
/// values: each entry owned by root (0:0), inodes numbered from 1 in entry order, every modification time
/// `modificationTime`, names NUL-terminated and padded with the data to 4 bytes, the `TRAILER!!!` record
/// last. The same entries always give the same bytes, with no cpio tool and no root (device nodes are just
/// numbers here). Readers: the kernel, GNU cpio, `InitramfsArchive`.
public enum NewcArchive {
    /// One archive member. `path` is relative (no leading `/` or `./`), parents listed before children.
    public struct Entry: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case directory
            case file(Data)
            case symlink(target: String)
            case characterDevice(major: UInt32, minor: UInt32)
            case blockDevice(major: UInt32, minor: UInt32)
            case fifo
            case socket
        }

        public var path: String
        public var kind: Kind
        /// Permission bits (with setuid, setgid and sticky): `mode & 0o7777`.
        public var permissions: UInt32

        public init(path: String, kind: Kind, permissions: UInt32) {
            self.path = path
            self.kind = kind
            self.permissions = permissions & 0o7777
        }

        public static func directory(_ path: String, permissions: UInt32 = 0o755) -> Entry {
            Entry(path: path, kind: .directory, permissions: permissions)
        }

        public static func file(_ path: String, _ data: Data, permissions: UInt32 = 0o644) -> Entry {
            Entry(path: path, kind: .file(data), permissions: permissions)
        }

        public static func symlink(_ path: String, to target: String) -> Entry {
            Entry(path: path, kind: .symlink(target: target), permissions: 0o777)
        }

        /// The file-type bits of the mode (`S_IFDIR`, `S_IFREG`, ...).
        var typeBits: UInt32 {
            switch kind {
            case .directory: return 0o040000
            case .file: return 0o100000
            case .symlink: return 0o120000
            case .characterDevice: return 0o020000
            case .blockDevice: return 0o060000
            case .fifo: return 0o010000
            case .socket: return 0o140000
            }
        }
    }

    /// Every entry's modification time: 1970-01-01, the epoch `MkimageCommand.sourceDateEpoch` gives image
    /// headers (one SOURCE_DATE_EPOCH policy), so an archive of unchanged files is byte-identical.
    public static let modificationTime = UInt32(MkimageCommand.sourceDateEpoch) ?? 0

    /// The whole archive of `entries`, trailer included.
    public static func encode(_ entries: [Entry]) -> Data {
        var writer = Writer()
        for entry in entries { writer.append(entry) }
        writer.finish()
        return writer.take()
    }

    /// The archive one entry at a time, for callers that write it out as they go (`take` hands over what is
    /// pending); `finish` appends the trailer.
    public struct Writer: Sendable {
        private var pending = Data()
        private var nextInode: UInt32 = 1

        public init() {}

        /// Bytes appended and not yet taken.
        public var pendingCount: Int { pending.count }

        public mutating func append(_ entry: Entry) {
            var body = Data(), rdevMajor: UInt32 = 0, rdevMinor: UInt32 = 0
            switch entry.kind {
            case .file(let data): body = data
            case .symlink(let target): body = Data(target.utf8)
            case .characterDevice(let major, let minor), .blockDevice(let major, let minor): (rdevMajor, rdevMinor) = (major, minor)
            case .directory, .fifo, .socket: break
            }
            let nlink: UInt32 = entry.kind == .directory ? 2 : 1
            NewcArchive.append(
                &pending, name: entry.path, inode: nextInode, mode: entry.typeBits | entry.permissions, nlink: nlink,
                mtime: modificationTime, body: body, rdevMajor: rdevMajor, rdevMinor: rdevMinor)
            nextInode += 1
        }

        /// Appends the `TRAILER!!!` record that ends the archive.
        public mutating func finish() {
            NewcArchive.append(
                &pending, name: "TRAILER!!!", inode: 0, mode: 0, nlink: 1, mtime: 0, body: Data(), rdevMajor: 0, rdevMinor: 0)
        }

        /// The pending bytes, which are then dropped from the writer.
        public mutating func take() -> Data {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// One record: the 110-byte header (magic 070701, thirteen 8-digit hex fields), the name with its NUL,
    /// padding to 4 bytes, the data, padding to 4 bytes. Padding counts from the archive's start, so `out`
    /// holds the archive from its first byte or a multiple of 4 bytes of it have been taken.
    static func append(
        _ out: inout Data, name: String, inode: UInt32, mode: UInt32, nlink: UInt32, mtime: UInt32,
        body: Data, rdevMajor: UInt32, rdevMinor: UInt32
    ) {
        let nameBytes = Array(name.utf8) + [0]
        let fields: [UInt32] = [
            inode, mode, 0, 0, nlink, mtime, UInt32(body.count), 0, 0, rdevMajor, rdevMinor, UInt32(nameBytes.count), 0,
        ]
        out.append(contentsOf: Array("070701".utf8))
        for field in fields { out.append(contentsOf: Array(hex8(field).utf8)) }
        out.append(contentsOf: nameBytes)
        pad(&out)
        out.append(body)
        pad(&out)
    }

    static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func pad(_ out: inout Data) {
        while out.count % 4 != 0 { out.append(0) }
    }
}
