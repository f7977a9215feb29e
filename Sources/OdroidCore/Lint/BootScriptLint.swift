/// Checks a boot script against what its u-boot really does with it (docs/u-boot-parsers.md has the sources):
///
/// - **boot.ini, hardkernel-2012** (2012.07 cfgload): at most 64 KiB; `\r` dropped everywhere; `#` only in
///   column 0 is a comment (before the magic line too); the first other line must be exactly the magic;
///   every later line runs alone through hush (a multi-line block fails), in a 512-byte buffer with no bound
///   check (comment lines are never copied into it); one byte past the end is read (a missing final LF
///   appends it to the last command).
/// - **boot.ini, hardkernel-2017-lines** (2017.05 builds from 2017-05-30 to 2020-05-19): at most 64 KiB;
///   lines before the magic are skipped and the magic may come on any line, exactly and case-sensitively;
///   `\r` is kept (a CRLF file never finds its magic, and `zImage\r` is another file); a line whose first
///   non-blank character is `#` or `;` is a comment; every line runs alone through hush.
/// - **boot.ini, hardkernel-2017** (later builds): the first 21 bytes must be the magic, compared without
///   case, then the rest runs as one hush script (blocks may span lines; an unclosed one drops the rest).
/// - **boot.cmd/boot.scr** (source) and **extlinux.conf**: one hush script; extlinux lines at most 1024 bytes.
///
/// Everywhere: no BOM, no NUL, `'` never in a command (hush treats it as a quote even inside `"..."`), no
/// unclosed `"`, and the kernel command line within Linux's 1023 bytes.
public struct BootScriptLint: Sendable {
    public static let magic = "ODROIDXU-UBOOT-CONFIG"
    public static let maxBootIni = 64 * 1024

    public var format: ResolvedProfile.ScriptFormat
    public var flavour: ResolvedProfile.Flavour

    public init(format: ResolvedProfile.ScriptFormat, flavour: ResolvedProfile.Flavour) {
        self.format = format
        self.flavour = flavour
    }

    /// How the parser of this format and flavour reads lines.
    struct Parser {
        var lineWise: Bool
        var dropsCR: Bool
        /// The line buffer (a command line of this many bytes or more is cut or overflows it); nil: none.
        var lineBuffer: Int?
        var commentAnywhereIndented: Bool
        var readsPastEnd: Bool
    }

    var parser: Parser {
        switch (format, flavour) {
        case (.ini, .hardkernel2012):
            return Parser(lineWise: true, dropsCR: true, lineBuffer: 512, commentAnywhereIndented: false, readsPastEnd: true)
        case (.ini, .hardkernel2017Lines):
            return Parser(lineWise: true, dropsCR: false, lineBuffer: nil, commentAnywhereIndented: true, readsPastEnd: false)
        case (.extlinux, _):
            return Parser(lineWise: false, dropsCR: false, lineBuffer: 1024, commentAnywhereIndented: true, readsPastEnd: false)
        default:
            return Parser(lineWise: false, dropsCR: false, lineBuffer: nil, commentAnywhereIndented: true, readsPastEnd: false)
        }
    }

