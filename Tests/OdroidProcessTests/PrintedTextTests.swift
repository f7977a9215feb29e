import CommandValues
import Foundation
import OdroidProcess
import TestSupport
import Testing

/// The two printing rules every value meets on its way out: a terminal never gets a raw control character
/// (`TerminalText`), and a `#` comment line never ends inside a value (`ShellComment`). Each hostile value is
/// also run through a real `sh` to show that the quoted word is the same bytes and starts no command.
@Suite("Printed text: terminal escapes, comments and sh words", .tags(.pure))
struct PrintedTextTests {
    static let hostile: [String] = [
        "a\nrm -rf ~", "\u{1B}]0;owned\u{07}", "\u{1B}[2J\u{1B}[H", "line\rOVERWRITTEN", "\u{9B}31m", "bell\u{07}",
        "rtl\u{202E}gnp.exe", "nul-ish\u{7F}", "tab\there", "para\u{2029}graph", "back\u{08}\u{08}space",
    ]

    @Test(arguments: hostile)
    func terminalTextLeavesNoControlCharacter(value: String) {
        let inline = TerminalText.inline(value)
        #expect(!inline.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: false) }, "\(inline.debugDescription)")
        #expect(!inline.contains("\n") && !inline.contains("\r"))
        let safe = TerminalText.safe(value)
        #expect(!safe.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: true) })
    }

    @Test func visibleSpellings() {
        #expect(TerminalText.inline("a\nb\tc\rd\u{1B}e\u{07}") == "a\\nb\\tc\\rd\\ee\\x07")
        #expect(TerminalText.inline("\u{9B}\u{202E}") == "\\u{9b}\\u{202e}")
        #expect(TerminalText.safe("two\nlines\twith tab") == "two\nlines\twith tab")
        #expect(TerminalText.safe("plain ünïcode") == "plain ünïcode")
    }

    /// JSON output keeps its meaning: what JSONEncoder leaves raw (DEL, C1, bidi) becomes \u escapes.
    @Test(arguments: hostile)
    func jsonStaysTheSameJSON(value: String) throws {
        let encoded = String(decoding: try JSONEncoder().encode(["line": value]), as: UTF8.self)
        let safe = TerminalText.json(encoded)
        #expect(!safe.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: true) })
        #expect(try JSONDecoder().decode([String: String].self, from: Data(safe.utf8)) == ["line": value])
    }

    @Test(arguments: hostile)
    func aCommentStaysOneLine(value: String) {
        let line = ShellComment.line("source \(value)")
        #expect(line.hasPrefix("# "))
        #expect(!line.contains("\n") && !line.contains("\r"))
        #expect(!line.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: false) })
    }

    /// `sh -c 'printf %s WORD'` must print exactly the original bytes, and the quoted text holds no raw control
    /// character but a line break inside quotes.
    @Test(.tags(.realProcess), arguments: hostile + ["it's", "$(touch PWNED)", "`id`", "a b", "", "-rf", "*", "~root", "x\n"])
    func quotedWordsMeanTheSameBytesToSh(value: String) throws {
        let quoted = ShellQuote.quote(value)
        #expect(!quoted.unicodeScalars.contains { TerminalText.needsEscape($0, keepLineBreaks: true) }, "\(quoted.debugDescription)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("odroid-quote-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try SpawnRunner().run(Command(["sh", "-c", "printf '%s' \(quoted)"], workingDirectory: dir), output: .capture)
        #expect(result.succeeded, "\(result.stderrText)")
        #expect(result.stdout == Data(value.utf8), "sh read \(quoted) as \(result.stdoutText.debugDescription)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/PWNED"))
    }
}
