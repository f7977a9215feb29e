import Foundation

/// A strict parser for the TOML subset profiles use: tables, arrays of tables, dotted and quoted keys,
/// basic and literal strings, integers (decimal, 0x, 0o, 0b, `_` separators), booleans, arrays and inline
/// tables. Floats, dates and multi-line strings are rejected with a clear message rather than misread.
/// Written here (not a library) because every value must keep its line for `file:line:` diagnostics.
/// Nesting (arrays in arrays, inline tables, dotted keys) is bounded by `maxDepth`: deeper input is a
/// diagnostic, not a stack overflow.
public struct TOMLParser {
    /// The deepest nesting of arrays and inline tables, and the most parts a dotted key may have. Profiles
    /// need three or four; the bound keeps every recursive walk (here and over the values) shallow.
    public static let maxDepth = 32

    private var chars: [Character]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0

    public static func parse(_ text: String) throws -> TOMLTable {
        // CR LF is one Swift Character; normalise so line counting sees every line break.
        var parser = TOMLParser(chars: Array(text.replacingOccurrences(of: "\r\n", with: "\n")))
        try parser.rejectLoneCarriageReturns()
        return try parser.document()
    }

    /// Parses a file's bytes: text that is not UTF-8 is an error at the line and column of its first bad byte.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> TOMLTable {
        try parse(try TOMLSource.text(of: bytes))
    }

    private init(chars: [Character]) { self.chars = chars }

    // MARK: document structure

    private mutating func document() throws -> TOMLTable {
        var root = TOMLTable(line: 1)
        var current: [String] = []  // path of the table that key/value lines go into
        var currentIsArrayElement = false
        if peek == "\u{FEFF}" { index += 1 }
        while true {
            skipBlankAndComments()
            guard let c = peek else { break }
            let headerLine = line
            if c == "[" {
                index += 1
                let isArray = peek == "["
                if isArray { index += 1 }
                skipSpaces()
                let path = try key()
                skipSpaces()
                try expect("]")
                if isArray { try expect("]") }
                try endOfLine()
                if isArray {
                    try appendArrayTable(&root, path: path, line: headerLine)
                } else {
                    try defineTable(&root, path: path, line: headerLine)
                }
                current = path
                currentIsArrayElement = isArray
            } else {
                let keyLine = line
                let path = try key()
                skipSpaces()
                try expect("=")
                skipSpaces()
                let value = try self.value()
                try endOfLine()
                try assign(&root, table: current, inArrayElement: currentIsArrayElement, key: path, node: TOMLNode(value, line: keyLine))
            }
        }
        return root
    }

    /// Walks `path` from `table`, creating implicit tables, and applies `body` to the last table.
    private func withTable(
        _ table: inout TOMLTable, _ path: ArraySlice<String>, line: Int, lastArrayElement: Bool = true,
        _ body: (inout TOMLTable) throws -> Void
    ) throws {
        guard let first = path.first else { return try body(&table) }
        var node =
            table[first]
            ?? TOMLNode(
                .table(
                    {
                        var t = TOMLTable(line: line); t.implicit = true; return t
                    }()), line: line)
        switch node.value {
        case .table(var inner):
            try withTable(&inner, path.dropFirst(), line: line, lastArrayElement: lastArrayElement, body)
            node.value = .table(inner)
        case .array(var elements)
        where lastArrayElement && elements.last.map({ if case .table = $0.value { return true } else { return false } }) == true:
            guard case .table(var inner) = elements[elements.count - 1].value else { fatalError("checked above") }
            try withTable(&inner, path.dropFirst(), line: line, lastArrayElement: lastArrayElement, body)
            elements[elements.count - 1].value = .table(inner)
            node.value = .array(elements)
        default:
            throw TOMLError(line: line, column: 1, message: "'\(first)' is already \(node.value.typeName) (line \(node.line)), not a table")
        }
        table[first] = node
    }

    private func defineTable(_ root: inout TOMLTable, path: [String], line: Int) throws {
        try withTable(&root, path.dropLast(), line: line) { parent in
            let name = path.last!
            if let existing = parent[name] {
                guard case .table(var t) = existing.value, t.implicit else {
                    throw TOMLError(
                        line: line, column: 1,
                        message: "table [\(path.joined(separator: "."))] is defined twice (first on line \(existing.line))")
                }
                t.implicit = false
                t.line = line
                parent[name] = TOMLNode(.table(t), line: line)
            } else {
                parent[name] = TOMLNode(.table(TOMLTable(line: line)), line: line)
            }
        }
    }

    private func appendArrayTable(_ root: inout TOMLTable, path: [String], line: Int) throws {
        try withTable(&root, path.dropLast(), line: line) { parent in
            let name = path.last!
            var elements: [TOMLNode] = []
            if let existing = parent[name] {
                guard case .array(let e) = existing.value, e.allSatisfy({ if case .table = $0.value { return true } else { return false } })
                else {
                    throw TOMLError(
                        line: line, column: 1,
                        message:
                            "[[\(path.joined(separator: "."))]] conflicts with \(existing.value.typeName) defined on line \(existing.line)")
                }
                elements = e
            }
            elements.append(TOMLNode(.table(TOMLTable(line: line)), line: line))
            parent[name] = TOMLNode(.array(elements), line: parent[name]?.line ?? line)
        }
    }

    private func assign(_ root: inout TOMLTable, table: [String], inArrayElement: Bool, key: [String], node: TOMLNode) throws {
        try withTable(&root, ArraySlice(table), line: node.line) { target in
            try withTable(&target, key.dropLast(), line: node.line, lastArrayElement: false) { parent in
                let name = key.last!
                if let existing = parent[name] {
                    throw TOMLError(
                        line: node.line, column: 1,
                        message: "key '\((table + key).joined(separator: "."))' is set twice (first on line \(existing.line))")
                }
                parent[name] = node
            }
        }
    }

    // MARK: keys

    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            if parts.count == Self.maxDepth {
                throw error("a key of more than \(Self.maxDepth) dotted parts; profiles nest a few tables deep")
            }
            skipSpaces()
            guard let c = peek else { throw error("expected a key, found the end of the file") }
            if c == "\"" {
                parts.append(try basicString())
            } else if c == "'" {
                parts.append(try literalString())
            } else {
                let start = index
                while let k = peek, k.isASCII, k.isLetter || k.isNumber || k == "_" || k == "-" { index += 1 }
                guard index > start else { throw error("expected a key, found '\(c)'") }
                parts.append(String(chars[start..<index]))
            }
            skipSpaces()
            if peek == "." { index += 1 } else { return parts }
        }
    }

    // MARK: values

    private mutating func value() throws -> TOMLValue {
        guard let c = peek else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if lookahead("\"\"\"") { throw error("multi-line strings are not supported in profiles; use a single-line string or an array") }
            return .string(try basicString())
        case "'":
            if lookahead("'''") { throw error("multi-line strings are not supported in profiles; use a single-line string or an array") }
            return .string(try literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f":
            if lookahead("true") { index += 4; return .bool(true) }
            if lookahead("false") { index += 5; return .bool(false) }
            throw error("expected a value; strings need quotes")
        case "+", "-", "0"..."9": return try number()
        default:
            throw error("expected a value, found '\(c)'; strings need quotes")
        }
    }

    private mutating func number() throws -> TOMLValue {
        let start = index
        while let c = peek, !c.isWhitespace, c != ",", c != "]", c != "}", c != "#" { index += 1 }
        let text = String(chars[start..<index])
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" { negative = body.first == "-"; body = body.dropFirst() }
        var radix = 10
        if body.hasPrefix("0x") {
            radix = 16; body = body.dropFirst(2)
        } else if body.hasPrefix("0o") {
            radix = 8; body = body.dropFirst(2)
        } else if body.hasPrefix("0b") {
            radix = 2; body = body.dropFirst(2)
        }
        if body.contains(".") || (radix == 10 && (body.contains("e") || body.contains("E"))) || body.contains(":")
            || (radix == 10 && body.dropFirst().contains("-"))
        {
            throw TOMLError(
                line: line, column: start - lineStart + 1,
                message: "'\(text)' is a float or a date; profiles use integers (hex addresses like 0x40008000) and strings")
        }
        let digits = body.replacingUnderscores()
        guard !digits.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__"),
            digits.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true })
        else {
            throw TOMLError(line: line, column: start - lineStart + 1, message: "'\(Diagnostic.excerpt(text))' is not a valid integer")
        }
        guard var number = Int64(digits, radix: radix) else {
            throw TOMLError(
                line: line, column: start - lineStart + 1,
                message: "'\(Diagnostic.excerpt(text))' is too large: TOML integers are 64-bit, at most 0x7fffffffffffffff")
        }
        if negative { number = -number }
        return .integer(number)
    }

    /// Enters an array or inline table, refusing to go deeper than `maxDepth`.
    private mutating func nest() throws {
        guard depth < Self.maxDepth else { throw error("arrays and inline tables nested more than \(Self.maxDepth) deep") }
        depth += 1
    }

    private mutating func array() throws -> TOMLValue {
        try nest()
        defer { depth -= 1 }
        index += 1
        var elements: [TOMLNode] = []
        while true {
            skipBlankAndComments()
            guard let c = peek else { throw error("unterminated array") }
            if c == "]" { index += 1; return .array(elements) }
            let elementLine = line
            elements.append(TOMLNode(try value(), line: elementLine))
            skipBlankAndComments()
            if peek == "," { index += 1; continue }
            if peek == "]" { index += 1; return .array(elements) }
            if peek == nil { throw error("unterminated array") }
            throw error("expected ',' or ']' in array")
        }
    }

    private mutating func inlineTable() throws -> TOMLValue {
        try nest()
        defer { depth -= 1 }
        index += 1
        var table = TOMLTable(line: line)
        skipSpaces()
        if peek == "}" { index += 1; return .table(table) }
        while true {
            skipSpaces()
            let keyLine = line
            let path = try key()
            skipSpaces()
            try expect("=")
            skipSpaces()
            let v = try value()
            try assign(&table, table: [], inArrayElement: false, key: path, node: TOMLNode(v, line: keyLine))
            skipSpaces()
            if peek == "," { index += 1; continue }
            if peek == "}" { index += 1; return .table(table) }
            throw error("expected ',' or '}' in inline table (inline tables must stay on one line)")
        }
    }

    private mutating func basicString() throws -> String {
        index += 1
        var result = ""
        while true {
            guard let c = peek, c != "\n" else { throw error("unterminated string") }
            index += 1
            if c == "\"" { return result }
            if c == "\\" {
                guard let e = peek else { throw error("unterminated string") }
                index += 1
                switch e {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    guard index + count <= chars.count, let code = UInt32(String(chars[index..<index + count]), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw error("bad \\\(e) escape") }
                    result.unicodeScalars.append(scalar)
                    index += count
                default: throw error("unknown escape '\\\(e)' in string")
                }
            } else if c.asciiValue.map({ $0 < 0x20 && $0 != 0x09 }) == true || c == "\u{7F}" {
                throw error("control character in string; write it as an escape")
            } else {
                result.append(c)
            }
        }
    }

    private mutating func literalString() throws -> String {
        index += 1
        let start = index
        while let c = peek, c != "'" {
            if c == "\n" { throw error("unterminated string") }
            index += 1
        }
        guard peek == "'" else { throw error("unterminated string") }
        index += 1
        return String(chars[start..<index - 1])
    }

    // MARK: lexing helpers

    private var peek: Character? { index < chars.count ? chars[index] : nil }

    private func lookahead(_ s: String) -> Bool {
        var i = index
        for c in s {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        return true
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { index += 1 }
    }

    private mutating func skipBlankAndComments() {
        while let c = peek {
            if c == " " || c == "\t" || c == "\r" {
                index += 1
            } else if c == "\n" {
                newline()
            } else if c == "#" {
                while let d = peek, d != "\n" { index += 1 }
            } else {
                return
            }
        }
    }

    /// TOML lines end in LF or CR LF. A CR alone (old Mac line endings) would read as a space, so a file of
    /// them would be one long comment line: say so at the first one instead.
    private func rejectLoneCarriageReturns() throws {
        var line = 1, lineStart = 0
        for (offset, c) in chars.enumerated() {
            if c == "\n" { line += 1; lineStart = offset + 1 }
            if c == "\r" {
                throw TOMLError(
                    line: line, column: offset - lineStart + 1,
                    message: "a carriage return (CR) without a line feed: lines must end in LF or CR LF (old Mac CR-only line endings?)")
            }
        }
    }

    private mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    private mutating func endOfLine() throws {
        skipSpaces()
        if peek == "#" { while let d = peek, d != "\n" { index += 1 } }
        if peek == "\r" { index += 1 }
        guard let c = peek else { return }
        guard c == "\n" else { throw error("unexpected '\(c)' after the value; one key = value per line") }
        newline()
    }

    private mutating func expect(_ c: Character) throws {
        guard peek == c else { throw error("expected '\(c)'" + (peek.map { ", found '\($0)'" } ?? " at the end of the file")) }
        index += 1
    }

    private func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: index - lineStart + 1, message: message)
    }
}

extension Substring {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
