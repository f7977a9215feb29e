import Foundation
import TestSupport
import Testing
@testable import DeviceTree

@Suite("Reading model, compatible, memory and /chosen", .tags(.realProcess))
struct BlobReadingTests {
    let fixtures: BlobFixtures

    init() throws { fixtures = try BlobFixtures() }

    @Test("the XU blob's root facts")
    func odroidXU() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.odroidXU))
        #expect(try blob.model() == "Hardkernel Odroid XU")
        #expect(try blob.compatible() == ["hardkernel,odroid-xu", "samsung,exynos5410", "samsung,exynos5"])
        #expect(try blob.memory() == [MemoryRange(base: 0x4000_0000, size: 0x7EA0_0000)])
        #expect(try blob.memoryReservations().isEmpty)
        let chosen = try blob.chosen()
        #expect(chosen.exists && chosen.bootargs == nil && chosen.stdoutPath == "serial2:115200n8")
    }

    @Test("two-cell addresses and sizes, several banks, /memreserve/, a chosen initrd")
    func sixtyFourBit() throws {
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(BlobFixtures.twoBanks64))
        #expect(try blob.model() == nil)
        #expect(
            try blob.memory() == [
                MemoryRange(base: 0x8000_0000, size: 0x4000_0000),
                MemoryRange(base: 0x8_8000_0000, size: 0x1_0000_0000),
            ])
        #expect(try blob.memoryReservations() == [MemoryRange(base: 0x8000_0000, size: 0x10000)])
        let chosen = try blob.chosen()
        #expect(chosen.bootargs == "console=ttyS0")
        #expect(chosen.initrdStart == 0x8400_0000 && chosen.initrdEnd == 0x8480_0000)
        #expect(chosen.otherProperties == ["linux,phandle-like"])
    }

    @Test("without #address-cells the spec defaults (2 and 1) apply")
    func defaultCells() throws {
        let source = """
            /dts-v1/;
            / { memory { device_type = "memory"; reg = <0x0 0x40000000 0x20000000>; }; };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source))
        #expect(try blob.memory() == [MemoryRange(base: 0x4000_0000, size: 0x2000_0000)])
        #expect(try blob.chosen() == ChosenNode())
    }

    @Test("a memory node named memory@… without device_type still counts")
    func namedMemory() throws {
        let source = """
            /dts-v1/;
            / { #address-cells = <1>; #size-cells = <1>; memory@20000000 { reg = <0x20000000 0x10000000>; }; };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source))
        #expect(try blob.memory() == [MemoryRange(base: 0x2000_0000, size: 0x1000_0000)])
    }

    @Test("a reg that is not whole entries is a clear error naming node and property")
    func malformedReg() throws {
        let source = """
            /dts-v1/;
            / { #address-cells = <1>; #size-cells = <1>; memory@0 { device_type = "memory"; reg = <0x0 0x1000 0x2000>; }; };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source, name: "badreg"))
        let error = try #require(throws: DeviceTreeError.self) { try blob.memory() }
        #expect(
            error.description.hasSuffix(
                "badreg.dtb: malformed property /memory@0/reg: 12 bytes is not a whole number of (1 address + 1 size) cell entries"))
    }

    @Test("a model that is not a string is a clear error")
    func malformedModel() throws {
        let source = """
            /dts-v1/;
            / { model = <0x41424344>; };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source))
        let error = try #require(throws: DeviceTreeError.self) { try blob.model() }
        #expect(error.reason == .malformedProperty(node: "/", property: "model", detail: "not a NUL-terminated string"))
    }

    @Test("three address cells are refused rather than misread")
    func unsupportedCells() throws {
        let source = """
            /dts-v1/;
            / { #address-cells = <3>; #size-cells = <1>; memory@0 { device_type = "memory"; reg = <0 0 0 0x1000>; }; };
            """
        let blob = try DeviceTreeBlob(contentsOfFile: try fixtures.compile(source))
        let error = try #require(throws: DeviceTreeError.self) { try blob.memory() }
        guard case .unsupportedCells = error.reason else {
            Issue.record("expected unsupportedCells, got \(error)")
            return
        }
    }
}
