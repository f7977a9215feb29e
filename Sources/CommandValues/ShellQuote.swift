/// Quoting for POSIX sh, so every printed command can be pasted into a shell unchanged, and printed safely:
/// the result never holds a raw control character that a terminal would act on.
public enum ShellQuote {
    /// Characters that never need quoting in sh words.
    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")

    /// `word` as a single sh word: bare when every character is plainly safe, otherwise in single quotes
    /// with each embedded `'` written as `'\''`. A line break stays inside the quotes, where sh takes it as
    /// part of the word (it never starts a command). Any other control character (ESC, CR, C1, bidirectional
    /// overrides: what `TerminalText` escapes) is produced at run time by `"$(printf '\ooo')"` instead of being
    /// written raw, so the word means the same bytes to sh but shows no escape sequence on a terminal.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) {
            return word
        }
        var out = ""
        var plain = ""
        var controls: [UInt8] = []
        func flushPlain() {
            guard !plain.isEmpty else { return }
            out += singleQuoted(plain)
            plain = ""
        }
        func flushControls() {
            guard !controls.isEmpty else { return }
            out += printfWord(controls)
            controls = []
        }
        for scalar in word.unicodeScalars {
            if TerminalText.needsEscape(scalar, keepLineBreaks: true) {
                flushPlain()
                controls += Array(String(scalar).utf8)
            } else {
                flushControls()
                plain.unicodeScalars.append(scalar)
            }
        }
        flushPlain()
        flushControls()
        return out.isEmpty ? "''" : out
    }

    /// Whether `quote` needs a command substitution for `word` (it holds a control character).
    public static func needsPrintf(_ word: String) -> Bool {
        word.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: true) }
    }

    static func singleQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// `"$(printf '\033\015')"`: bytes written as octal escapes, which POSIX printf (dash's too) expands.
    /// None of them is a line break, so the command substitution strips nothing.
    static func printfWord(_ bytes: [UInt8]) -> String {
        let octal = bytes.map { byte -> String in
            let digits = String(byte, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
        }.joined()
        return "\"$(printf '\(octal)')\""
    }
}
