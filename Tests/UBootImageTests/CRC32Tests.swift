import Foundation
import TestSupport
import Testing
@testable import UBootImage

@Suite("CRC-32 (zlib)", .tags(.pure))
struct CRC32Tests {
    @Test("the standard check value of \"123456789\" is 0xCBF43926")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("empty input gives 0, like zlib's crc32(0, NULL, 0)")
    func empty() {
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("a known zlib value: \"The quick brown fox jumps over the lazy dog\"")
    func quickFox() {
        #expect(CRC32.checksum(Data("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test("checksumming in pieces equals checksumming at once")
    func continuing() {
        let data = ImageFixtures.bytes(10_000)
        let split = CRC32.checksum(data.suffix(from: 3_333), continuing: CRC32.checksum(data.prefix(3_333)))
        #expect(split == CRC32.checksum(data))
        #expect(CRC32.checksum(data.dropFirst()) != CRC32.checksum(data))
    }
}