    public func lint(_ text: String, file: String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func error(_ line: Int?, _ message: String) { result.append(Diagnostic(.error, file: file, line: line, message: message)) }
        func warning(_ line: Int?, _ message: String) { result.append(Diagnostic(.warning, file: file, line: line, message: message)) }
        let parser = self.parser
        let bytes = Array(text.utf8)

        if format == .ini && flavour == .mainline {
            error(1, "mainline u-boot has no cfgload and never reads boot.ini (it runs boot.scr or extlinux.conf)")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            error(1, "starts with a UTF-8 byte-order mark; u-boot reads it as part of the first line")
        }
        if format == .ini, bytes.count > Self.maxBootIni {
            error(nil, "is \(bytes.count) bytes; cfgload loads at most \(Self.maxBootIni) bytes of boot.ini")
        }
        // Lines are split on LF bytes: Swift's Character would treat CR LF as one character.
        var rawLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if rawLines.last == [] { rawLines.removeLast() }
        if let nul = rawLines.firstIndex(where: { $0.contains(0) }) {
            error(nul + 1, "holds a NUL byte; u-boot's parsers stop reading the line there")
        }
        if bytes.contains(0x0D) {
            let line = rawLines.firstIndex { $0.contains(0x0D) }.map { $0 + 1 }
            if parser.dropsCR {
                warning(line, "has CR (\\r) line endings: u-boot 2012.07 drops them, but 2017.05 would not (LF only is safe for both)")
            } else if format != .extlinux {
                error(
                    line,
                    "has CR (\\r) line endings; u-boot \(flavour.rawValue) keeps the \\r (a file name or keyword ending in \\r is another word)"
                )
            }
        }
        let lines = rawLines.map { line in
            String(
                decoding: parser.dropsCR ? line.filter { $0 != 0x0D } : (line.last == 0x0D ? Array(line.dropLast()) : line), as: UTF8.self)
        }
        var firstCommand = 0
        if format == .ini {
            let (problems, start) = magicChecks(lines, bytes: bytes, file: file)
            result += problems
            firstCommand = start
        }
        if parser.readsPastEnd, !bytes.isEmpty, bytes.last != 0x0A {
            error(
                lines.count,
                "the last line has no LF: u-boot 2012.07 reads one byte past the end of the file and appends it to this command")
        }

        var openBlocks: [(keyword: String, line: Int)] = []
        for (index, line) in lines.enumerated() where index >= firstCommand {
            let number = index + 1
            // 2012.07 skips only column-0 comments; an indented one is copied into its line buffer and handed
            // to hush, which ignores it (so it only counts against the buffer).
            if isComment(line, parser: parser) { continue }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if let limit = parser.lineBuffer, line.utf8.count >= limit {
                error(
                    number,
                    "line is \(line.utf8.count) bytes; u-boot \(flavour.rawValue) reads lines shorter than \(limit) bytes (longer lines are cut or overflow its buffer)"
                )
            } else if parser.lineBuffer == nil, format != .extlinux, line.utf8.count >= 1024 {
                warning(number, "line is \(line.utf8.count) bytes; u-boot's console buffer (CONFIG_SYS_CBSIZE) is 1024")
            }
            if format == .extlinux {
                result += bootargsChecks(line, number: number, file: file)
                continue
            }
            let hush = HushLine(line)
            if hush.singleQuotes > 0 {
                error(
                    number,
                    hush.unclosedSingle
                        ? "has an unpaired ' : hush reads it as a quote even inside \"...\", so u-boot stops at a syntax error here"
                        : "has ' inside \"...\": hush still treats it as a quote there and removes it, so the value u-boot sets is not the text written"
                )
            }
            if hush.unclosedDouble { error(number, "opens a '\"' that is never closed on this line") }
            if hush.endsWithBackslash && parser.lineWise {
                error(number, "ends with '\\': u-boot \(flavour.rawValue) runs each line alone, so there is no line continuation")
            }
            let balance = hush.blockBalance
            if parser.lineWise {
                if balance != 0 || ["then", "else", "elif", "do", "fi", "done"].contains(hush.command ?? "") {
                    error(
                        number,
                        "multi-line block: u-boot \(flavour.rawValue) runs each line on its own, so if/for/while must open and close on one line"
                    )
                }
            } else {
                for word in hush.words where !word.quoted && word.commandPosition {
                    switch word.text {
                    case "if", "for", "while", "until": openBlocks.append((word.text, number))
                    case "fi", "done":
                        if openBlocks.isEmpty {
                            error(number, "'\(word.text)' closes a block that was never opened")
                        } else {
                            openBlocks.removeLast()
                        }
                    default: break
                    }
                }
            }
            if let last = line.last, last == " " || last == "\t", format == .ini { warning(number, "trailing blank") }
            result += bootargsChecks(line, number: number, file: file)
        }
        for block in openBlocks {
            error(block.line, "'\(block.keyword)' block is never closed (hush drops the rest of the script)")
        }
        return result
    }

