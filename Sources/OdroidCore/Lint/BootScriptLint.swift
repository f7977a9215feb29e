/// Checks a boot script against what its u-boot will actually accept (see DOMAIN §2): the 2012.07
/// line-by-line parser (magic line, LF only, no BOM, lines under 512 bytes, one-line commands, comments at
/// column 0, at most 64 KiB), the 2017.05 parser (magic at byte 0), and for every format the kernel
/// command-line limit and the quoting of `setenv bootargs`.
public struct BootScriptLint: Sendable {
    public static let magic = "ODROIDXU-UBOOT-CONFIG"
    public static let maxBootIni = 64 * 1024

    public var format: ResolvedProfile.ScriptFormat
    public var flavour: ResolvedProfile.Flavour

    public init(format: ResolvedProfile.ScriptFormat, flavour: ResolvedProfile.Flavour) {
        self.format = format
        self.flavour = flavour
    }

    public func lint(_ text: String, file: String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func error(_ line: Int?, _ message: String) { result.append(Diagnostic(.error, file: file, line: line, message: message)) }
        func warning(_ line: Int?, _ message: String) { result.append(Diagnostic(.warning, file: file, line: line, message: message)) }

        let bytes = Array(text.utf8)
        let lineBreakRule = format == .ini || format == .cmd || format == .scr
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { error(1, "starts with a UTF-8 byte-order mark; u-boot reads it as part of the first line") }
        // Lines are split on LF bytes: Swift's Character treats CR LF as one character.
        let rawLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lineBreakRule, bytes.contains(0x0D) {
            let line = rawLines.firstIndex { $0.contains(0x0D) }.map { $0 + 1 }
            error(line, "has CR (\\r) line endings; u-boot scripts need LF only")
        }
        if format == .ini, bytes.count > Self.maxBootIni {
            error(nil, "is \(bytes.count) bytes; cfgload loads at most \(Self.maxBootIni) bytes of boot.ini")
        }
        let lines = rawLines.map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0[...], as: UTF8.self) }
        if format == .ini { result += magicChecks(lines, file: file) }

        let limit = format == .extlinux ? 1024 : BootValueSafety.commandBufferSize(flavour)
        var openBlocks: [(keyword: String, line: Int)] = []
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let length = line.utf8.count
            if length >= limit {
                error(number, "line is \(length) bytes; u-boot \(flavour.rawValue) reads lines shorter than \(limit) bytes (longer lines are cut or overflow its buffer)")
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#"), trimmed.count != line.count, format != .extlinux {
                if format == .ini && flavour == .hardkernel2012 {
                    error(number, "comment does not start at column 0; the 2012.07 parser only skips '#' in the first column")
                } else {
                    warning(number, "comment does not start at column 0")
                }
            }
            if let last = line.last, last == " " || last == "\t", format == .ini {
                warning(number, "trailing blank")
            }
            if format != .extlinux, !trimmed.hasPrefix("#") {
                result += blockChecks(String(trimmed), line: number, open: &openBlocks, file: file)
            }
            result += bootargsChecks(line, number: number, file: file)
        }
        for block in openBlocks where !(format == .ini && flavour == .hardkernel2012) {
            error(block.line, "'\(block.keyword)' block is never closed")
        }
        return result
    }

    private func magicChecks(_ lines: [String], file: String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        guard let first = lines.first else {
            return [Diagnostic(file: file, line: 1, message: "is empty; boot.ini must start with \(Self.magic)")]
        }
        switch flavour {
        case .hardkernel2012:
            guard let index = lines.firstIndex(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
                return [Diagnostic(file: file, message: "has no \(Self.magic) line")]
            }
            if lines[index] != Self.magic {
                let found = lines[index]
                let hint = found.trimmingTrailingBlanks == Self.magic ? " (trailing blanks make the 2012.07 parser reject it)" :
                    (found.uppercased() == Self.magic ? " (2012.07 compares it case-sensitively)" : "")
                result.append(Diagnostic(file: file, line: index + 1, message: "first command line must be exactly \(Self.magic), found '\(found)'\(hint)"))
            } else if index != 0 {
                result.append(Diagnostic(.warning, file: file, line: index + 1, message: "\(Self.magic) is not on line 1; the 2017.05 parser needs it at byte 0"))
            }
        case .hardkernel2017, .mainline:
            if !first.uppercased().hasPrefix(Self.magic) {
                result.append(Diagnostic(file: file, line: 1, message: "must start with \(Self.magic) at byte 0 (u-boot \(flavour.rawValue) checks the first bytes)"))
            }
        }
        return result
    }

    /// hush blocks: the 2012.07 parser runs each line alone, so a block must open and close on one line.
    private func blockChecks(_ line: String, line number: Int, open: inout [(keyword: String, line: Int)], file: String) -> [Diagnostic] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" }).map(String.init)
        var result: [Diagnostic] = []
        var depth = 0
        for word in words {
            switch word {
            case "if", "for", "while", "until": depth += 1; open.append((word, number))
            case "fi", "done":
                depth -= 1
                if open.isEmpty {
                    result.append(Diagnostic(file: file, line: number, message: "'\(word)' closes a block that was never opened"))
                } else {
                    open.removeLast()
                }
            default: break
            }
        }
        if format == .ini && flavour == .hardkernel2012 && depth != 0 {
            result.append(Diagnostic(file: file, line: number, message: "multi-line block: the 2012.07 parser runs each line on its own, so if/for/while must end on the same line"))
        }
        return result
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
                guard let close = rest.firstIndex(of: "\"") else {
                    return [Diagnostic(file: file, line: number, message: "bootargs value opens a '\"' that is never closed")]
                }
                if !rest[rest.index(after: close)...].allSatisfy({ $0 == " " || $0 == "\t" }) {
                    return [Diagnostic(file: file, line: number, message: "text after the closing '\"' of bootargs; a '\"' inside the value ends it early")]
                }
                value = rest[..<close]
            } else {
                value = rest
            }
        }
        guard let value else { return [] }
        if value.utf8.count > BootValueSafety.maxKernelCommandLine {
            return [Diagnostic(file: file, line: number, message: "kernel command line is \(value.utf8.count) bytes; Linux keeps at most \(BootValueSafety.maxKernelCommandLine)")]
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
