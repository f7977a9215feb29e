import CardWriter
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// Real writes: to a loop device (discard supported, as on an SD card reader) and to a regular file
/// (the ioctls do not apply). Loop devices need root, which CI has.
@Suite("Flashing real targets", .tags(.realProcess), .serialized)
struct LoopDeviceFlashTests {
    static let canUseLoop =
        getuid() == 0 && ExecutableLookup.find("losetup") != nil && FileManager.default.fileExists(atPath: "/dev/loop-control")
    let runner = SpawnRunner()

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-flash-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func randomImage(_ path: String, bytes: Int) throws -> Data {
        let data = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom")).read(upToCount: bytes) ?? Data()
        try data.write(to: URL(fileURLWithPath: path))
        return data
    }

    func attach(_ backing: String) throws -> String {
        let result = try runner.run(Command(["losetup", "--find", "--show", backing]))
        #expect(result.succeeded, "\(result.stderrText)")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: canUseLoop))
    func loopDeviceIsDiscardedWrittenAndVerified() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backing = "\(dir)/card.bin"
        _ = try randomImage(backing, bytes: 24 << 20)  // old contents of the "card"
        let image = try randomImage("\(dir)/boot.img", bytes: 8 << 20 + 4096)
        let loop = try attach(backing)
        defer { _ = try? runner.run(Command(["losetup", "-d", loop])) }

        guard let info = BlockDeviceInfo.read(loop) else { Issue.record("no sysfs data for \(loop)"); return }
        #expect(info.size == 24 << 20)
        #expect(info.discard.supported, "loop devices support discard here")
        let report = try ImageFlasher(blockSize: 1 << 20).flash(image: "\(dir)/boot.img", to: loop, limits: info.discard)
        guard case .discarded(let requests, let bytes) = report.preparation else { Issue.record("\(report.preparation)"); return }
        #expect(requests >= 1 && bytes == UInt64(image.count))
        let written = try Data(contentsOf: URL(fileURLWithPath: backing))
        #expect(written.prefix(image.count) == image)
    }

    @Test(.enabled(if: canUseLoop))
    func secureEraseUnsupportedIsReportedBeforeAnyWrite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let backing = "\(dir)/card.bin"
        let old = try randomImage(backing, bytes: 4 << 20)
        _ = try randomImage("\(dir)/boot.img", bytes: 1 << 20)
        let loop = try attach(backing)
        defer { _ = try? runner.run(Command(["losetup", "-d", loop])) }
        let info = BlockDeviceInfo.read(loop)
        #expect(throws: ImageFlasher.Failure.secureEraseUnsupported(loop)) {
            try ImageFlasher().flash(image: "\(dir)/boot.img", to: loop, limits: info?.discard, erase: .secureErase)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: backing)) == old)
    }

    @Test func regularFileFallsBackToPlainWriting() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let image = try randomImage("\(dir)/boot.img", bytes: 3 << 20)
        #expect(FileManager.default.createFile(atPath: "\(dir)/out.img", contents: nil), "flash writes existing targets only")
        let report = try ImageFlasher(blockSize: 1 << 20).flash(image: "\(dir)/boot.img", to: "\(dir)/out.img", limits: nil)
        guard case .none(let because) = report.preparation else { Issue.record("\(report.preparation)"); return }
        #expect(because.contains("regular file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.img")) == image)
        #expect(report.sha256.count == 64)
    }

    @Test func anImageThatIsNotWholeSectorsIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try randomImage("\(dir)/odd.img", bytes: 1000)
        #expect(throws: ImageFlasher.Failure.notSectorSized(1000)) {
            try ImageFlasher().flash(image: "\(dir)/odd.img", to: "\(dir)/out.img", limits: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out.img"))
    }
}
