import Foundation
import TestSupport
import Testing
@testable import DeviceTree

/// Broken inputs must give one clear error naming the file, never a crash, and never a blob that reads garbage.
@Suite("Blob validation", .tags(.realProcess))
struct BlobValidationTests {
    let fixtures: BlobFixtures
    let good: Data

    init() throws {
        fixtures = try BlobFixtures()
        good = try fixtures.bytes(try fixtures.compile(BlobFixtures.odroidXU))
    }

    func reason(_ bytes: Data) -> DeviceTreeError.Reason? {
        do {
            _ = try DeviceTreeBlob(bytes: bytes, source: "broken.dtb")
            return nil
        } catch {
            #expect(error.description.hasPrefix("broken.dtb: "))
            return error.reason
        }
    }

    @Test("a blob dtc wrote is accepted, padding after it is ignored")
    func accepted() throws {
        let blob = try DeviceTreeBlob(bytes: good + Data(count: 4096), source: "xu.dtb")
        #expect(blob.totalSize == good.count)
        #expect(blob.bytes == Array(good))
        #expect(blob.version == 17 && blob.lastCompatibleVersion == 16)
    }

    @Test("empty and tiny files are too small", arguments: [0, 3, 7, 39])
    func tooSmall(size: Int) {
        #expect(reason(good.prefix(size)) == .tooSmall(size: size))
    }

    @Test("a uImage given as a dtb is named as such")
    func wrongMagic() {
        var image = Data([0x27, 0x05, 0x19, 0x56])
        image.append(Data(count: 100))
        #expect(reason(image) == .badMagic(found: 0x2705_1956, looksLike: "a u-boot legacy image (uImage, uInitrd or boot.scr)"))
        #expect(
            reason(Data("/dts-v1/;\n/ { };\n".utf8).prefix(16) + Data(count: 40))
                == .badMagic(found: 0x2f64_7473, looksLike: "device-tree source (.dts); compile it with dtc"))
    }

    @Test("a truncated copy: the header claims more than the file holds")
    func truncated() {
        let cut = good.prefix(good.count - 1)
        #expect(reason(cut) == .sizeExceedsFile(claimed: good.count, actual: good.count - 1))
        #expect(
            DeviceTreeError(file: "x.dtb", reason: .sizeExceedsFile(claimed: 10, actual: 9)).description
                == "x.dtb: truncated: the header claims 10 bytes but the file has 9")
    }

    @Test("a header claiming an absurd size fails without reading past the file")
    func hugeClaim() {
        var bytes = good
        bytes.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(reason(bytes) == .sizeExceedsFile(claimed: 0xFFFF_FFF0, actual: good.count))
    }

    @Test("damage inside the structure block is caught by the full check")
    func damagedStructure() throws {
        // The struct block starts at off_dt_struct; its first token must be FDT_BEGIN_NODE (1).
        let structOffset = Int(good[8..<12].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        var bytes = good
        bytes[structOffset + 3] = 0x7F
        guard case .invalidStructure = reason(bytes) else {
            Issue.record("expected invalidStructure, got \(String(describing: reason(bytes)))")
            return
        }
    }

    @Test("a strings offset pointing outside the strings block is caught")
    func badStringOffset() throws {
        // Find the first FDT_PROP token (3) after the root node's name and point its nameoff far away.
        let structOffset = Int(good[8..<12].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        var bytes = good
        var index = structOffset + 8  // BEGIN_NODE token + empty root name padded to 4
        while index + 4 <= bytes.count, bytes[index..<index + 4] != Data([0, 0, 0, 3]) { index += 4 }
        try #require(index + 12 <= bytes.count)
        bytes.replaceSubrange(index + 8..<index + 12, with: [0x00, 0x10, 0x00, 0x00])
        guard case .invalidStructure = reason(bytes) else {
            Issue.record("expected invalidStructure, got \(String(describing: reason(bytes)))")
            return
        }
    }

    @Test("a missing file and a directory are reported by name")
    func unreadable() {
        #expect(throws: DeviceTreeError(file: "/nonexistent/x.dtb", reason: .unreadable("no such file"))) {
            try DeviceTreeBlob(contentsOfFile: "/nonexistent/x.dtb")
        }
        #expect(throws: DeviceTreeError(file: "/tmp", reason: .unreadable("it is a directory"))) {
            try DeviceTreeBlob(contentsOfFile: "/tmp")
        }
    }
}

@Suite("Blob validation regressions found by fuzzing", .tags(.realProcess))
struct BlobFuzzRegressionTests {
    @Test("a pre-16 format version is refused before libfdt's full check (which crashes on it in 1.6.1)", arguments: [1, 9, 15])
    func oldVersion(version: UInt8) throws {
        let fixtures = try BlobFixtures()
        var bytes = try fixtures.bytes(try fixtures.compile(BlobFixtures.odroidXU))
        bytes[23] = version
        #expect(throws: DeviceTreeError(file: "old.dtb", reason: .unsupportedVersion(Int(version)))) {
            try DeviceTreeBlob(bytes: bytes, source: "old.dtb")
        }
    }
}
