import CommandValues
import Foundation
import OdroidProcess

/// The files inside an initramfs, as the kernel unpacks it: newc cpio archives one after another (an
/// uncompressed early archive in front included), the last part compressed with any format the kernel's
/// RD_* options name. Compressed parts are unpacked with the system's tool for the format through the
/// process seam; everything else is read in Swift.
public struct InitramfsArchive: Sendable {
    /// One entry: its path without a leading `./` or `/`, its mode and, for regular files and symlinks, the
    /// bytes (a link's target).
    public struct Entry: Sendable {
        public var path: String
        public var mode: UInt32
        public var data: Data
        public var isRegularFile: Bool { mode & 0o170000 == 0o100000 }
        public var isSymlink: Bool { mode & 0o170000 == 0o120000 }
        public var isDirectory: Bool { mode & 0o170000 == 0o040000 }
    }

    public enum Compression: String, Sendable, CaseIterable {
        case gzip, bzip2, lzma, xz, lzo, lz4, zstd

        /// The kernel option that lets the kernel unpack it (`CONFIG_RD_GZIP`, ...).
        public var kernelOption: String { "CONFIG_RD_\(rawValue.uppercased())" }

        /// Recognised by its first bytes.
        public static func detect(_ data: Data) -> Compression? {
            let b = [UInt8](data.prefix(6))
            func starts(_ magic: [UInt8]) -> Bool { b.count >= magic.count && Array(b.prefix(magic.count)) == magic }
            if starts([0x1f, 0x8b]) { return .gzip }
            if starts([0x42, 0x5a, 0x68]) { return .bzip2 }
            if starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return .xz }
            if starts([0x5d, 0x00, 0x00]) { return .lzma }
            if starts([0x89, 0x4c, 0x5a, 0x4f]) { return .lzo }
            if starts([0x02, 0x21, 0x4c, 0x18]) || starts([0x04, 0x22, 0x4d, 0x18]) { return .lz4 }
            if starts([0x28, 0xb5, 0x2f, 0xfd]) { return .zstd }
            return nil
        }

