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

    public init(entries: [Entry], swaps: [String] = []) {
        self.entries = entries
        self.swaps = swaps
    }

    /// Parses mountinfo text: `id parent major:minor root mountpoint options ... - fstype source superoptions`.
    public static func parse(mountinfo: String, swaps: String = "") -> MountTable {
        var entries: [Entry] = []
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 7, let separator = fields.firstIndex(of: "-"), separator + 2 < fields.count,
                  let device = DeviceNumber(fields[2]) else { continue }
            entries.append(Entry(device: device, mountPoint: unescape(fields[4]), source: unescape(fields[separator + 2])))
        }
        let swapDevices = swaps.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        return MountTable(entries: entries, swaps: swapDevices)
    }

    public static func current() -> MountTable {
        let info = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        let swaps = (try? String(contentsOfFile: "/proc/swaps", encoding: .utf8)) ?? ""
        return parse(mountinfo: info, swaps: swaps)
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