    func isComment(_ line: String, parser: Parser) -> Bool {
        if line.hasPrefix("#") { return true }
        if !parser.commentAnywhereIndented { return false }
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if flavour == .hardkernel2017Lines && format == .ini { return trimmed.hasPrefix("#") || trimmed.hasPrefix(";") }
        return trimmed.hasPrefix("#")
    }

    /// The magic line as each parser looks for it; returns the problems and the index of the first line run
    /// as a command.
    private func magicChecks(_ lines: [String], bytes: [UInt8], file: String) -> ([Diagnostic], Int) {
        guard !lines.isEmpty else { return ([Diagnostic(file: file, line: 1, message: "is empty; boot.ini must hold \(Self.magic)")], 0) }
        switch flavour {
        case .hardkernel2012:
            // Empty lines and column-0 comments are skipped; the first other line must be the magic.
            guard let index = lines.firstIndex(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
                return ([Diagnostic(file: file, message: "has no \(Self.magic) line")], lines.count)
            }
            let found = lines[index]
            guard found == Self.magic else {
                let hint =
                    found.trimmingTrailingBlanks == Self.magic
                    ? " (trailing blanks make the 2012.07 parser reject it)"
                    : found.uppercased() == Self.magic
                        ? " (2012.07 compares it case-sensitively)"
                        : found.allSatisfy({ $0 == " " || $0 == "\t" }) ? " (a line of blanks before the magic aborts the file)" : ""
                return (
                    [
                        Diagnostic(
                            file: file, line: index + 1,
                            message: "first command line must be exactly \(Self.magic), found '\(found)'\(hint)")
                    ], index + 1
                )
            }
            return ([], index + 1)
        case .hardkernel2017Lines:
            guard let index = lines.firstIndex(of: Self.magic) else {
                let near = lines.firstIndex { $0.trimmingTrailingBlanks.uppercased() == Self.magic }
                return (
                    [
                        Diagnostic(
                            file: file, line: near.map { $0 + 1 },
                            message:
                                "has no line that is exactly \(Self.magic) (the 2017.05 line parser compares the whole line, case-sensitively)"
                        )
                    ], lines.count
                )
            }
            return ([], index + 1)
        case .hardkernel2017, .mainline:
            let head = String(decoding: bytes.prefix(Self.magic.utf8.count), as: UTF8.self)
            guard head.uppercased() == Self.magic else {
                let later = lines.firstIndex { $0.uppercased().hasPrefix(Self.magic) }
                let hint = later.map { " (it is on line \($0 + 1): nothing may come before it, not even a comment)" } ?? ""
                return (
                    [
                        Diagnostic(
                            file: file, line: 1,
                            message: "must start with \(Self.magic) at byte 0 (u-boot \(flavour.rawValue) checks the first 21 bytes)\(hint)"
                        )
                    ], 1
                )
            }
            return ([], 1)
        }
    }

    /// The kernel command line: ≤ 1023 bytes and correctly quoted.
    private func bootargsChecks(_ line: String, number: Int, file: String) -> [Diagnostic] {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        var value: Substring?
        if format == .extlinux {
            if trimmed.hasPrefix("append ") { value = trimmed.dropFirst("append ".count) }
        } else if trimmed.hasPrefix("setenv bootargs ") {
            var rest = trimmed.dropFirst("setenv bootargs ".count)
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { return [] }  // reported as an unclosed quote
                let after = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
                if !after.isEmpty && !after.hasPrefix("#") && !after.hasPrefix(";") {
                    return [
                        Diagnostic(
                            file: file, line: number,
                            message: "text after the closing '\"' of bootargs; a '\"' inside the value ends it early")
                    ]
                }
                value = rest[..<close]
            } else {
                value = rest
            }
        }
        guard let value else { return [] }
        if value.utf8.count > BootValueSafety.maxKernelCommandLine {
            return [
                Diagnostic(
                    file: file, line: number,
                    message: "kernel command line is \(value.utf8.count) bytes; Linux keeps at most \(BootValueSafety.maxKernelCommandLine)"
                )
            ]
        }
        return []
    }
}

extension String {
    var trimmingTrailingBlanks: String {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
