import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing
@testable import UBootImage

/// Builds images two ways: with the real `mkimage` in a scratch directory (the ground truth), and byte by byte
/// for pure tests of inputs mkimage never writes (wrong magic, bad CRCs, odd tables).
struct ImageFixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ubootimage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ bytes: Data) throws -> String {
        try bytes.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// Runs `mkimage` with `arguments` plus `-d INPUT OUTPUT` and returns the image's bytes.
    func mkimage(_ arguments: [String], data: String, output: String = "out.img") throws -> Data {
        let result = try run(["mkimage"] + arguments + ["-d", data, path(output)])
        try #require(result.succeeded, "mkimage failed: \(result.stderrText)")
        return try Data(contentsOf: URL(fileURLWithPath: path(output)))
    }

    func run(_ argv: [String]) throws -> ProcessResult {
        try SpawnRunner().run(Command(argv), output: .capture)
    }

    /// Deterministic pseudo-random bytes (a fixed linear congruential sequence), so failures reproduce.
    static func bytes(_ count: Int, seed: UInt32 = 1) -> Data {
        var state = seed
        return Data(
            (0..<count).map { _ in
                state = state &* 1_103_515_245 &+ 12345
                return UInt8(truncatingIfNeeded: state >> 16)
            })
    }

    /// A header built by hand, with a correct header CRC unless `headerCRC` is given.
    static func header(
        dataSize: UInt32, dataCRC: UInt32, load: UInt32 = 0x4000_8000, entry: UInt32 = 0x4000_8000,
        os: UInt8 = 5, arch: UInt8 = 2, type: UInt8 = 2, comp: UInt8 = 0, name: String = "test",
        magic: UInt32 = UBootImageHeader.magic, time: UInt32 = 0, headerCRC: UInt32? = nil
    ) -> Data {
        func word(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        var bytes = word(magic) + word(0) + word(time) + word(dataSize) + word(load) + word(entry) + word(dataCRC)
        bytes += [os, arch, type, comp]
        bytes += Array(name.utf8.prefix(32)) + Array(repeating: 0, count: 32 - min(32, name.utf8.count))
        let crc = headerCRC ?? CRC32.checksum(bytes)
        bytes.replaceSubrange(4..<8, with: word(crc))
        return Data(bytes)
    }

    /// A complete image around `payload` with correct checksums.
    static func image(_ payload: Data, type: UInt8 = 2, load: UInt32 = 0x4000_8000) -> Data {
        header(dataSize: UInt32(payload.count), dataCRC: CRC32.checksum(payload), load: load, entry: load, type: type) + payload
    }
}
