import Foundation

/// Finds the `@Test`s and `@Suite`s of a Swift test file that carry no size tag (`.pure`, `.realProcess`,
/// `.boot`, `.kernel`), neither in their own `.tags(...)` nor in that of a `@Suite` whose body holds them.
/// It reads the file as text: string literals (interpolations included) and comments are blanked first, so a
/// display name or a comment that mentions `.tags(` or a brace counts for nothing.
struct SizeTagScan {
    static let sizeTags = ["pure", "realProcess", "boot", "kernel"]

    /// One attribute found: `@Test` or `@Suite`, its 1-based line, and whether it is sized.
    struct Finding: Equatable {
        var attribute: String
        var line: Int
        var sized: Bool
    }

    let code: [UInt8]

    init(source: String) { code = Self.blanked(Array(source.utf8)) }

    /// Every `@Test` and `@Suite` in the file, in order. A suite without a size of its own is sized when every
    /// test in its body is.
    var findings: [Finding] {
        var found: [(attribute: String, at: Int, ownTag: Bool, body: Range<Int>?)] = []
        var i = 0
        while i < code.count {
            guard code[i] == UInt8(ascii: "@"), let name = ["Test", "Suite"].first(where: { word($0, at: i + 1) }) else {
                i += 1
                continue
            }
            var end = i + 1 + name.utf8.count
            var arguments = ""
            if let open = nextNonSpace(from: end), code[open] == UInt8(ascii: "("), let close = matching(open) {
                arguments = String(decoding: code[open...close], as: UTF8.self)
                end = close + 1
            }
            let ownTag = Self.sizeTags.contains { arguments.range(of: "\\.tags\\([^)]*\\.\($0)\\b", options: .regularExpression) != nil }
            var body: Range<Int>?
            if name == "Suite", let open = code[end...].firstIndex(of: UInt8(ascii: "{")), let close = matching(open) {
                body = open..<close
            }
            found.append((name, i, ownTag, body))
            i = end
        }
        let sizedBodies = found.filter(\.ownTag).compactMap(\.body)
        func testSized(_ at: Int, own: Bool) -> Bool { own || sizedBodies.contains { $0.contains(at) } }
        return found.map { item in
            var sized = testSized(item.at, own: item.ownTag)
            if !sized, let body = item.body {
                let tests = found.filter { $0.attribute == "Test" && body.contains($0.at) }
                sized = !tests.isEmpty && tests.allSatisfy { testSized($0.at, own: $0.ownTag) }
            }
            return Finding(attribute: "@" + item.attribute, line: line(of: item.at), sized: sized)
        }
    }

    var unsized: [Finding] { findings.filter { !$0.sized } }

    private func word(_ word: String, at start: Int) -> Bool {
        let bytes = word.utf8
        guard start + bytes.count <= code.count, code[start..<start + bytes.count].elementsEqual(bytes) else { return false }
        let after = start + bytes.count
        return after == code.count || !(Character(UnicodeScalar(code[after])).isLetter || Character(UnicodeScalar(code[after])).isNumber)
    }

    private func nextNonSpace(from start: Int) -> Int? {
        code[start...].firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\t") }
    }

    /// The index of the bracket closing the one at `open` (`(` or `{`).
    private func matching(_ open: Int) -> Int? {
        let opening = code[open], closing = opening == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        var depth = 0
        for index in open..<code.count {
            if code[index] == opening { depth += 1 }
            if code[index] == closing {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private func line(of index: Int) -> Int { code[..<index].filter { $0 == UInt8(ascii: "\n") }.count + 1 }

    /// `source` with every comment and every string literal's text replaced by spaces (line breaks kept), the
    /// code inside `\( )` interpolations kept as code.
    static func blanked(_ source: [UInt8]) -> [UInt8] {
        var out = source
        var i = 0
        scanCode(source, &out, &i, untilCloseParen: false)
        return out
    }

    private static func blank(_ out: inout [UInt8], _ range: Range<Int>) {
        for index in range where out[index] != UInt8(ascii: "\n") { out[index] = UInt8(ascii: " ") }
    }

    /// Walks code from `i`; with `untilCloseParen`, stops after the `)` that closes an interpolation.
    private static func scanCode(_ s: [UInt8], _ out: inout [UInt8], _ i: inout Int, untilCloseParen: Bool) {
        var depth = 0
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "/"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "/") {
                let end = s[i...].firstIndex(of: UInt8(ascii: "\n")) ?? s.count
                blank(&out, i..<end)
                i = end
            } else if c == UInt8(ascii: "/"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "*") {
                var end = i + 2
                while end + 1 < s.count, !(s[end] == UInt8(ascii: "*") && s[end + 1] == UInt8(ascii: "/")) { end += 1 }
                end = min(end + 2, s.count)
                blank(&out, i..<end)
                i = end
            } else if c == UInt8(ascii: "\"")
                || (c == UInt8(ascii: "#") && s[i...].drop { $0 == UInt8(ascii: "#") }.first == UInt8(ascii: "\""))
            {
                scanString(s, &out, &i)
            } else {
                if untilCloseParen {
                    if c == UInt8(ascii: "(") { depth += 1 }
                    if c == UInt8(ascii: ")") {
                        if depth == 0 {
                            i += 1
                            return
                        }
                        depth -= 1
                    }
                }
                i += 1
            }
        }
    }

    /// Walks a string literal starting at `i` (its `#`s or opening quote), blanking its text.
    private static func scanString(_ s: [UInt8], _ out: inout [UInt8], _ i: inout Int) {
        var hashes = 0
        while s[i] == UInt8(ascii: "#") {
            hashes += 1
            i += 1
        }
        let quote = UInt8(ascii: "\"")
        let multiline = i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote
        i += multiline ? 3 : 1
        let closing = [UInt8](repeating: quote, count: multiline ? 3 : 1) + [UInt8](repeating: UInt8(ascii: "#"), count: hashes)
        var textStart = i
        while i < s.count {
            if s[i] == UInt8(ascii: "\\"), i + hashes + 1 < s.count, s[(i + 1)..<(i + 1 + hashes)].allSatisfy({ $0 == UInt8(ascii: "#") }) {
                let after = i + 1 + hashes
                if s[after] == UInt8(ascii: "(") {
                    blank(&out, textStart..<i)
                    i = after + 1
                    scanCode(s, &out, &i, untilCloseParen: true)
                    textStart = i
                } else {
                    i = after + 1
                }
            } else if s[i] == quote, i + closing.count <= s.count, s[i..<(i + closing.count)].elementsEqual(closing) {
                blank(&out, textStart..<i)
                i += closing.count
                return
            } else if !multiline, s[i] == UInt8(ascii: "\n") {
                blank(&out, textStart..<i)
                return
            } else {
                i += 1
            }
        }
        blank(&out, textStart..<s.count)
    }
}
