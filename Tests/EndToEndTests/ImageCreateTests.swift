import Foundation
import Testing
import TestSupport

/// `odroid-build image create` end to end: real images from fake build work directories, read back with the
/// mtools and sfdisk themselves (not through the tool's own reader), then proven by `odroid-build verify`.
@Suite("image create", .tags(.realProcess))
struct ImageCreateTests {
    static let mtools = ["MTOOLS_SKIP_CHECK": "1", "LC_ALL": "C"]

    @Test func bareImageHoldsTheBuildAndVerifies() throws {
        let scratch = try ScratchDirectory("image-create")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let out = try Binary.run(
            ["image", "create", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "-o", "boot.img", "--size", "16M"],
            directory: scratch.path)
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(out.stdout.contains("created boot.img: 16 MiB, bare FAT; boots 3.12.3"))
        #expect(try scratch.names() == ["boot.img", "work-3.12.3"], "only the image is new: no partial file left")
        #expect(try FileManager.default.attributesOfItem(atPath: scratch.file("boot.img"))[.size] as? Int == 16 << 20)

        let listing = try scratch.tool(["mdir", "-/", "-i", "boot.img", "::/"], environment: Self.mtools)
        for name in ["uImage-3.12.3", "uInitrd-3.12.3", "exynos5410-odroidxu.dtb", "odroid-build.json"] {
            #expect(listing.contains(name), "mdir does not list \(name):\n\(listing)")
        }
        let script = try scratch.tool(["mtype", "-i", "boot.img", "::/boot.ini"], environment: Self.mtools)
        #expect(script.hasPrefix("ODROIDXU-UBOOT-CONFIG\n"))
        #expect(script.contains("fatload mmc 0:1 0x43000000 uImage-3.12.3"))
        #expect(script.contains("fatload mmc 0:1 0x49000000 dtbs/3.12.3/exynos5410-odroidxu.dtb"))
        try scratch.tool(["mcopy", "-n", "-i", "boot.img", "::/uImage-3.12.3", "copied-uImage"], environment: Self.mtools)
        #expect(try scratch.read("copied-uImage") == Data(contentsOf: URL(fileURLWithPath: build.uImage)))

        let verify = try Binary.run(["verify", "-p", "odroidxu", "--boot-image", "boot.img"], directory: scratch.path)
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("bootable, boots 3.12.3"))
    }

    /// odroidxu inherits boot.partition_offset = 2M from exynos5: the partition starts at sector 4096, and
    /// everything before it except the MBR stays zero for the user's bootloader blobs.
    @Test func diskImagePutsThePartitionAtTheProfileOffset() throws {
        let scratch = try ScratchDirectory("image-create-disk")
        let old = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let new = try FakeKernelBuild(version: "4.6.3", in: scratch)
        let out = try Binary.run(
            [
                "image", "create", "-p", "odroidxu", "-k", "3.12.3", "-k", "4.6.3", "--work-dir", old.workDirectory,
                "--work-dir", new.workDirectory, "-o", "disk.img", "--size", "16M", "--disk",
            ], directory: scratch.path)
        #expect(out.exitCode == 0, "\(out.stderr)")

        let dump = try scratch.tool(["sfdisk", "--dump", "disk.img"])
        #expect(dump.contains("label: dos"))
        let partitions = dump.split(separator: "\n").filter { $0.hasPrefix("disk.img") }
        #expect(partitions.count == 1)
        #expect(partitions.first?.replacingOccurrences(of: " ", with: "") == "disk.img1:start=4096,size=32768,type=c,bootable")
        let bytes = try scratch.read("disk.img")
        #expect(bytes.count == (16 + 2) << 20)
        #expect(bytes[512..<(2 << 20)].allSatisfy { $0 == 0 }, "the bootloader area must be left empty")

        let listing = try scratch.tool(["mdir", "-/", "-i", "disk.img@@2097152", "::/"], environment: Self.mtools)
        #expect(listing.contains("uImage-3.12.3") && listing.contains("uImage-4.6.3"))
        let verify = try Binary.run(["verify", "-p", "odroidxu", "--boot-image", "disk.img", "--partition", "1"], directory: scratch.path)
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("bootable, boots 4.6.3"), "the last --kernel boots")
    }

    @Test func diskOffsetFollowsTheProfileValue() throws {
        let scratch = try ScratchDirectory("image-create-offset")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let out = try Binary.run(
            [
                "image", "create", "-p", "odroidxu", "--set", "boot.partition_offset=1536K", "-k", "3.12.3",
                "--work-dir", build.workDirectory, "-o", "disk.img", "--size", "8M", "--disk",
            ], directory: scratch.path)
        #expect(out.exitCode == 0, "\(out.stderr)")
        #expect(try scratch.tool(["sfdisk", "--dump", "disk.img"]).contains("start=        3072"))
        let unaligned = try Binary.run(
            [
                "image", "create", "-p", "odroidxu", "--set", "boot.partition_offset=1000", "-k", "3.12.3",
                "--work-dir", build.workDirectory, "-o", "other.img", "--disk",
            ], directory: scratch.path)
        #expect(unaligned.exitCode == 2)
        #expect(unaligned.stderr.contains("boot.partition_offset"))
    }

    @Test func anExistingOutputIsKeptUnlessForced() throws {
        let scratch = try ScratchDirectory("image-create-force")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        try scratch.write("boot.img", Data("someone's image".utf8))
        let argv = [
            "image", "create", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "-o", "boot.img", "--size", "8M",
        ]
        let refused = try Binary.run(argv, directory: scratch.path)
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("boot.img exists; pass --force"))
        #expect(try scratch.read("boot.img") == Data("someone's image".utf8))
        let forced = try Binary.run(argv + ["--force"], directory: scratch.path)
        #expect(forced.exitCode == 0, "\(forced.stderr)")
        #expect(try scratch.read("boot.img").count == 8 << 20)
    }

    @Test func aFailedCreateLeavesNothing() throws {
        let scratch = try ScratchDirectory("image-create-fail")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let before = try scratch.names()
        // 9.9 was never built: its files are missing after 3.12.3 went in.
        let out = try Binary.run(
            [
                "image", "create", "-p", "odroidxu", "-k", "3.12.3", "-k", "9.9", "--work-dir", build.workDirectory,
                "--work-dir", scratch.file("work-9.9"), "-o", "boot.img", "--size", "8M",
            ], directory: scratch.path)
        #expect(out.exitCode == 2)
        #expect(out.stderr.contains("work-9.9/build/arch/arm/boot/uImage: built file not found"))
        #expect(try scratch.names() == before)
    }

    /// A wrapper `mcopy` first on PATH sends SIGTERM to odroid-build and waits until it has gone, so the
    /// signal always lands in the middle of the create, whatever the machine's load.
    @Test func anInterruptedCreateLeavesNothing() throws {
        let scratch = try ScratchDirectory("image-create-kill")
        let build = try FakeKernelBuild(version: "3.12.3", in: scratch)
        let wrapper = try scratch.write(
            "bin/mcopy",
            Data(
                """
                #!/bin/sh
                kill -TERM $PPID
                while state=$(cut -d' ' -f3 /proc/$PPID/stat 2>/dev/null) && [ "$state" != Z ]; do sleep 0.05; done
                exit 1

                """.utf8))
        chmod(wrapper, 0o755)
        let before = try scratch.names()
        let out = try Binary.run(
            ["image", "create", "-p", "odroidxu", "-k", "3.12.3", "--work-dir", build.workDirectory, "-o", "boot.img", "--size", "8M"],
            directory: scratch.path,
            environment: ["PATH": scratch.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        #expect(out.exitCode == 130, "\(out.stderr)")
        #expect(out.stderr.contains("interrupted; nothing created"))
        #expect(try scratch.names() == before)
    }
}
