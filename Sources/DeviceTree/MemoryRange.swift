/// A range of physical addresses: a memory node's `reg` entry, a /memreserve/ entry.
public struct MemoryRange: Hashable, Sendable, CustomStringConvertible {
    public var base: UInt64
    public var size: UInt64

    public init(base: UInt64, size: UInt64) {
        self.base = base
        self.size = size
    }

    /// One past the last address (may exceed UInt64 only for nonsense input, so it saturates).
    public var end: UInt64 {
        let (sum, overflow) = base.addingReportingOverflow(size)
        return overflow ? .max : sum
    }

    /// Whether `other` lies entirely inside this range.
    public func contains(_ other: MemoryRange) -> Bool {
        other.base >= base && other.end <= end
    }

    /// Whether the two ranges share at least one byte.
    public func overlaps(_ other: MemoryRange) -> Bool {
        size > 0 && other.size > 0 && base < other.end && other.base < end
    }

    public var description: String {
        "0x\(String(base, radix: 16))-0x\(String(end, radix: 16)) (\(ByteCountText.format(size)))"
    }
}

/// Sizes the way people talk about board memory: "2 GiB", "2026 MiB", "512 KiB", "100 bytes".
public enum ByteCountText {
    public static func format(_ bytes: UInt64) -> String {
        let units: [(UInt64, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit) \(name)"
        }
        for (unit, name) in units where bytes >= unit {
            let value = Double(bytes) / Double(unit)
            return "\((value * 10).rounded() / 10) \(name)"
        }
        return "\(bytes) bytes"
    }
}
