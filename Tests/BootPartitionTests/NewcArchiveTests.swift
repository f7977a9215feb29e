import BootPartition
import Foundation
import OdroidCore
import Testing
import TestSupport

/// The project's one newc writer, read back by the project's reader (what `image inspect` and the initramfs
/// checks use): every kind of entry, its mode and bytes, the record layout, and the same bytes every time.
/// `CpioArchiveTests` has GNU cpio read the same archives.
@Suite("NewcArchive writes what InitramfsArchive reads", .tags(.pure))
struct NewcArchiveTests {
    static let entries: [NewcArchive.Entry] = [
        .directory("bin"),
        .file("bin/busybox", Data("busybox".utf8), permissions: 0o755),
        .symlink("bin/sh", to: "busybox"),
        .directory("dev", permissions: 0o700),
        NewcArchive.Entry(path: "dev/console", kind: .characterDevice(major: 5, minor: 1), permissions: 0o600),
        NewcArchive.Entry(path: "dev/mmcblk0", kind: .blockDevice(major: 179, minor: 0), permissions: 0o660),
        NewcArchive.Entry(path: "fifo", kind: .fifo, permissions: 0o644),
        .file("init", Data("#!/bin/sh\necho up\n".utf8), permissions: 0o4755),
        .file("empty", Data()),
    ]

    @Test func everyEntryComesBackWithItsModeAndBytes() throws {
        let archive = try InitramfsArchive(NewcArchive.encode(Self.entries), runner: ScriptedRunner([]))
        #expect(archive.entries.map(\.path) == Self.entries.map(\.path))
        #expect(archive.entries.map(\.mode) == [0o040755, 0o100755, 0o120777, 0o040700, 0o020600, 0o060660, 0o010644, 0o104755, 0o100644])
        #expect(archive.resolve("bin/sh")?.data == Data("busybox".utf8), "the link resolves to busybox")
        #expect(archive.entries[2].data == Data("busybox".utf8), "a link's data is its target")
        #expect(archive.entries.first { $0.path == "init" }?.data == Data("#!/bin/sh\necho up\n".utf8))
        #expect(archive.entries.last?.data == Data())
        #expect(archive.compressions.isEmpty)
    }

    @Test func recordsArePaddedToFourBytesAndEndWithTheTrailer() {
        let data = NewcArchive.encode(Self.entries)
        #expect(data.count % 4 == 0)
        let bytes = [UInt8](data)
        // Walk the records as the kernel does: header, name, pad, data, pad.
        var offset = 0, names: [String] = [], inodes: [Int] = [], times: Set<Int> = [], owners: Set<Int> = []
        func field(_ index: Int) -> Int {
            Int(String(decoding: bytes[(offset + 6 + index * 8)..<(offset + 14 + index * 8)], as: UTF8.self), radix: 16)!
        }
        while offset < bytes.count {
            #expect(String(decoding: bytes[offset..<offset + 6], as: UTF8.self) == "070701")
            let nameSize = field(11), fileSize = field(6)
            names.append(String(decoding: bytes[(offset + 110)..<(offset + 110 + nameSize - 1)], as: UTF8.self))
            #expect(bytes[offset + 110 + nameSize - 1] == 0, "names end with NUL")
            inodes.append(field(0))
            times.insert(field(5))
            owners.formUnion([field(2), field(3)])
            if names.last == "dev/console" { #expect(field(9) == 5 && field(10) == 1, "rdev major and minor") }
            let dataStart = (offset + 110 + nameSize + 3) & ~3
            offset = (dataStart + fileSize + 3) & ~3
        }
        #expect(offset == bytes.count)
        #expect(names == Self.entries.map(\.path) + ["TRAILER!!!"])
        #expect(inodes == Array(1...Self.entries.count) + [0])
        #expect(times == [Int(NewcArchive.modificationTime)] && NewcArchive.modificationTime == 0)
        #expect(owners == [0], "every entry owned by root")
    }

    @Test func theSameEntriesGiveTheSameBytesWrittenWholeOrInPieces() {
        var writer = NewcArchive.Writer()
        var pieces = Data()
        for entry in Self.entries {
            writer.append(entry)
            pieces += writer.take()
        }
        writer.finish()
        pieces += writer.take()
        #expect(NewcArchive.encode(Self.entries) == NewcArchive.encode(Self.entries))
        #expect(pieces == NewcArchive.encode(Self.entries))
    }

    @Test func anEmptyArchiveIsJustTheTrailer() {
        let data = NewcArchive.encode([])
        #expect(data.count == 124, "110-byte header, 11-byte name, padded to 124")
        #expect(throws: BootPartitionError.self) { _ = try InitramfsArchive(data, runner: ScriptedRunner([])) }
    }
}
