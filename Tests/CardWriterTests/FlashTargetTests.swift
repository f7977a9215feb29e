@testable import CardWriter
import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// What `FlashTargetCheck` refuses, on real files, loop devices and mounts made here (never a real disk,
/// never a node of the real /dev but the loop devices losetup attaches; each is detached at the end). Mounts
/// use ext4, which this kernel has; the rules do not depend on the filesystem type.
@Suite("Flash refuses the image itself, loops over it and files in use", .tags(.realProcess), .serialized)
final class FlashTargetTests {
    static let canUseLoop =
        getuid() == 0 && ExecutableLookup.find("losetup") != nil && FileManager.default.fileExists(atPath: "/dev/loop-control")
    let runner = SpawnRunner()
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-flash-target-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func file(_ name: String, bytes: Int = 1 << 20) throws -> String {
        let path = "\(dir)/\(name)"
        try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: URL(fileURLWithPath: path))
        return path
    }

    func run(_ argv: [String]) throws -> String {
        let result = try runner.run(Command(argv))
        try #require(result.succeeded, "\(argv.joined(separator: " ")): \(result.stderrText)")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `body` with a loop device attached to `backing`, detaching it afterwards whatever happens.
    func withLoop<T>(_ backing: String, _ body: (String) throws -> T) throws -> T {
        let loop = try run(["losetup", "--find", "--show", backing])
        defer { _ = try? runner.run(Command(["losetup", "-d", loop])) }
        return try body(loop)
    }

    /// Runs `body` with an ext4 filesystem in `image` mounted through a loop device (unmounted, detached after).
    func withMountedLoop<T>(_ image: String, _ body: (_ loop: String, _ mountPoint: String) throws -> T) throws -> T {
        _ = try run(["mkfs.ext4", "-q", "-F", image])
        return try withLoop(image) { loop in
            let mountPoint = "\(dir)/mnt-\(UUID().uuidString.prefix(6))"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            _ = try run(["mount", loop, mountPoint])
            defer { _ = try? runner.run(Command(["umount", mountPoint])) }
            return try body(loop, mountPoint)
        }
    }

    func refusals(image: String, target: String) -> [FlashTargetCheck.Refusal] {
        FlashTargetCheck.current().refusals(image: image, target: target)
    }

    @Test func aMissingTargetIsRefusedAndNotCreated() throws {
        let image = try file("boot.img")
        let target = "\(dir)/no-such-card"
        #expect(refusals(image: image, target: target) == [.missing(target: target)])
        #expect(throws: ImageFlasher.Failure.self) { try ImageFlasher().flash(image: image, to: target, limits: nil) }
        #expect(!FileManager.default.fileExists(atPath: target), "flash never creates its target")
    }

    @Test func theImageByAnyNameIsRefused() throws {
        let image = try file("boot.img")
        let hard = "\(dir)/hard.img", soft = "\(dir)/soft.img"
        #expect(link(image, hard) == 0)
        try FileManager.default.createSymbolicLink(atPath: soft, withDestinationPath: "boot.img")
        for target in [image, hard, soft, "\(dir)/./boot.img"] {
            #expect(refusals(image: image, target: target) == [.sameFileAsImage(target: target)], "\(target)")
        }
        #expect(refusals(image: image, target: try file("other.img")).isEmpty)
    }

    @Test(.enabled(if: canUseLoop))
    func aLoopDeviceBackedByTheImageIsRefusedAndTheImageSurvives() throws {
        let image = try file("boot.img", bytes: 2 << 20)
        let before = try Data(contentsOf: URL(fileURLWithPath: image))
        try withLoop(image) { loop in
            let symlink = "\(dir)/card"
            try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: loop)
            for target in [loop, symlink] {
                #expect(refusals(image: image, target: target).contains(.loopBackedByImage(loop: loop)), "\(target)")
            }
            // The command line refuses it too, with exit status 2, before writing anything.
            let out = try runner.run(Command([Self.binary, "flash", image, "--device", symlink, "--yes"]))
            #expect(out.termination == .exited(2), "\(out.stderrText)")
            #expect(out.stderrText.contains("backed by the image"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: image)) == before)
    }

    @Test(.enabled(if: canUseLoop))
    func theBackingFileOfAMountedLoopAndASecondLoopOverItAreRefused() throws {
        let image = try file("boot.img")
        let filesystem = try file("fs.img", bytes: 8 << 20)
        try withMountedLoop(filesystem) { mounted, mountPoint in
            #expect(
                refusals(image: image, target: filesystem) == [
                    .backsMountedLoop(file: filesystem, loop: mounted, at: "mounted at \(mountPoint)")
                ])
            try withLoop(filesystem) { second in
                let found = refusals(image: image, target: second)
                #expect(
                    found.contains { if case .loopBackingInUse(second, _, mounted, _) = $0 { return true } else { return false } },
                    "\(found)")
            }
        }
        #expect(refusals(image: image, target: filesystem).isEmpty, "once unmounted and detached, the file may be written")
    }

    /// The mounted loop device itself, by its own name, a symlink to it, and a device node with its
    /// numbers made in the scratch directory: all refused by number.
    @Test(.enabled(if: canUseLoop))
    func aMountedDeviceIsRefusedByNumberWhateverItsName() throws {
        let image = try file("boot.img")
        let filesystem = try file("fs.img", bytes: 8 << 20)
        try withMountedLoop(filesystem) { loop, mountPoint in
            var info = stat()
            try #require(stat(loop, &info) == 0)
            let node = "\(dir)/copy-of-loop"
            try #require(mknod(node, S_IFBLK | 0o600, info.st_rdev) == 0)
            let symlink = "\(dir)/link-to-loop"
            try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: loop)
            for target in [loop, symlink, node] {
                let out = try runner.run(Command([Self.binary, "flash", image, "--device", target, "--yes"]))
                #expect(out.termination == .exited(2), "\(target): \(out.stderrText)")
                #expect(out.stderrText.contains("is mounted at \(mountPoint)"), "\(target): \(out.stderrText)")
            }
        }
    }

    @Test func aCharacterDeviceOrDirectoryIsNotATarget() throws {
        let image = try file("boot.img")
        #expect(refusals(image: image, target: dir) == [.notWritable(target: dir, kind: "directory")])
        if getuid() == 0 {
            let node = "\(dir)/null"
            try #require(mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)
            #expect(refusals(image: image, target: node) == [.notWritable(target: node, kind: "character device")])
        }
    }

    /// Swap is judged by number: a swap device listed under one name is recognised under another. The
    /// table is made up (enabling swap here would change the machine); the device nodes are real, in scratch.
    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func swapIsRecognisedByDeviceNumber() throws {
        let listed = "\(dir)/swap-node", other = "\(dir)/other-name"
        try #require(mknod(listed, S_IFBLK | 0o600, dev_t(7 << 8 | 251)) == 0)
        try #require(mknod(other, S_IFBLK | 0o600, dev_t(7 << 8 | 251)) == 0)
        var mounts = MountTable(entries: [], swaps: [listed])
        mounts.swapIdentities = [listed: try #require(FileIdentity.of(listed))]
        let device = BlockDeviceInfo(
            path: other, name: "loop251", device: DeviceNumber(major: 7, minor: 251), isPartition: false, disk: "loop251",
            members: [DeviceNumber(major: 7, minor: 251)], size: 8 << 20,
            discard: DiscardLimits(maxBytes: 0, granularity: 0, alignment: 0), removable: false)
        let request = FlashSafety.Request(imageSize: 1 << 20, wholeDisk: false, sizeLimit: 64 << 30, force: false)
        #expect(FlashSafety(mounts: mounts).refusals(device: device, request: request) == [.swap(device: listed)])
        let swapFile = try file("swapfile")
        var table = MountTable(entries: [], swaps: [swapFile])
        table.swapIdentities = [swapFile: try #require(FileIdentity.of(swapFile))]
        let link = "\(dir)/swap-link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: swapFile)
        #expect(
            FlashTargetCheck(mounts: table, loops: LoopTable(loops: [])).refusals(image: try file("boot.img"), target: link) == [
                .swapFile(target: link)
            ])
    }

    /// The built odroid-build beside the test bundle.
    static let binary: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("odroid-build").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return "\(Repository.root)/.build/debug/odroid-build"
    }()
}
