/// The 32-bit physical address space of the boards this tool serves (ARMv7 without LPAE: u-boot, the boot
/// script and the kernel's boot protocol all take 32-bit addresses). Every address lies below 4 GiB, and a
/// window [start, start + size) may end at 4 GiB but not wrap around or run past it. One place for the
/// rule, so a window is judged the same way wherever its numbers come from.
public enum AddressSpace {
    /// 4 GiB: one past the highest address.
    public static let size: UInt64 = 1 << 32

    /// Whether `address` is a 32-bit address.
    public static func contains(_ address: UInt64) -> Bool { address < size }

    /// The end of the window at `start` of `size` bytes, or nil when it leaves the 32-bit space (its start is
    /// not a 32-bit address, or it runs past 4 GiB).
    public static func end(start: UInt64, size: UInt64) -> UInt64? {
        guard contains(start), size <= Self.size - start else { return nil }
        return start + size
    }

    /// Why `region` does not fit in the space, or nil when it does.
    public static func problem(with region: MemoryRegion) -> String? {
        guard end(start: region.start, size: region.size) == nil else { return nil }
        if !contains(region.start) { return "starts at \(Hex.address(region.start)), above the 32-bit address space (4 GiB)" }
        return
            "starts at \(Hex.address(region.start)) and is \(Hex.size(region.size)), so it runs past the end of the 32-bit address space (4 GiB)"
    }
}
