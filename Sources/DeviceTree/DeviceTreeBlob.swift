import CFdt
import Foundation

/// A flattened device tree (.dtb) that has passed libfdt's full structural check, so every read after
/// construction works on a blob known to be sound. Editing returns a new blob, checked the same way.
public struct DeviceTreeBlob: Sendable {
    /// Where the blob came from; every error names it.
    public let source: String
    let buffer: FdtBuffer

    /// Checks `bytes` completely and keeps a private aligned copy of the blob (the header's totalsize bytes;
    /// padding after it, common in copies from flash, is ignored).
    public init<Bytes: Collection<UInt8>>(bytes: Bytes, source: String) throws(DeviceTreeError) {
        let array = Array(bytes)
        self.source = source
        let headerSize = Int(cfdt_header_size())
        func fail(_ reason: DeviceTreeError.Reason) -> DeviceTreeError { DeviceTreeError(file: source, reason: reason) }

        guard array.count >= 8 else { throw fail(.tooSmall(size: array.count)) }
        let magic = array.prefix(4).reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        guard magic == cfdt_expected_magic() else {
            throw fail(.badMagic(found: magic, looksLike: BlobKindGuess.guess(Array(array.prefix(64)))))
        }
        let claimed = Int(array[4..<8].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        guard array.count >= headerSize else { throw fail(.tooSmall(size: array.count)) }
        guard claimed <= array.count else { throw fail(.sizeExceedsFile(claimed: claimed, actual: array.count)) }
        guard claimed >= headerSize else {
            throw fail(.invalidStructure("the header claims a total size of \(claimed) bytes, smaller than the header itself"))
        }
        // fdt_check_full in libfdt 1.6.1 dereferences NULL on version < 16 blobs (found by fuzz/run.sh).
        let version = Int(array[20..<24].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) })
        guard version >= 16 else { throw fail(.unsupportedVersion(version)) }
        let copy = array.withUnsafeBytes { FdtBuffer(copying: UnsafeRawBufferPointer(rebasing: $0[0..<claimed])) }
        let status = fdt_check_full(copy.raw, claimed)
        guard status == 0 else { throw fail(.invalidStructure(fdtMessage(status))) }
        buffer = copy
    }

    /// Reads and checks the blob in the file at `path`.
    public init(contentsOfFile path: String) throws(DeviceTreeError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DeviceTreeError(file: path, reason: .unreadable(Self.readFailure(path: path, error: error)))
        }
        try self.init(bytes: data, source: path)
    }

    /// A wrapper keeping an already-checked buffer (edits re-check before calling this).
    init(checked buffer: FdtBuffer, source: String) {
        self.buffer = buffer
        self.source = source
    }

    /// The blob's size as its header declares it (what u-boot loads and passes on).
    public var totalSize: Int { Int(cfdt_totalsize(buffer.raw)) }
    /// The format version (17 for everything dtc writes today).
    public var version: Int { Int(cfdt_version(buffer.raw)) }
    /// The oldest version a reader must understand (16 for dtc's output).
    public var lastCompatibleVersion: Int { Int(cfdt_last_comp_version(buffer.raw)) }
    /// The physical id of the CPU that boots.
    public var bootCPU: UInt32 { cfdt_boot_cpuid_phys(buffer.raw) }

    /// The blob's bytes, `totalSize` of them: what gets written to a file.
    public var bytes: [UInt8] { buffer.bytes(count: totalSize) }

    func error(_ reason: DeviceTreeError.Reason) -> DeviceTreeError { DeviceTreeError(file: source, reason: reason) }

    private static func readFailure(path: String, error: Error) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        return (error as NSError).localizedDescription
    }
}
