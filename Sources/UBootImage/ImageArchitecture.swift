/// The CPU-architecture byte of a legacy image header (`IH_ARCH_*` in u-boot's include/image.h).
public enum ImageArchitecture: UInt8, CaseIterable, Sendable {
    case invalid = 0, alpha, arm, i386, ia64, mips, mips64, ppc, s390, sh, sparc, sparc64, m68k, nios
    // IH_ARCH_X86_64 is `amd64` here (the format rules want lowerCamelCase).
    case microBlaze, nios2, blackfin, avr32, st200, sandbox, nds32, openRISC, arm64, arc, amd64, xtensa, riscv

    /// The name `mkimage -l` prints for `code` ("Unknown Architecture" when mkimage has none).
    public static func displayName(_ code: UInt8) -> String {
        ImageArchitecture(rawValue: code).flatMap { names[$0] } ?? "Unknown Architecture"
    }

    private static let names: [ImageArchitecture: String] = [
        .invalid: "Invalid ARCH", .alpha: "Alpha", .arm: "ARM", .i386: "Intel x86", .ia64: "IA64", .m68k: "M68K",
        .microBlaze: "MicroBlaze", .mips: "MIPS", .mips64: "MIPS 64 Bit", .nios2: "NIOS II", .ppc: "PowerPC",
        .s390: "IBM S390", .sh: "SuperH", .sparc: "SPARC", .sparc64: "SPARC 64 Bit", .blackfin: "Blackfin",
        .avr32: "AVR32", .nds32: "NDS32", .openRISC: "OpenRISC 1000", .sandbox: "Sandbox", .arm64: "AArch64",
        .arc: "ARC", .amd64: "AMD x86_64", .xtensa: "Xtensa", .riscv: "RISC-V",
    ]
}
