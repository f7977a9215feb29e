import BootPartition
import CommandValues
import Foundation
import OdroidCore
import OdroidProcess
import Testing
import TestSupport

/// The checks a build and `install` make before anything is written, on files made by the real mkimage, cpio,
/// gzip and dtc: a sound XU build passes; each way a real build goes wrong is named with its file.
@Suite("Built files checked before install", .tags(.realProcess))
struct BuiltArtifactCheckTests {
    let fixtures: PartitionFixtures
    let profile: ResolvedProfile

    init() throws {
        fixtures = try PartitionFixtures()
        profile = try PartitionFixtures.profile("odroidxu")
    }

    /// A blob for `compatible` whose memory node covers the XU's DRAM (or `memorySize` of it).
    private func dtb(in build: PartitionFixtures.Build, compatible: String, memorySize: UInt64 = 0x7ea0_0000) throws {
        let dts = """
            /dts-v1/;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
                model = "test board";
                compatible = \(compatible);
                memory@40000000 {
                    device_type = "memory";
                    reg = <0x40000000 0x\(String(memorySize, radix: 16))>;
                };
            };
            """
        try dts.write(toFile: build.directory + "/board.dts", atomically: true, encoding: .utf8)
        try fixtures.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", build.directory + "/board.dtb", build.directory + "/board.dts"])
    }

    private func check(_ build: PartitionFixtures.Build, release: String? = nil) -> [String] {
        BuiltArtifactCheck(
            profile: profile, files: profile.bootFiles(version: build.version), kernelRelease: release ?? build.release,
            kernelConfig: nil, runner: fixtures.runner
        ).problems(in: build.spec).problems
    }

    @Test func aSoundXUBuildPasses() throws {
        let build = try fixtures.build("3.12.3", profile: profile)
        try dtb(in: build, compatible: #""hardkernel,odroid-xu", "samsung,exynos5410""#)
        #expect(check(build) == [])
    }

    @Test func aUImageMadeWithoutLoadaddrIsRefusedNamingTheFile() throws {
        let build = try fixtures.build("3.12.3", profile: profile, loadAddress: "0x00008000")
        try dtb(in: build, compatible: #""hardkernel,odroid-xu""#)
        let problems = check(build)
        // The load address and the entry point, both named with the file and the fix.
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix(build.directory + "/uImage: ") && $0.contains("LOADADDR=0x40008000") }, "\(problems)")
    }

    @Test func anotherBoardsBlobAndAShortMemoryNodeAreRefused() throws {
        let build = try fixtures.build("3.12.3", profile: profile)
        try dtb(in: build, compatible: #""hardkernel,odroid-c2", "amlogic,meson-gxbb""#, memorySize: 0x0200_0000)
        let problems = check(build).filter { $0.hasPrefix(build.directory + "/board.dtb: ") }
        #expect(problems.contains { $0.contains("hardkernel,odroid-xu") }, "\(problems)")
        #expect(problems.count >= 2, "compatible and memory are separate findings: \(problems)")
    }

    @Test func modulesOfAnotherReleaseInTheInitramfsAreRefused() throws {
        let build = try fixtures.build("3.12.3", profile: profile, initrdRelease: "3.12.2-odroid")
        try dtb(in: build, compatible: #""hardkernel,odroid-xu""#)
        let problems = check(build)
        #expect(
            problems.contains { $0.hasPrefix(build.directory + "/uInitrd: the initramfs") && $0.contains("3.12.2-odroid") }, "\(problems)")
    }

    @Test func aKernelTooBigForItsLoadWindowIsAMemoryMapProblem() throws {
        // The XU loads the kernel at 0x43000000 and the initrd at 0x46000000: a 49 MiB kernel runs into it.
        let build = try fixtures.build("3.12.3", profile: profile, kernelBytes: 49 << 20)
        try dtb(in: build, compatible: #""hardkernel,odroid-xu""#)
        let problems = check(build)
        #expect(problems.contains { $0.hasPrefix("memory map with the built sizes: ") && $0.contains("overlaps initramfs") }, "\(problems)")
    }
}
