/// The terminal's quoting rule: text the tool prints may carry values from anywhere (paths, profile values, a
/// manifest read off the partition, a tool's log), and a terminal acts on some bytes instead of showing them:
/// ESC and CSI start escape sequences (move the cursor, retitle the window, rewrite what was printed), CR
/// and BS overwrite the line, BEL rings. `safe` keeps line breaks and tabs, the only control characters the
/// tool's own output uses, and shows every other control character as visible text, so a value can never
/// act on the terminal. Every line the CLI and the progress reporters print goes through it.
public enum TerminalText {
    /// `text` with every control character but LF and TAB written as a visible escape: `\r`, `\e`, `\x07`,
    /// `\u{9b}` (C1 controls), `\u{202e}` (bidirectional overrides, which reorder what the reader sees).
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLineBreaks: true) }) else { return text }
        return escaped(text, keepLineBreaks: true)
    }

    /// One value inside a line (a path, a version, a title): like `safe`, and LF and TAB are escaped too, so
    /// the value cannot start a line that looks like another message.
    public static func inline(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLineBreaks: false) }) else { return text }
        return escaped(text, keepLineBreaks: false)
    }

    /// JSON text made safe the JSON way: JSONEncoder escapes C0 controls but leaves DEL, C1 controls (U+009B
    /// is CSI) and bidirectional overrides raw; those can only stand inside strings, where `\uXXXX` is the
    /// same value. The result is the same JSON, and nothing in it acts on a terminal.
    public static func json(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLineBreaks: true) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepLineBreaks: true) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            out += "\\u" + hex(scalar.value, digits: 4)
        }
        return out
    }

    /// Whether a scalar must not reach a terminal as it is.
    public static func needsEscape(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepLineBreaks
        case 0x00...0x1F, 0x7F: return true
        case 0x80...0x9F: return true  // C1 controls: U+009B is CSI on many terminals
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional marks and overrides
        case 0x2028, 0x2029: return true  // line and paragraph separators
        default: return false
        }
    }

    private static func escaped(_ text: String, keepLineBreaks: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepLineBreaks: keepLineBreaks) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            out += visible(scalar)
        }
        return out
    }

    /// The visible spelling of one control character.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        case 0x00...0x1F, 0x7F: return "\\x" + hex(scalar.value, digits: 2)
        default: return "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
