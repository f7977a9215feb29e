import Foundation
import TestSupport
import Testing
@testable import UBootImage

@Suite("Legacy header parsing", .tags(.pure))
struct HeaderParsingTests {
    @Test("every field is read big-endian from its offset")
    func fields() throws {
        let bytes = ImageFixtures.header(
            dataSize: 0x0012_3456, dataCRC: 0xDEAD_BEEF, load: 0x4000_8000, entry: 0x4000_8040,
            os: 5, arch: 2, type: 3, comp: 1, name: "uInitrd", time: 1_700_000_000)
        let header = try UBootImageHeader.parse(bytes)
        #expect(header.dataSize == 0x0012_3456)
        #expect(header.dataCRC == 0xDEAD_BEEF)
        #expect(header.loadAddress == 0x4000_8000)
        #expect(header.entryPoint == 0x4000_8040)
        #expect(header.timestamp == 1_700_000_000)
        #expect(header.os == .linux && header.architecture == .arm && header.type == .ramdisk && header.compression == .gzip)
        #expect(header.name == "uInitrd")
        #expect(header.headerCRCIsValid)
    }

    @Test("the numbers from include/image.h")
    func numericValues() {
        #expect(ImageOS.linux.rawValue == 5)
        #expect(ImageOS.uBoot.rawValue == 17)
        #expect(ImageOS.efi.rawValue == 28)
        #expect(ImageArchitecture.arm.rawValue == 2)
        #expect(ImageArchitecture.arm64.rawValue == 22)
        #expect(ImageArchitecture.riscv.rawValue == 26)
        #expect(ImageType.kernel.rawValue == 2 && ImageType.ramdisk.rawValue == 3)
        #expect(ImageType.multi.rawValue == 4 && ImageType.script.rawValue == 6)
        #expect(ImageType.flatDT.rawValue == 8 && ImageType.kernelNoLoad.rawValue == 14)
        #expect(ImageType.sunxiEgon.rawValue == 40)
        #expect(ImageCompression.none.rawValue == 0 && ImageCompression.gzip.rawValue == 1)
        #expect(ImageCompression.zstd.rawValue == 6)
    }

    @Test("a 32-byte name has no NUL and is kept whole")
    func fullLengthName() throws {
        let name = String(repeating: "n", count: 32)
        let header = try UBootImageHeader.parse(ImageFixtures.header(dataSize: 0, dataCRC: 0, name: name))
        #expect(header.name == name)
    }

    @Test("fewer than 64 bytes is too short, whatever they are", arguments: [0, 1, 4, 63])
    func tooShort(size: Int) {
        let bytes = ImageFixtures.header(dataSize: 0, dataCRC: 0).prefix(size)
        #expect(throws: ImageProblem.tooShort(size: size)) { try UBootImageHeader.parse(bytes) }
    }

    @Test("wrong magic is rejected and the error says what the file looks like")
    func badMagic() throws {
        var zImage = Data(count: 64)
        zImage.replaceSubrange(0x24..<0x28, with: [0x18, 0x28, 0x6F, 0x01])
        let error = try #require(throws: ImageProblem.self) { try UBootImageHeader.parse(zImage) }
        #expect(error.description.contains("zImage"))

        var dtb = Data([0xD0, 0x0D, 0xFE, 0xED])
        dtb.append(Data(count: 60))
        let dtbError = try #require(throws: ImageProblem.self) { try UBootImageHeader.parse(dtb) }
        #expect(dtbError.description.contains("device-tree"))

        let text = Data(String(repeating: "setenv bootargs console=ttySAC2\n", count: 3).utf8)
        let textError = try #require(throws: ImageProblem.self) { try UBootImageHeader.parse(text) }
        #expect(textError.description.contains("plain text"))
        #expect(textError.description.contains("0x27051956"))
    }

    @Test("a header whose bytes changed after the CRC was written fails its check")
    func headerCRC() throws {
        var bytes = ImageFixtures.image(Data("payload".utf8))
        bytes[40] ^= 0x01  // inside the name
        let image = try LegacyImage(bytes)
        #expect(!image.header.headerCRCIsValid)
        #expect(image.problems.count == 1)
        guard case .headerCRC = image.problems.first else {
            Issue.record("expected a header CRC problem, got \(image.problems)")
            return
        }
    }
}
