import Foundation
import TestSupport
import Testing
@testable import UBootImage

@Suite("Legacy image verification", .tags(.pure))
struct ImageVerificationTests {
    let payload = ImageFixtures.bytes(4_000)

    @Test("a sound image has no problems; trailing padding is counted, not blamed")
    func sound() throws {
        let image = try LegacyImage(ImageFixtures.image(payload) + Data(count: 100))
        #expect(image.problems.isEmpty)
        #expect(image.trailingByteCount == 100)
        #expect(image.data == payload)
    }

    @Test("one flipped data byte is a data CRC mismatch")
    func dataCRC() {
        var bytes = ImageFixtures.image(payload)
        bytes[64 + 1234] ^= 0x80
        let problems = LegacyImage.verify(bytes)
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("data CRC mismatch") == true)
    }

    @Test("a truncated copy says how much is missing")
    func truncated() {
        let problems = LegacyImage.verify(ImageFixtures.image(payload).prefix(64 + 1000))
        #expect(problems == [.truncated(declared: 4_000, available: 1_000)])
        #expect(problems.first!.description.contains("4000 data bytes but only 1000"))
    }

    @Test("verify reports a missing header instead of throwing")
    func verifyNeverThrows() {
        #expect(LegacyImage.verify(Data()) == [.tooShort(size: 0)])
        #expect(LegacyImage.verify(Data(count: 200)).first?.description.contains("zeroes") == true)
    }

    @Test("a kernel built for 0x8000 fails the LOADADDR expectation and says how to fix it")
    func loadAddress() throws {
        let image = try LegacyImage(ImageFixtures.image(payload, load: 0x0000_8000))
        let problems = image.check(.kernel(loadAddress: 0x4000_8000))
        #expect(problems.count == 2)  // load address and entry point
        #expect(problems[0].description == "load address is 0x00008000, expected 0x40008000 (rebuild the uImage with LOADADDR=0x40008000)")
        #expect(image.check(.kernel(loadAddress: 0x0000_8000)).isEmpty)
    }

    @Test("a kernel given where a ramdisk is needed is named as such")
    func wrongType() throws {
        let image = try LegacyImage(ImageFixtures.image(payload))
        let problems = image.check(.ramdisk())
        #expect(problems == [.mismatch(.type, expected: "RAMDisk Image", found: "Kernel Image")])
    }

    @Test("a script's text starts after the size table; components are 4-byte aligned")
    func scriptText() throws {
        let text = Data("echo one\n".utf8)  // 9 bytes: padded to 12 when not last
        let second = Data("xy".utf8)
        func word(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        let data = Data(word(9) + word(2) + word(0)) + text + Data(count: 3) + second
        let image = try LegacyImage(ImageFixtures.image(data, type: ImageType.script.rawValue))
        #expect(image.problems.isEmpty)
        #expect(try image.scriptText() == "echo one\n")
        #expect(try image.components() == [text, second])
    }

    @Test("an unterminated or oversized size table is a problem, not a crash")
    func badTables() throws {
        func word(_ v: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        let unterminated = try LegacyImage(ImageFixtures.image(Data(word(4) + word(4)), type: 6))
        #expect(unterminated.problems.first?.description.contains("no terminating zero word") == true)
        #expect(throws: ImageProblem.self) { try unterminated.scriptText() }

        let oversized = try LegacyImage(ImageFixtures.image(Data(word(0xFFFF_FFFF) + word(0) + [1, 2]), type: 4))
        #expect(oversized.problems.first?.description.contains("need") == true)
        #expect(throws: ImageProblem.self) { try oversized.components() }
    }

    @Test("asking a kernel for its script text is an error naming both types")
    func scriptOfKernel() throws {
        let image = try LegacyImage(ImageFixtures.image(payload))
        #expect(throws: ImageProblem.mismatch(.type, expected: "Script", found: "Kernel Image")) { try image.scriptText() }
    }
}
