import Foundation

/// Kernel modules' functions at the addresses the guest loaded them: the guest prints each module's .text
/// address (`grep . /sys/module/*/sections/.text` gives `/sys/module/virtio_blk/sections/.text:0xbf000000`), the
/// build has each module's .ko, whose symbol table gives the functions' offsets in .text.
public enum ModuleSymbols {
    /// Module name → .text load address, from console lines in the `/sys/module/NAME/sections/.text:0xADDR` form.
    public static func loadAddresses(consoleLines: [String]) -> [String: UInt32] {
        var found: [String: UInt32] = [:]
        for line in consoleLines {
            guard let range = line.range(of: "/sys/module/") else { continue }
            let rest = line[range.upperBound...]
            let parts = rest.split(separator: "/", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix("sections/.text:") else { continue }
            let value = parts[1].dropFirst("sections/.text:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.hasPrefix("0x"), let address = UInt32(value.dropFirst(2), radix: 16) else { continue }
            found[String(parts[0])] = address
        }
        return found
    }

    /// The module's .text functions relocated to `textAddress`, named `function [module]`.
    public static func symbols(module: String, ko: ElfImage, textAddress: UInt32) -> [KernelSymbols.Symbol] {
        ko.functions(in: ".text").map {
            KernelSymbols.Symbol(address: textAddress &+ $0.offset, name: "\($0.name) [\(module)]", isCode: true, module: module)
        }
    }
}
