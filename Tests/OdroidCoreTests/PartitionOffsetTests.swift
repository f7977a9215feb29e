import OdroidCore
import Testing
import TestSupport

/// `boot.partition_offset`: where `image create --disk` starts the FAT partition. The Exynos 5 boards keep
/// their bootloader blobs before it (2 MiB, from exynos5.toml); qemu-virt has none on disk (1 MiB default).
@Suite("Boot partition offset", .tags(.pure))
struct PartitionOffsetTests {
    @Test(arguments: [("odroidxu", 2 << 20), ("odroidxu3", 2 << 20), ("odroidxu4", 2 << 20), ("qemu-virt", 1 << 20)])
    func shippedProfilesPlaceThePartition(name: String, offset: Int) throws {
        #expect(try Shipped.resolve(name).boot.partitionOffset == UInt64(offset))
    }

    @Test func overrideIsTakenInSectors() throws {
        #expect(try Shipped.resolve("odroidxu", overrides: ["boot.partition_offset=1536K"]).boot.partitionOffset == 1536 << 10)
    }

    @Test(arguments: ["1000", "0", "256"])
    func offsetsThatAreNotWholeSectorsAfterTheMBRAreRejected(value: String) {
        #expect {
            _ = try Shipped.resolve("odroidxu", overrides: ["boot.partition_offset=\(value)"])
        } throws: { error in
            (error as? Diagnostics)?.items.contains { $0.key == "boot.partition_offset" && $0.message.contains("512-byte sectors") } == true
        }
    }
}
