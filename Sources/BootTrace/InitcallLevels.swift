/// The kernel's initcall levels as vmlinux lays them out: between `__initcallN_start` and the next level's
/// start lie pointers to that level's functions (`__initcall_start` to `__initcall0_start` are the early ones).
/// The first of a level's functions to run marks when do_initcalls reached the level.
public enum InitcallLevels {
    public static let levelNames = [
        "early", "pure (0)", "core (1)", "postcore (2)", "arch (3)", "subsys (4)", "fs (5)", "device (6)", "late (7)",
    ]
    static let boundaries = [
        "__initcall_start", "__initcall0_start", "__initcall1_start", "__initcall2_start", "__initcall3_start", "__initcall4_start",
        "__initcall5_start", "__initcall6_start", "__initcall7_start", "__initcall_end",
    ]

    /// Function addresses per level, in `levelNames` order; empty when System.map lacks the boundaries.
    public static func read(vmlinux: ElfImage, symbols: KernelSymbols) throws(ElfImage.Failure) -> [[UInt32]] {
        let addresses = boundaries.map { symbols.address(of: $0) }
        guard addresses.allSatisfy({ $0 != nil }) else { return [] }
        var levels: [[UInt32]] = []
        for level in 0..<(boundaries.count - 1) {
            levels.append(try vmlinux.words(from: addresses[level]!, to: addresses[level + 1]!).map { $0 & ~1 })
        }
        return levels
    }
}
