import Foundation

/// Turns TOML values and `--set` text into typed `SettingValue`s, checking each against its spec.
/// Errors are plain messages; callers attach file, line and key.
enum SettingReader {
    static func read(_ node: TOMLValue, as type: SettingType) throws(SettingReadError) -> SettingValue {
        switch type {
        case .text, .fileName, .relativePath, .hostPath, .choice:
            guard case .string(let s) = node else { throw .expected(type, found: node.typeName) }
            return try checked(.string(s), type)
        case .address, .count, .size:
            switch node {
            case .integer(let n):
                guard n >= 0 else { throw .message("must not be negative") }
                return try checked(.number(UInt64(n)), type)
            case .string(let s):
                // A quoted number ("0x40008000", "512M") reads as it would from --set.
                if type != .size, case .failure(.notANumber) = NumberText.integer(s) { throw .expected(type, found: node.typeName) }
                return try read(text: s, as: type)
            default:
                throw .expected(type, found: node.typeName)
            }
        case .flag:
            guard case .bool(let b) = node else { throw .expected(type, found: node.typeName) }
            return .bool(b)
        case .textList, .fileNameList, .relativePathList, .hostPathList, .choiceList:
            guard case .array(let elements) = node else { throw .expected(type, found: node.typeName) }
            var strings: [String] = []
            for element in elements {
                guard case .string(let s) = element.value else {
                    throw .expected(type, found: "an array holding \(element.value.typeName)")
                }
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
        case .address, .count, .size:
            switch type == .size ? NumberText.size(text) : NumberText.integer(text) {
            case .success(let n): return try checked(.number(n), type)
            case .failure(.tooLarge): throw .message("\(Diagnostic.quoted(text)) \(NumberText.Problem.tooLarge.reason)")
            case .failure(.notANumber): throw .message("\(Diagnostic.quoted(text)) is not \(type.summary)")
            }
        case .flag:
            switch text {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw .message("\(Diagnostic.quoted(text)) is not a boolean (true or false)")
            }
        case .textList, .fileNameList, .relativePathList, .hostPathList, .choiceList:
            // A TOML array (`["a,b", "c"]`) as in a profile, or the short form `a,b,c`.
            if text.hasPrefix("[") {
                let document: TOMLTable
                do {
                    document = try TOMLParser.parse("value = " + text)
                } catch {
                    throw .message("\(Diagnostic.quoted(text)) is not a TOML array of strings: \(error)")
                }
                guard let node = document["value"] else { throw .message("\(Diagnostic.quoted(text)) is not a TOML array of strings") }
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
            throw .message("unknown key \(Diagnostic.quoted(key)) in a region; a region has name, start and size")
        }
        guard case .string(let name)? = table["name"]?.value else { throw .message("a region needs name = \"...\"") }
        guard let startNode = table["start"]?.value, case .number(let start) = try read(startNode, as: .address) else {
            throw .message("region \(Diagnostic.quoted(name)) needs start = <address>")
        }
        guard let sizeNode = table["size"]?.value, case .number(let size) = try read(sizeNode, as: .size) else {
            throw .message("region \(Diagnostic.quoted(name)) needs size = <size>")
        }
        let region = MemoryRegion(name: name, start: start, size: size)
        if let problem = AddressSpace.problem(with: region) { throw .message("region \(Diagnostic.quoted(name)) \(problem)") }
        return region
    }

    /// The checks every value of a type gets: numbers inside the 32-bit address space (so no later sum of an
    /// address and a size can overflow), list items not empty, file names and paths safe, choices known.
    private static func checked(_ value: SettingValue, _ type: SettingType) throws(SettingReadError) -> SettingValue {
        if case .strings(let list) = value, list.contains(where: \.isEmpty) { throw .message("lists an empty string") }
        switch (type, value) {
        case (.address, .number(let n)):
            guard AddressSpace.contains(n) else {
                throw .message("\(Hex.address(n)) is not a 32-bit address; these boards address at most 0xffffffff")
            }
        case (.size, .number(let n)):
            guard n <= AddressSpace.size else {
                throw .message("\(Hex.size(n)) is more than the 4 GiB a 32-bit board can address")
            }
        case (.count, .number(let n)):
            guard n <= SettingType.countLimit else { throw .message("\(n) is more than \(SettingType.countLimit)") }
        case (.fileName, .string(let s)): try checkFileName(s)
        case (.relativePath, .string(let s)): try checkRelativePath(s)
        case (.fileNameList, .strings(let list)): for s in list { try checkFileName(s) }
        case (.relativePathList, .strings(let list)): for s in list { try checkRelativePath(s) }
        case (.choice(let options), .string(let s)):
            guard options.contains(s) else { throw .message("\(Diagnostic.quoted(s)) is not \(type.summary)") }
        case (.choiceList(let options), .strings(let list)):
            for s in list where !options.contains(s) {
                throw .message("\(Diagnostic.quoted(s)) is not one of " + options.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            if Set(list).count != list.count { throw .message("lists a value twice") }
        default: break
        }
        return value
    }

    static func checkFileName(_ s: String) throws(SettingReadError) {
        if s.isEmpty { throw .message("a file name must not be empty") }
        if s.contains("/") { throw .message("\(Diagnostic.quoted(s)) must be a plain file name, without '/'") }
        if s == "." || s == ".." || s.contains("..") { throw .message("\(Diagnostic.quoted(s)) must not contain '..'") }
        if s.contains(where: { $0.isNewline || $0 == "\"" || $0 == "$" || $0 == ";" || $0 == "\\" || $0 == " " }) {
            throw .message(
                "\(Diagnostic.quoted(s)) contains a character u-boot scripts cannot take in a file name (space, '\"', '$', ';', '\\' or a newline)"
            )
        }
    }

    static func checkRelativePath(_ s: String) throws(SettingReadError) {
        if s.isEmpty { throw .message("a path must not be empty") }
        if s.hasPrefix("/") { throw .message("\(Diagnostic.quoted(s)) must be relative, without a leading '/'") }
        for part in s.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw .message("\(Diagnostic.quoted(s)) has an empty path component") }
            if part == ".." || part == "." { throw .message("\(Diagnostic.quoted(s)) must not contain '\(part)' components") }
            try checkFileName(String(part))
        }
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
