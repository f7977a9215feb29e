import Foundation
import UBootImage

/// What the environment flash holds after a boot that may have run `saveenv`: u-boot's layout for a
/// non-redundant environment (little-endian CRC32 of the rest, then `name=value` strings each ended by a NUL,
/// an empty string, zero padding to `EnvironmentFlashBuilder.environmentBytes`).
///
/// Why a repair exists: Debian 12's QEMU (7.2.9 and later, up to at least 7.2.22) carries "hw/pflash:
/// implement update buffer for block writes" without its follow-up fix (QEMU issue 2343). u-boot's CFI
/// driver sends each write-to-buffer command to the start of the flash sector, and this QEMU keeps only the
/// data that falls in the first write block (4 KiB) after that address; the rest is refused, u-boot prints
/// `Timeout writing to Flash` and `saveenv` reports `Failed (1)`. What u-boot meant to write beyond those
/// 4 KiB is only zero padding when the variables end inside them, so the padding can be restored, and u-boot's
/// own CRC then says whether the result is byte for byte what it wrote. Nothing is rewritten unless that
/// CRC matches.
public struct SavedEnvironment: Sendable, Hashable {
    public enum State: String, Sendable, Codable, Hashable {
        /// The CRC matches as read: the flash holds a whole environment.
        case valid
        /// The CRC matched only after the erased (0xFF) bytes behind the variables were set back to the
        /// zeros u-boot wrote there; the file now holds them.
        case paddingRestored
        /// The CRC does not match even so (variables lost, or never saved): the next boot falls back to
        /// u-boot's built-in environment ("bad CRC").
        case invalid
    }

    public var state: State
    /// The variables, when the state is not `invalid`.
    public var environment: UBootEnvironment?

    /// Reads the environment at the start of `flash` and, when `restorePadding` is set and only the padding
    /// is missing, writes the padding back so the next boot loads what u-boot saved.
    public static func check(flash: String, restorePadding: Bool) throws -> SavedEnvironment {
        let size = EnvironmentFlashBuilder.environmentBytes
        guard let handle = FileHandle(forUpdatingAtPath: flash) else {
            throw BootProofError("cannot open the environment flash \(flash)")
        }
        defer { try? handle.close() }
        let area = try handle.read(upToCount: size) ?? Data()
        guard area.count == size else {
            throw BootProofError("\(flash) holds \(area.count) bytes; a u-boot environment needs \(size)")
        }
        let result = examine(area)
        if result.state == .paddingRestored, restorePadding, let repaired = result.repaired {
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: repaired)
            try handle.synchronize()
        }
        return SavedEnvironment(state: result.state, environment: result.environment)
    }

    /// The state of an environment area and, for `paddingRestored`, the repaired bytes. Pure.
    public static func examine(_ area: Data) -> (state: State, environment: UBootEnvironment?, repaired: Data?) {
        let bytes = [UInt8](area)
        guard bytes.count > 8 else { return (.invalid, nil, nil) }
        let stored = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let data = bytes[4...]
        guard let end = variablesEnd(data) else { return (.invalid, nil, nil) }
        let environment = variables(data[data.startIndex..<end])
        if CRC32.checksum(data) == stored { return (.valid, environment, nil) }
        var repaired = bytes
        for index in (end + 1)..<repaired.count { repaired[index] = 0 }
        guard CRC32.checksum(repaired[4...]) == stored else { return (.invalid, nil, nil) }
        return (.paddingRestored, environment, Data(repaired))
    }

    /// The index of the empty string that ends the variables (the second of two NULs in a row).
    static func variablesEnd(_ data: ArraySlice<UInt8>) -> Int? {
        var index = data.startIndex
        while index + 1 < data.endIndex {
            if data[index] == 0, data[index + 1] == 0 { return index + 1 }
            index += 1
        }
        return nil
    }

    static func variables(_ block: ArraySlice<UInt8>) -> UBootEnvironment {
        let entries = block.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return UBootEnvironment(
            variables: entries.compactMap { entry in
                guard let equals = entry.firstIndex(of: "=") else { return nil }
                return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
            })
    }
}
