import CBlockDevice
import Foundation

/// The attached loop devices and the files they read, by number: what the kernel reports through
/// LOOP_GET_STATUS64 (the backing file's st_dev and st_ino), falling back to the name in
/// /sys/block/loopN/loop/backing_file. Used to refuse flashing onto a loop device backed by the image (which
/// would overwrite the image with itself), or onto anything that writes a mounted filesystem's file.
public struct LoopTable: Sendable {
    public struct Loop: Sendable, Equatable {
        /// Kernel name (loop0).
        public var name: String
        public var device: DeviceNumber
        /// The file it reads, as the kernel identifies it.
        public var backing: FileIdentity?
        /// The backing file's name as the kernel last knew it (for messages).
        public var backingName: String

        public init(name: String, device: DeviceNumber, backing: FileIdentity?, backingName: String) {
            self.name = name
            self.device = device
            self.backing = backing
            self.backingName = backingName
        }
    }

    public var loops: [Loop]

    public init(loops: [Loop]) { self.loops = loops }

    /// The loop devices attached now.
    public static func current(sys: String = "/sys/block", dev: String = "/dev") -> LoopTable {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sys)) ?? []).filter { $0.hasPrefix("loop") }.sorted()
        var loops: [Loop] = []
        for name in names {
            guard let backingName = read("\(sys)/\(name)/loop/backing_file"),
                let device = read("\(sys)/\(name)/dev").flatMap(DeviceNumber.init)
            else {
                continue  // not attached
            }
            var backing: FileIdentity?
            let fd = open("\(dev)/\(name)", O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            if fd >= 0 {
                var fileDevice: UInt64 = 0, inode: UInt64 = 0
                if odroid_loop_backing(fd, &fileDevice, &inode) == 0 { backing = .file(device: fileDevice, inode: inode) }
                close(fd)
            }
            if backing == nil { backing = FileIdentity.of(backingName) }
            loops.append(Loop(name: name, device: device, backing: backing, backingName: backingName))
        }
        return LoopTable(loops: loops)
    }

    /// The loop device with this number.
    public func loop(_ device: DeviceNumber) -> Loop? { loops.first { $0.device == device } }

    /// Every loop device that reads `file`.
    public func loops(backedBy file: FileIdentity) -> [Loop] { loops.filter { $0.backing == file } }

    private static func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
