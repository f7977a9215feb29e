/// What the device says about discard (from /sys/block/DEV/queue and the partition's discard_alignment).
public struct DiscardLimits: Sendable, Equatable {
    /// Largest single discard the device takes; 0 means discard is unsupported.
    public var maxBytes: UInt64
    /// The device's discard unit; requests are split on its boundaries.
    public var granularity: UInt64
    /// Offset of the first granularity boundary from the start of this (partition) device.
    public var alignment: UInt64

    public init(maxBytes: UInt64, granularity: UInt64, alignment: UInt64) {
        self.maxBytes = maxBytes
        self.granularity = granularity
        self.alignment = alignment
    }

    public var supported: Bool { maxBytes > 0 }
}

/// Splits a byte range into the BLKDISCARD requests a device accepts: every request 512-aligned and at most
/// `maxBytes` long; whole requests start and end on granularity boundaries (measured from `alignment`), with
/// at most one shorter request before the first boundary and one after the last.
public enum DiscardPlan {
    public static let sector: UInt64 = 512

    public static func chunks(offset: UInt64, length: UInt64, limits: DiscardLimits) -> [(offset: UInt64, length: UInt64)] {
        guard limits.supported else { return [] }
        let start = roundUp(offset, sector)
        let end = roundDown(offset + length, sector)
        guard end > start else { return [] }
        let granularity = max(sector, roundUp(limits.granularity, sector))
        var maxChunk = roundDown(limits.maxBytes, sector)
        if maxChunk >= granularity { maxChunk = roundDown(maxChunk, granularity) }
        guard maxChunk > 0 else { return [] }

        var result: [(UInt64, UInt64)] = []
        var position = start
        // Head: up to the first granularity boundary.
        let alignment = limits.alignment % granularity
        let firstBoundary: UInt64 = {
            if position <= alignment { return alignment }
            return alignment + roundUp(position - alignment, granularity)
        }()
        if firstBoundary > position {
            let head = min(firstBoundary, end) - position
            var remaining = head
            while remaining > 0 {
                let piece = min(remaining, maxChunk)
                result.append((position, piece))
                position += piece
                remaining -= piece
            }
        }
        while position < end {
            let piece = min(end - position, maxChunk)
            result.append((position, piece))
            position += piece
        }
        return result
    }

    static func roundUp(_ value: UInt64, _ unit: UInt64) -> UInt64 { (value + unit - 1) / unit * unit }
    static func roundDown(_ value: UInt64, _ unit: UInt64) -> UInt64 { value / unit * unit }
}
