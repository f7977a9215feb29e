import CFdt
import Foundation

/// Changes to /chosen for u-boots that cannot pass a command line or initrd themselves. Each edit copies the
/// blob into a larger buffer (libfdt grows nothing in place), makes the change, packs it and checks the result.
extension DeviceTreeBlob {
    /// A copy with /chosen/bootargs set to `bootargs` (creating /chosen when missing).
    public func settingBootargs(_ bootargs: String) throws(DeviceTreeError) -> DeviceTreeBlob {
        guard !bootargs.utf8.contains(0) else { throw error(.invalidValue("bootargs must not contain a NUL byte")) }
        return try editingChosen(extraBytes: bootargs.utf8.count + 1, what: "setting /chosen/bootargs") { fdt, chosen in
            cfdt_setprop_string(fdt, chosen, "bootargs", bootargs)
        }
    }

    /// A copy with /chosen/linux,initrd-start and linux,initrd-end set, as u-boot writes them: 32-bit numbers
    /// when the root has #address-cells = 1, 64-bit otherwise. `end` is one past the initrd's last byte.
    public func settingInitrd(start: UInt64, end: UInt64) throws(DeviceTreeError) -> DeviceTreeBlob {
        guard start <= end else {
            throw error(.invalidValue("the initrd end 0x\(String(end, radix: 16)) is before its start 0x\(String(start, radix: 16))"))
        }
        let cells = fdt_address_cells(buffer.raw, 0)
        let width = cells == 1 ? 4 : 8
        if width == 4, end > UInt64(UInt32.max) {
            throw error(.invalidValue("the initrd end 0x\(String(end, radix: 16)) does not fit the root's #address-cells = 1"))
        }
        func encode(_ value: UInt64) -> [UInt8] {
            (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        }
        return try editingChosen(extraBytes: 2 * width, what: "setting /chosen/linux,initrd-start and -end") { fdt, chosen in
            let first = encode(start).withUnsafeBytes { fdt_setprop(fdt, chosen, "linux,initrd-start", $0.baseAddress, Int32(width)) }
            guard first == 0 else { return first }
            return encode(end).withUnsafeBytes { fdt_setprop(fdt, chosen, "linux,initrd-end", $0.baseAddress, Int32(width)) }
        }
    }

    /// Writes the blob to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws(DeviceTreeError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DeviceTreeError(file: path, reason: .unwritable((error as NSError).localizedDescription))
        }
    }

    /// Copies the blob with room for `extraBytes` more, finds or creates /chosen, runs `change`, packs and re-checks.
    private func editingChosen(
        extraBytes: Int, what: String, _ change: (UnsafeMutableRawPointer, Int32) -> Int32
    ) throws(DeviceTreeError) -> DeviceTreeBlob {
        // Room for a new node (header, name, end tag), a property header, its name in the strings block, padding.
        let capacity = totalSize + extraBytes + 512
        guard capacity < Int(Int32.max) else { throw error(.invalidValue("the blob is too large to edit")) }
        let target = FdtBuffer(capacity: capacity)
        var status = fdt_open_into(buffer.raw, target.pointer, Int32(capacity))
        guard status == 0 else { throw error(.libfdt(operation: what, message: fdtMessage(status))) }
        var chosen = fdt_path_offset(target.raw, "/chosen")
        if chosen == -cfdt_err_notfound() { chosen = fdt_add_subnode(target.pointer, 0, "chosen") }
        guard chosen >= 0 else { throw error(.libfdt(operation: what, message: fdtMessage(chosen))) }
        status = change(target.pointer, chosen)
        guard status == 0 else { throw error(.libfdt(operation: what, message: fdtMessage(status))) }
        status = fdt_pack(target.pointer)
        guard status == 0 else { throw error(.libfdt(operation: what, message: fdtMessage(status))) }
        status = fdt_check_full(target.raw, Int(cfdt_totalsize(target.raw)))
        guard status == 0 else { throw error(.invalidStructure("after \(what): \(fdtMessage(status))")) }
        return DeviceTreeBlob(checked: target, source: source)
    }
}
