/// A word every tool this project runs takes as it is: only ASCII letters, digits and `/._+-`, not starting
/// with `-`. No tool gives any of those a meaning (no shell metacharacter, no mtools `@@`, no e2fsprogs `?`,
/// no mkimage `:`, no QEMU `,`, no option), so such a path or make target needs neither quoting nor a
/// descriptor, and printed commands stay readable and runnable elsewhere.
public enum PlainWord {
    public static func isPlain(_ word: String) -> Bool {
        guard !word.isEmpty, !word.hasPrefix("-") else { return false }
        return word.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"): return true
            default: return false
            }
        }
    }
}
