import Foundation
import OdroidProcess

/// Which kernel releases an initramfs carries modules for (`lib/modules/<release>/` entries), so `verify`
/// can tell an initrd built for another kernel. Reads newc cpio archives, concatenated ones included (an
/// uncompressed early archive followed by a compressed main one); compressed parts are unpacked with the
/// system's gzip, xz or zstd through the process seam.
public struct InitramfsModules {
    public let runner: any ProcessRunning
    public let scratchDirectory: String

    public init(runner: any ProcessRunning, scratchDirectory: String = NSTemporaryDirectory()) {
        self.runner = runner
        self.scratchDirectory = scratchDirectory
    }

    /// Releases found; empty when the archive has no modules. Throws when it cannot be read at all.
    public func releases(in initramfs: Data) throws -> Set<String> {
        var found: Set<String> = []
        var rest = initramfs
        while !rest.isEmpty {
            rest = Data(rest.drop { $0 == 0 })
            guard !rest.isEmpty else { break }
            if rest.starts(with: Array("0707".utf8)) {
                let (names, consumed) = try Self.cpioNames(rest)
                found.formUnion(names.compactMap(Self.release(inPath:)))
                rest = Data(rest.dropFirst(consumed))
                continue
            }
            // A compressed tail: unpack it and read what it holds.
            let unpacked = try decompress(rest)
            found.formUnion(try releases(in: unpacked))
            break
        }
        return found
    }

    /// `3.12.3-xyz` for `lib/modules/3.12.3-xyz/kernel/...` (also under `./` or `usr/`).
    static func release(inPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(of: "modules"), index > 0, parts[index - 1] == "lib", index + 1 < parts.count else { return nil }
        return parts[index + 1]
    }

    /// Names in one newc archive and the bytes it takes (up to and including TRAILER!!!).
    static func cpioNames(_ data: Data) throws -> ([String], Int) {
        let bytes = [UInt8](data)
        var names: [String] = []
        var offset = 0
        func field(_ at: Int) throws -> Int {
            guard at + 8 <= bytes.count, let value = Int(String(decoding: bytes[at..<at + 8], as: UTF8.self), radix: 16) else {
                throw BootPartitionError.failed(operation: "reading", path: "initramfs", detail: "damaged cpio header at byte \(at)")
            }
            return value
        }
        func aligned(_ n: Int) -> Int { (n + 3) & ~3 }
        while offset + 110 <= bytes.count {
            let magic = String(decoding: bytes[offset..<offset + 6], as: UTF8.self)
            guard magic == "070701" || magic == "070702" else {
                throw BootPartitionError.failed(operation: "reading", path: "initramfs", detail: "not a newc cpio archive at byte \(offset)")
            }
            let fileSize = try field(offset + 54)
            let nameSize = try field(offset + 94)
            let nameStart = offset + 110
            guard nameStart + nameSize <= bytes.count, nameSize > 0 else { break }
            let name = String(decoding: bytes[nameStart..<nameStart + nameSize - 1], as: UTF8.self)
            offset = aligned(aligned(nameStart + nameSize) + fileSize)
            if name == "TRAILER!!!" { return (names, min(offset, bytes.count)) }
            names.append(name)
        }
        throw BootPartitionError.failed(operation: "reading", path: "initramfs", detail: "cpio archive ends without TRAILER!!!")
    }

    func decompress(_ data: Data) throws -> Data {
        let tool: String
        if data.starts(with: [0x1f, 0x8b]) {
            tool = "gzip"
        } else if data.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) {
            tool = "xz"
        } else if data.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) {
            tool = "zstd"
        } else {
            throw BootPartitionError.failed(operation: "reading", path: "initramfs", detail: "neither a cpio archive nor gzip, xz or zstd data")
        }
        let file = "\(scratchDirectory)/odroid-build-initramfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: file, contents: data) else {
            throw BootPartitionError.failed(operation: "writing", path: file, detail: "cannot stage the initramfs")
        }
        defer { unlink(file) }
        let result = try runner.run(Command([tool, "-dc", file]), output: .capture)
        // gzip exits 2 on trailing garbage (padding after the stream) but has written the data.
        guard result.succeeded || (tool == "gzip" && result.termination == .exited(2) && !result.stdout.isEmpty) else {
            throw BootPartitionError.failed(operation: "unpacking", path: "initramfs", detail: "\(tool) \(result.termination): \(result.stderrText)")
        }
        return result.stdout
    }
}
