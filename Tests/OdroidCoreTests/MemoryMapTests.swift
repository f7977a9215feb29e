import OdroidCore
import Testing
import TestSupport

@Suite("Memory map of load windows", .tags(.pure))
struct MemoryMapTests {
    @Test func seedLayoutHasNoProblemsAndShowsTheBootmMove() throws {
        let map = MemoryMap(profile: try Shipped.resolve("odroidxu"))
        #expect(map.problems().isEmpty)
        #expect(map.windows.map(\.kind) == [.kernelRelocated, .kernel, .initrd, .dtb, .reserved])
        #expect(map.windows[0].region.start == 0x4000_8000)
    }

    @Test func loadingAtLoadaddrMinus64AvoidsTheMove() throws {
        let map = MemoryMap(profile: try Shipped.resolve("odroidxu", overrides: ["boot.kernel_addr=0x40007fc0"]))
        #expect(!map.windows.contains { $0.kind == .kernelRelocated })
    }

    @Test func realSizesReplaceTheExpectedMaximum() throws {
        let profile = try Shipped.resolve(
            "odroidxu", overrides: ["boot.initrd_addr=0x43800000", "kernel.image_max=8M", "initramfs.max_size=8M"])
        #expect(MemoryMap(profile: profile).problems().isEmpty)
        let fits = MemoryMap(profile: profile, sizes: .init(kernel: 7_000_000, initrd: 4_000_000, dtb: 40_000))
        #expect(fits.problems().isEmpty)
        let tooBig = MemoryMap(profile: profile, sizes: .init(kernel: 9_000_000, initrd: 4_000_000, dtb: 40_000))
        #expect(
            tooBig.problems().map(\.message) == [
                "kernel image (as loaded) 0x43000000–0x43895440 (8.6 MiB) overlaps initramfs 0x43800000–0x43bd0900 (3.8 MiB); the kernel load window before it is only 8 MiB"
            ])
    }

    @Test func qemuVirtKeepsClearOfUBootsOwnMemory() {
        do {
            _ = try Shipped.resolve("qemu-virt", overrides: ["boot.initrd_addr=0x5c000000"])
            Issue.record("an initrd over u-boot's relocated code was accepted")
        } catch {
            #expect(error.description.contains("overlaps u-boot relocation, malloc, stack (top of 512 MiB)"), "\(error)")
            #expect(error.items.first?.key == "boot.initrd_addr")
        }
    }
}
