import Foundation

/// The rule for names that reach a u-boot line and the FAT partition at once: the files a boot script loads
/// (`fatload mmc 0:1 0x43000000 uImage-3.12.3`, `kernel /dtbs/6.1/board.dtb` in extlinux.conf), the kernel
/// version they are named after, the profile name written into the script's comment and the manifest, and
/// every such name read back from the partition's manifest (the partition is input too: it may have been
/// edited or crafted). Such a name must be taken literally by both readers: by u-boot's hush, where a blank,
/// `;`, `&&`, `|`, `'`, `"`, `$`, `\`, a leading `#` and a line break all mean something, and by FAT, which
/// cannot hold `"*:<>?\|` or control characters. So instead of a list of what is dangerous, this is a list
/// of what is allowed, checked on the UTF-8 bytes after Unicode normalisation (NFKC, so no two spellings of
/// one name and no look-alike that the check sees differently from the file system): ASCII letters, digits
/// and `.` `_` `-` `+`, at most 255 bytes (FAT's longest name), `/` only between the components of a path,
/// no component `.` or `..`, and no component starting with `.` or `-` (a hidden name, an option).
public enum BootFileName {
    /// FAT's longest long name, and the longest value this rule accepts.
    public static let maxBytes = 255

    /// The bytes allowed in one component.
    static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"): return true
        default: return false
        }
    }

    /// Why `name` (one component: a version, a file name, a profile name) is not a safe boot name, or nil.
    public static func problem(inName name: String) -> String? {
        problem(in: name, allowSlash: false)
    }

    /// Why `path` (components joined by `/`, relative to the partition root) is not a safe boot path, or nil.
    public static func problem(inPath path: String) -> String? {
        problem(in: path, allowSlash: true)
    }

    private static func problem(in value: String, allowSlash: Bool) -> String? {
        if value.isEmpty { return "is empty" }
        let normalized = value.precomposedStringWithCompatibilityMapping
        let bytes = Array(normalized.utf8)
        if bytes != Array(value.utf8) {
            return "is not in Unicode normal form (NFKC); only ASCII letters, digits, '.', '_', '-' and '+' are allowed"
        }
        if bytes.count > maxBytes { return "is \(bytes.count) bytes; at most \(maxBytes) are allowed (FAT's longest name)" }
        if let bad = bytes.first(where: { !allowed($0) && !(allowSlash && $0 == UInt8(ascii: "/")) }) {
            return
                "contains \(describe(bad, in: normalized)); only ASCII letters, digits, '.', '_', '-' and '+'\(allowSlash ? " (and '/' between directories)" : "") are allowed, because u-boot's hush and FAT must both take it literally"
        }
        for component in normalized.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "has an empty path component (a leading, trailing or doubled '/')" }
            if component == "." || component == ".." { return "has a '\(component)' component; names stay inside the boot partition" }
            if component.hasPrefix(".") { return "has a component starting with '.' ('\(component)')" }
            if component.hasPrefix("-") { return "has a component starting with '-' ('\(component)'), which tools read as an option" }
        }
        return nil
    }

    /// The offending character, said so that it can be read on a terminal (a control character is named).
    static func describe(_ byte: UInt8, in value: String) -> String {
        switch byte {
        case 0x0A: return "a line break"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        case 0x20: return "a blank"
        case 0x00..<0x20, 0x7F: return "the control character 0x\(String(byte, radix: 16))"
        case 0x80...: return "a non-ASCII character"
        case UInt8(ascii: "'"): return "\"'\""
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }
}
