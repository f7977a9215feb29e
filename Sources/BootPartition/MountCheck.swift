import Foundation

/// Decides whether a directory may be used as a mounted boot partition. Installs have landed on the root
/// filesystem when /boot was not mounted (DOMAIN §7): the directory must be a FAT mount (statfs type
/// MSDOS_SUPER_MAGIC), and a directory that is not a mount point at all is refused with its own message.
public struct MountCheck: Sendable, Equatable {
    /// `statfs` f_type of vfat/msdos mounts.
    public static let msdosMagic: Int64 = 0x4d44

    public var path: String
    /// The filesystem type number statfs reports.
    public var filesystemType: Int64
    /// False when the directory lives on the same device as its parent (nothing mounted there).
    public var isMountPoint: Bool

    public init(path: String, filesystemType: Int64, isMountPoint: Bool) {
        self.path = path
        self.filesystemType = filesystemType
        self.isMountPoint = isMountPoint
    }

    /// Reads the facts of `path` from the system.
    public static func inspect(_ path: String) throws(BootPartitionError) -> MountCheck {
        guard let type = filesystemType(of: path) else {
            throw .unusable("\(path): cannot use as boot partition: \(String(cString: strerror(errno)))")
        }
        var own = stat()
        var parent = stat()
        guard stat(path, &own) == 0, stat(path + "/..", &parent) == 0 else {
            throw .unusable("\(path): cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (own.st_mode & S_IFMT) == S_IFDIR else { throw .unusable("\(path) is not a directory") }
        // A mount point has another device than its parent; `/` is its own parent.
        let mountPoint = own.st_dev != parent.st_dev || own.st_ino == parent.st_ino
        return MountCheck(path: path, filesystemType: type, isMountPoint: mountPoint)
    }

    /// `statfs(2)` f_type. Glibc's module map leaves out <sys/vfs.h>, so the function is looked up by name;
    /// f_type is the first member of struct statfs, a native word (`__fsword_t`) on every Linux ABI.
    static func filesystemType(of path: String) -> Int64? {
        typealias StatfsFunction = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "statfs") else { return nil }
        let function = unsafeBitCast(symbol, to: StatfsFunction.self)
        // struct statfs is 120 bytes on 64-bit Linux, 64 on 32-bit ARM; 512 leaves room.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 512)
        guard function(path, buffer) == 0 else { return nil }
        return Int64(buffer.load(as: Int.self))
    }

    public var isFAT: Bool { filesystemType == Self.msdosMagic }

    /// Why the directory must not be written, or nil. `allowNonFAT` accepts any directory (tests, ext4 /boot).
    public func refusal(allowNonFAT: Bool) -> String? {
        if isFAT || allowNonFAT { return nil }
        if !isMountPoint {
            return
                "\(path) is not a mount point: nothing is mounted there, so files would land on the filesystem below it; mount the boot partition first (or pass --allow-non-fat for a plain directory)"
        }
        return
            "\(path) is not a FAT filesystem (statfs type 0x\(String(filesystemType, radix: 16)), expected 0x4d44 msdos/vfat); u-boot reads the boot partition with fatload (pass --allow-non-fat to write anyway)"
    }
}
