import Foundation

/// Turns TOML values and `--set` text into typed `SettingValue`s, checking each against its spec.
/// Errors are plain messages; callers attach file, line and key.
enum SettingReader {
    static func read(_ node: TOMLValue, as type: SettingType) throws(SettingReadError) -> SettingValue {
        switch type {
        case .text, .fileName, .relativePath, .hostPath, .choice:
            guard case .string(let s) = node else { throw .expected(type, found: node.typeName) }
            return try checked(.string(s), type)
        case .address, .count:
            guard case .integer(let n) = node else {
                if case .string(let s) = node, let n = parseNumber(s) { return try checked(.number(n), type) }
                throw .expected(type, found: node.typeName)
            }
            guard n >= 0 else { throw .message("must not be negative") }
            return try checked(.number(UInt64(n)), type)
        case .size:
            switch node {
            case .integer(let n) where n >= 0: return .number(UInt64(n))
            case .string(let s):
                guard let n = parseSize(s) else { throw .message("'\(s)' is not a size; write bytes as an integer or like \"512M\", \"64K\", \"2G\"") }
                return .number(n)
            default: throw .expected(type, found: node.typeName)
            }
        case .flag:
            guard case .bool(let b) = node else { throw .expected(type, found: node.typeName) }
            return .bool(b)
        case .textList, .fileNameList, .relativePathList, .hostPathList, .choiceList:
            guard case .array(let elements) = node else { throw .expected(type, found: node.typeName) }
            var strings: [String] = []
            for element in elements {
                guard case .string(let s) = element.value else { throw .expected(type, found: "an array holding \(element.value.typeName)") }
                strings.append(s)
            }
            return try checked(.strings(strings), type)
        case .regions:
            guard case .array(let elements) = node else { throw .expected(type, found: node.typeName) }
            var regions: [MemoryRegion] = []
            for element in elements { regions.append(try region(element.value)) }
            return .regions(regions)
        }
    }

    /// Reads the text of `--set key=value`: lists are a TOML array or comma-separated, booleans true/false.
    static func read(text: String, as type: SettingType) throws(SettingReadError) -> SettingValue {
        switch type {
        case .text, .fileName, .relativePath, .hostPath, .choice:
            return try checked(.string(text), type)
        case .address, .count:
            guard let n = parseNumber(text) else { throw .message("'\(text)' is not \(type.summary)") }
            return try checked(.number(n), type)
        case .size:
            guard let n = parseSize(text) else { throw .message("'\(text)' is not \(type.summary)") }
            return .number(n)
        case .flag:
            switch text {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw .message("'\(text)' is not a boolean (true or false)")
            }
        case .textList, .fileNameList, .relativePathList, .hostPathList, .choiceList:
            // A TOML array (`["a,b", "c"]`) as in a profile, or the short form `a,b,c`.
            if text.hasPrefix("[") {
                let document: TOMLTable
                do {
                    document = try TOMLParser.parse("value = " + text)
                } catch {
                    throw .message("'\(text)' is not a TOML array of strings: \(error)")
                }
                guard let node = document["value"] else { throw .message("'\(text)' is not a TOML array of strings") }
                return try read(node.value, as: type)
            }
            let items = text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return try checked(.strings(items), type)
        case .regions:
            throw .message("memory regions cannot be set from the command line; use the local override file")
        }
    }

    private static func region(_ value: TOMLValue) throws(SettingReadError) -> MemoryRegion {
        guard case .table(let table) = value else { throw .expected(.regions, found: "an array holding \(value.typeName)") }
        for key in table.keys where !["name", "start", "size"].contains(key) {
            throw .message("unknown key '\(key)' in a region; a region has name, start and size")
        }
        guard case .string(let name)? = table["name"]?.value else { throw .message("a region needs name = \"...\"") }
        guard let startNode = table["start"]?.value, case .number(let start) = try read(startNode, as: .address) else {
            throw .message("region '\(name)' needs start = <address>")
        }
        guard let sizeNode = table["size"]?.value, case .number(let size) = try read(sizeNode, as: .size) else {
            throw .message("region '\(name)' needs size = <size>")
        }
        return MemoryRegion(name: name, start: start, size: size)
    }

    private static func checked(_ value: SettingValue, _ type: SettingType) throws(SettingReadError) -> SettingValue {
        switch (type, value) {
        case (.fileName, .string(let s)): try checkFileName(s)
        case (.relativePath, .string(let s)): try checkRelativePath(s)
        case (.fileNameList, .strings(let list)): for s in list { try checkFileName(s) }
        case (.relativePathList, .strings(let list)): for s in list { try checkRelativePath(s) }
        case (.choice(let options), .string(let s)):
            guard options.contains(s) else { throw .message("'\(s)' is not \(type.summary)") }
        case (.choiceList(let options), .strings(let list)):
            for s in list where !options.contains(s) { throw .message("'\(s)' is not one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")) }
            if Set(list).count != list.count { throw .message("lists a value twice") }
        default: break
        }
        return value
    }

    static func checkFileName(_ s: String) throws(SettingReadError) {
        if s.isEmpty { throw .message("a file name must not be empty") }
        if s.contains("/") { throw .message("'\(s)' must be a plain file name, without '/'") }
        if s == "." || s == ".." || s.contains("..") { throw .message("'\(s)' must not contain '..'") }
        if s.contains(where: { $0.isNewline || $0 == "\"" || $0 == "$" || $0 == ";" || $0 == "\\" || $0 == " " }) {
            throw .message("'\(s)' contains a character u-boot scripts cannot take in a file name (space, '\"', '$', ';', '\\' or a newline)")
        }
    }

    static func checkRelativePath(_ s: String) throws(SettingReadError) {
        if s.isEmpty { throw .message("a path must not be empty") }
        if s.hasPrefix("/") { throw .message("'\(s)' must be relative, without a leading '/'") }
        for part in s.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw .message("'\(s)' has an empty path component") }
            if part == ".." || part == "." { throw .message("'\(s)' must not contain '\(part)' components") }
            try checkFileName(String(part))
        }
    }

    static func parseNumber(_ s: String) -> UInt64? {
        let t = s.replacingOccurrences(of: "_", with: "")
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    static func parseSize(_ s: String) -> UInt64? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if let n = parseNumber(t) { return n }
        let units: [(String, UInt64)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = parseNumber(String(t.dropLast(suffix.count))) else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return nil
    }
}

enum SettingReadError: Error {
    case expected(SettingType, found: String)
    case message(String)

    var text: String {
        switch self {
        case .expected(let type, let found): return "expected \(type.summary), found \(found)"
        case .message(let m): return m
        }
    }
}
