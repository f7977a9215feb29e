import Foundation
import TestSupport
import Testing
@testable import DeviceTree

@Suite("Setting /chosen", .tags(.realProcess))
struct BlobEditingTests {
    let fixtures: BlobFixtures

    init() throws { fixtures = try BlobFixtures() }

    @Test("bootargs are added to an existing /chosen; the result is valid for dtc and for us")
    func bootargs() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU))
        let args = "console=ttySAC2,115200n8 root=UUID=0b7a7b0e-2b4f-4d7e-9d3a-1f6f0f3c0a11 ro loglevel=9"
        let edited = try blob.settingBootargs(args)
        #expect(edited.totalSize > blob.totalSize)
        #expect(try edited.chosen().bootargs == args)
        #expect(try edited.chosen().stdoutPath == "serial2:115200n8")
        #expect(try edited.compatible() == blob.compatible())

        let out = fixtures.path("out.dtb")
        try edited.write(to: out)
        #expect(try fixtures.decompile(out).contains("bootargs = \"\(args)\";"))
        #expect(try DeviceTreeBlob(contentsOfFile: out).chosen().bootargs == args)
    }

    @Test("a blob without /chosen gets one; replacing bootargs keeps one copy")
    func createsChosen() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU3))
        #expect(try blob.chosen().exists == false)
        let once = try blob.settingBootargs(String(repeating: "a", count: 3000))
        let twice = try once.settingBootargs("short")
        #expect(try twice.chosen() == ChosenNode(exists: true, bootargs: "short"))
        #expect(twice.totalSize < once.totalSize)
    }

    @Test("initrd bounds are written 32-bit under #address-cells = 1 and 64-bit under 2")
    func initrdWidths() throws {
        let narrow = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU, name: "narrow"))
            .settingInitrd(start: 0x4200_0000, end: 0x4240_0000)
        #expect(try narrow.chosen().initrdStart == 0x4200_0000 && narrow.chosen().initrdEnd == 0x4240_0000)
        let narrowPath = fixtures.path("narrow-out.dtb")
        try narrow.write(to: narrowPath)
        #expect(try fixtures.decompile(narrowPath).contains("linux,initrd-start = <0x42000000>;"))

        let wide = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.twoBanks64, name: "wide"))
            .settingInitrd(start: 0x1_0000_0000, end: 0x1_0100_0000)
        let widePath = fixtures.path("wide-out.dtb")
        try wide.write(to: widePath)
        #expect(try fixtures.decompile(widePath).contains("linux,initrd-start = <0x01 0x00>;"))
        #expect(try wide.chosen().initrdEnd == 0x1_0100_0000)
    }

    @Test("unusable values are refused with a reason")
    func refused() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU))
        #expect(throws: DeviceTreeError.self) { try blob.settingBootargs("a\u{0}b") }
        #expect(throws: DeviceTreeError.self) { try blob.settingInitrd(start: 0x4300_0000, end: 0x4200_0000) }
        #expect(throws: DeviceTreeError.self) { try blob.settingInitrd(start: 0, end: 0x1_0000_0000) }
    }

    @Test("writing into a missing directory names the path")
    func unwritable() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU))
        let error = try #require(throws: DeviceTreeError.self) { try blob.write(to: "/nonexistent-dir/out.dtb") }
        #expect(error.file == "/nonexistent-dir/out.dtb")
    }
}
