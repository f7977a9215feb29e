import CommandValues
import Foundation
import OdroidProcess
import Testing
import TestSupport

/// `--boot-image` names a file or device that mtools writes behind the kernel's back: never one in use. A device
/// with a mounted filesystem (or its backing file) is refused with exit 2, naming the mount and pointing at
/// `--boot`; the same device, unmounted, opens. ext4 stands in for the mounted FAT (this kernel has no vfat):
/// the check is about the mount, not the filesystem.
@Suite(
    "--boot-image refuses what is mounted", .tags(.realProcess), .serialized,
    .enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control")))
struct BootImageInUseTests {
    @Test("a mounted loop device and the file behind it are refused; unmounted they are used")
    func mountedDeviceIsRefused() throws {
        let scratch = try ScratchDirectory("in-use")
        let image = scratch.file("card.img")
        try scratch.tool(["truncate", "-s", "40M", image])
        try scratch.tool(["mkfs.vfat", "-C", "-n", "BOOT", scratch.file("fat.img"), "16384"])
        try scratch.tool(["mkfs.ext4", "-q", "-F", image])
        let loop = try scratch.tool(["losetup", "--find", "--show", image]).trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? SpawnRunner().run(Command(["losetup", "-d", loop])) }
        let mountPoint = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try scratch.tool(["mount", "-t", "ext4", loop, mountPoint])
        var mounted = true
        defer { if mounted { _ = try? SpawnRunner().run(Command(["umount", mountPoint])) } }

        let device = try Binary.run(["list", "--profile", "qemu-virt", "--boot-image", loop])
        #expect(device.exitCode == 2, "\(device.stderr)")
        #expect(device.stderr.contains("\(loop) is in use: \(loop) is mounted at \(mountPoint)"), "\(device.stderr)")
        #expect(device.stderr.contains("--boot"))
        let backing = try Binary.run(["list", "--profile", "qemu-virt", "--boot-image", image])
        #expect(backing.exitCode == 2, "\(backing.stderr)")
        #expect(backing.stderr.contains("backs \(loop), which is in use (mounted at \(mountPoint))"), "\(backing.stderr)")
        // A change of the default kernel is refused the same way, before mtools runs.
        let change = try Binary.run(["default", "--profile", "qemu-virt", "--boot-image", loop, "6.1"])
        #expect(change.exitCode == 2 && change.stderr.contains("is in use"), "\(change.stderr)")
        try scratch.tool(["umount", mountPoint])
        mounted = false

        // Unmounted, the same loop device is a device like any other (here not FAT: mtools' own error, exit 2).
        let unmounted = try Binary.run(["list", "--profile", "qemu-virt", "--boot-image", loop])
        #expect(!unmounted.stderr.contains("is in use"), "\(unmounted.stderr)")
        // A FAT image nobody mounts opens as before.
        let fat = try Binary.run(["list", "--profile", "qemu-virt", "--boot-image", scratch.file("fat.img")])
        #expect(fat.exitCode == 0, "\(fat.stderr)")
    }
}