        var tool: [String] {
            switch self {
            case .gzip: return ["gzip", "-dc"]
            case .bzip2: return ["bzip2", "-dc"]
            case .lzma, .xz: return ["xz", "-dc"]
            case .lzo: return ["lzop", "-dc"]
            case .lz4: return ["lz4", "-dc"]
            case .zstd: return ["zstd", "-dc"]
            }
        }
    }

    public var entries: [Entry]
    /// The compression of each compressed part, in order.
    public var compressions: [Compression]
    /// Bytes after unpacking.
    public var unpackedBytes: Int

    /// Reads an initramfs (a u-boot ramdisk image's payload, or the raw file). Throws naming what is wrong.
    public init(_ data: Data, runner: any ProcessRunning, scratchDirectory: String = NSTemporaryDirectory()) throws(BootPartitionError) {
        var entries: [Entry] = []
        var compressions: [Compression] = []
        var unpacked = 0
        var rest = data
        var depth = 0
        while true {
            rest = Data(rest.drop { $0 == 0 })
            if rest.isEmpty { break }
            if rest.starts(with: Array("0707".utf8)) {
                let (found, consumed) = try Self.parseNewc(rest)
                entries += found
                unpacked += consumed
                rest = Data(rest.dropFirst(consumed))
                continue
            }
            guard let compression = Compression.detect(rest) else {
                throw .badInput(
                    "initramfs: bytes at offset \(data.count - rest.count) are neither a newc cpio archive nor gzip, bzip2, lzma, xz, lzo, lz4 or zstd data"
                )
            }
            depth += 1
            guard depth <= 4 else { throw .badInput("initramfs: compressed parts nested more than 4 deep") }
            compressions.append(compression)
            // The tool stops at the end of its stream; what follows it is not read (the kernel would go on).
            rest = try Self.decompress(rest, compression, runner: runner, scratchDirectory: scratchDirectory)
        }
        guard !entries.isEmpty else { throw .badInput("initramfs: holds no cpio archive") }
        self.entries = entries
        self.compressions = compressions
        unpackedBytes = unpacked
    }

    /// Entries of one newc archive and the bytes it takes (up to and including TRAILER!!!, 4-byte aligned).
    static func parseNewc(_ data: Data) throws(BootPartitionError) -> ([Entry], Int) {
        let bytes = [UInt8](data)
        var entries: [Entry] = []
        var offset = 0
        func field(_ at: Int) throws(BootPartitionError) -> Int {
            guard at + 8 <= bytes.count, let value = Int(String(decoding: bytes[at..<at + 8], as: UTF8.self), radix: 16) else {
                throw .badInput("initramfs: damaged cpio header at byte \(at)")
            }
            return value
        }
        func aligned(_ n: Int) -> Int { (n + 3) & ~3 }
        while offset + 110 <= bytes.count {
            let magic = String(decoding: bytes[offset..<offset + 6], as: UTF8.self)
            guard magic == "070701" || magic == "070702" else {
                throw .badInput("initramfs: not a newc cpio archive at byte \(offset) (magic '\(magic)')")
            }
            let mode = try field(offset + 14)
            let fileSize = try field(offset + 54)
            let nameSize = try field(offset + 94)
            let nameStart = offset + 110
            let dataStart = aligned(nameStart + nameSize)
            guard nameSize > 0, nameStart + nameSize <= bytes.count, dataStart + fileSize <= bytes.count else {
                throw .badInput("initramfs: cpio entry at byte \(offset) runs past the end of the archive")
            }
            let name = String(decoding: bytes[nameStart..<nameStart + nameSize - 1], as: UTF8.self)
            if name == "TRAILER!!!" { return (entries, min(aligned(dataStart + fileSize), bytes.count)) }
            let path = name.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            entries.append(Entry(path: path, mode: UInt32(mode), data: Data(bytes[dataStart..<dataStart + fileSize])))
            offset = aligned(dataStart + fileSize)
        }
        throw .badInput("initramfs: cpio archive ends without TRAILER!!!")
    }

    static func decompress(_ data: Data, _ compression: Compression, runner: any ProcessRunning, scratchDirectory: String)
        throws(BootPartitionError) -> Data
    {
        let file = "\(scratchDirectory)/odroid-build-initramfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: file, contents: data) else {
            throw .failed(operation: "writing", path: file, detail: "cannot stage the initramfs")
        }
        defer { unlink(file) }
        let result: ProcessResult
        do {
            result = try runner.run(Command(compression.tool + [file]), output: .capture)
        } catch {
            throw .failed(
                operation: "unpacking", path: "initramfs", detail: "\(error) (the \(compression.rawValue) tool is needed to look inside)")
        }
        // Trailing padding after the stream makes gzip exit 2 ("trailing garbage ignored") having written it all.
        let trailing = result.termination == .exited(2) && !result.stdout.isEmpty && compression == .gzip
        guard result.succeeded || trailing else {
            throw .badInput(
                "initramfs: the \(compression.rawValue) data does not unpack (\(compression.tool[0]) \(result.termination): \(result.stderrText.prefix(200)))"
            )
        }
        return result.stdout
    }

    /// The entry at `path`, following symlinks in any component inside the archive (`bin -> usr/bin`,
    /// `usr/bin/sh -> busybox`), at most 40 of them, as the kernel would once the archive is its root.
    public func resolve(_ path: String) -> Entry? {
        let byPath = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
        var done: [String] = []
        var pending = path.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
        var followed = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == ".." {
                if !done.isEmpty { done.removeLast() }
                continue
            }
            guard let entry = byPath[(done + [name]).joined(separator: "/")] else { return nil }
            guard entry.isSymlink else {
                done.append(name)
                continue
            }
            followed += 1
            if followed > 40 { return nil }
            let target = String(decoding: entry.data, as: UTF8.self)
            if target.hasPrefix("/") { done = [] }
            pending = target.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty } + pending
        }
        return byPath[done.joined(separator: "/")]
    }
}
