/// What a board needs of its device tree, given as plain values so this module stays free of profiles:
/// the CLI and the build fill it from the resolved profile and its memory map.
public struct BoardRequirements: Sendable {
    /// Where the requirements come from, for messages ("profile odroidxu").
    public var origin: String
    /// The board's compatible strings, most specific first; the blob must list the first one.
    public var compatible: [String]
    /// The board's DRAM.
    public var dram: MemoryRange
    /// Everything u-boot loads or moves before the kernel runs; each must lie in memory the blob describes.
    public var loadWindows: [LoadWindow]

    public init(origin: String, compatible: [String], dram: MemoryRange, loadWindows: [LoadWindow]) {
        self.origin = origin
        self.compatible = compatible
        self.dram = dram
        self.loadWindows = loadWindows
    }
}

/// One named range of addresses u-boot fills at boot (kernel, initrd, dtb).
public struct LoadWindow: Sendable, Hashable {
    public var name: String
    public var range: MemoryRange

    public init(name: String, range: MemoryRange) {
        self.name = name
        self.range = range
    }
}

/// One result of checking a blob against a board: an error stops the boot or boots the wrong hardware
/// description; a warning is worth knowing.
public struct BlobFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}
