import CFdt

/// Memory for one blob, 8-byte aligned as libfdt requires (it refuses unaligned blobs with FDT_ERR_ALIGNMENT).
/// Never mutated once a `DeviceTreeBlob` holds it, which is what makes sharing it across threads safe.
final class FdtBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 8)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity)
    }

    convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(capacity: bytes.count)
        if let base = bytes.baseAddress { pointer.copyMemory(from: base, byteCount: bytes.count) }
    }

    deinit { pointer.deallocate() }

    var raw: UnsafeRawPointer { UnsafeRawPointer(pointer) }

    /// The first `count` bytes as an array.
    func bytes(count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: raw, count: min(count, capacity)))
    }
}

/// libfdt's message for a negative return value.
func fdtMessage(_ code: Int32) -> String {
    String(cString: fdt_strerror(code))
}
