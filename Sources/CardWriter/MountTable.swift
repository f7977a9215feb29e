import Foundation

/// The mounted filesystems (from /proc/self/mountinfo) and active swap, to refuse writing over anything in use.
public struct MountTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var device: DeviceNumber
        public var mountPoint: String
        public var source: String
    }

    public var entries: [Entry]
    /// Swap devices from /proc/swaps.
    public var swaps: [String]
    /// What each swap area is, by number (a device) or inode (a swap file): `swaps` resolved when the table was
    /// read, so a symlink or another name of a swap device is still recognised.
    public var swapIdentities: [String: FileIdentity]

    public init(entries: [Entry], swaps: [String] = [], swapIdentities: [String: FileIdentity] = [:]) {
        self.entries = entries
        self.swaps = swaps
        self.swapIdentities = swapIdentities
    }

    /// Whether the filesystem on `device` is mounted somewhere, and where.
    public func mountPoints(of device: DeviceNumber) -> [String] {
        entries.filter { $0.device == device }.map(\.mountPoint)
    }

    /// Parses mountinfo text: `id parent major:minor root mountpoint options ... - fstype source superoptions`.
    public static func parse(mountinfo: String, swaps: String = "") -> MountTable {
        var entries: [Entry] = []
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 7, let separator = fields.firstIndex(of: "-"), separator + 2 < fields.count,
                let device = DeviceNumber(fields[2])
            else { continue }
            entries.append(Entry(device: device, mountPoint: unescape(fields[4]), source: unescape(fields[separator + 2])))
        }
        let swapDevices = swaps.split(separator: "\n").dropFirst().compactMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { unescape(String($0)) }
        }
        return MountTable(entries: entries, swaps: swapDevices)
    }

    public static func current() -> MountTable {
        let info = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        let swaps = (try? String(contentsOfFile: "/proc/swaps", encoding: .utf8)) ?? ""
        var table = parse(mountinfo: info, swaps: swaps)
        for path in table.swaps { table.swapIdentities[path] = FileIdentity.of(path) }
        return table
    }

    /// The device of the running root filesystem.
    public var root: DeviceNumber? { entries.first { $0.mountPoint == "/" }?.device }

    /// mountinfo escapes spaces and friends as \040 etc.
    static func unescape(_ s: String) -> String {
        var out = ""
        var chars = Array(s)[...]
        while let c = chars.popFirst() {
            if c == "\\", chars.count >= 3, let code = UInt8(String(chars.prefix(3)), radix: 8) {
                out.append(Character(Unicode.Scalar(code)))
                chars = chars.dropFirst(3)
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// A device's major:minor number.
public struct DeviceNumber: Sendable, Hashable, CustomStringConvertible {
    public var major: UInt32
    public var minor: UInt32

    public init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }

    /// From "8:17".
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let major = UInt32(parts[0]), let minor = UInt32(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major):\(minor)" }
}
