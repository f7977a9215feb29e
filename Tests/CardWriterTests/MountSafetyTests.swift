@testable import CardWriter
import Testing
import TestSupport

@Suite("Refusing the wrong disk", .tags(.pure))
struct MountSafetyTests {
    static let mountinfo = """
        22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
        30 22 8:1 / /boot/efi rw - vfat /dev/sda1 rw
        41 22 8:17 / /media/me/BOOT\\040CARD rw - vfat /dev/sdb1 rw
        """

    func device(_ name: String, partition: Bool, number: String, members: [String], size: UInt64 = 16 << 30) -> BlockDeviceInfo {
        BlockDeviceInfo(
            path: "/dev/\(name)", name: name, device: DeviceNumber(number)!, isPartition: partition, disk: String(name.prefix(3)),
            members: members.compactMap(DeviceNumber.init), size: size,
            discard: DiscardLimits(maxBytes: 0, granularity: 0, alignment: 0), removable: true)
    }

    let table = MountTable.parse(mountinfo: mountinfo, swaps: "Filename Type Size Used Priority\n/dev/sdc2 partition 1 0 -2\n")
    let request = FlashSafety.Request(imageSize: 128 << 20, wholeDisk: false, sizeLimit: 64 << 30, force: false)

    @Test func parsesMountinfoWithEscapes() {
        #expect(table.root == DeviceNumber("8:2"))
        #expect(table.entries.last?.mountPoint == "/media/me/BOOT CARD")
        #expect(table.swaps == ["/dev/sdc2"])
    }

    @Test func theRootDiskIsRefusedEvenWithForce() {
        var r = request
        r.force = true
        r.wholeDisk = true
        let refusals = FlashSafety(mounts: table).refusals(
            device: device("sda", partition: false, number: "8:0", members: ["8:0", "8:1", "8:2"]), request: r)
        #expect(refusals.contains(.holdsRoot(device: "/dev/sda")))
        #expect(refusals.contains(.mounted(device: "/dev/sda1", at: "/boot/efi")))
        #expect(refusals.allSatisfy { $0.absolute })
    }

    @Test func aMountedCardPartitionIsRefused() {
        let refusals = FlashSafety(mounts: table).refusals(
            device: device("sdb1", partition: true, number: "8:17", members: ["8:17"]), request: request)
        #expect(refusals == [.mounted(device: "/dev/sdb1", at: "/media/me/BOOT CARD")])
    }

    @Test func aWholeDiskNeedsTheDiskFlagAndAPartitionMustNotHaveIt() {
        let disk = device("sdd", partition: false, number: "8:48", members: ["8:48", "8:49"])
        #expect(FlashSafety(mounts: table).refusals(device: disk, request: request) == [.wholeDiskWithoutFlag(device: "/dev/sdd")])
        var r = request
        r.wholeDisk = true
        #expect(FlashSafety(mounts: table).refusals(device: disk, request: r).isEmpty)
        let part = device("sdd1", partition: true, number: "8:49", members: ["8:49"])
        #expect(FlashSafety(mounts: table).refusals(device: part, request: r) == [.partitionWithDiskFlag(device: "/dev/sdd1")])
    }

    @Test func aLargeDiskNeedsForceAndATooSmallOneIsRefused() {
        let big = device("sde1", partition: true, number: "8:65", members: ["8:65"], size: 500 << 30)
        #expect(FlashSafety(mounts: table).refusals(device: big, request: request).map(\.absolute) == [false])
        var forced = request
        forced.force = true
        #expect(FlashSafety(mounts: table).refusals(device: big, request: forced).isEmpty)
        let tiny = device("sde2", partition: true, number: "8:66", members: ["8:66"], size: 1 << 20)
        #expect(FlashSafety(mounts: table).refusals(device: tiny, request: request) == [.imageTooBig(image: 128 << 20, device: 1 << 20)])
    }
}
