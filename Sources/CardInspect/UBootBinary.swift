import Foundation

/// What a u-boot binary says about itself, read from its bytes: the version string every build stores as
/// plain ASCII (`U-Boot 2017.05-00008-g6a9ddb8303-dirty (May 19 2020 - 19:48:01 +0900) for ODROID-XU4`), the
/// strings that tell Hardkernel's boot.ini parsers apart, and a mainline build's default environment
/// (NUL-separated `name=value` entries ending in a double NUL).
public struct UBootBinary: Sendable, Equatable {
    public struct Version: Sendable, Equatable {
        /// `2017.05-00008-g6a9ddb8303-dirty`.
        public var version: String
        /// `May 19 2020`.
        public var date: String
        public var time: String
        /// ` for ODROID-XU4`, trimmed (empty when the build has no ident).
        public var ident: String
        /// Byte offset of the string in the bytes searched.
        public var offset: Int

        /// 2012.07, 2017.05, 2023.01 as (year, month).
        public var release: (year: Int, month: Int)? {
            let parts = version.prefix(7).split(separator: ".")
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1].prefix(2)) else { return nil }
            return (year, month)
        }

        /// The build date as year, month, day (for the 2017.05 parser change on 2020-05-19).
        public var buildDate: (year: Int, month: Int, day: Int)? {
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let parts = date.split(separator: " ")
            guard parts.count == 3, let month = months.firstIndex(of: String(parts[0])), let day = Int(parts[1]), let year = Int(parts[2])
            else { return nil }
            return (year, month + 1, day)
        }
    }

    public var version: Version?
    /// Holds `ODROIDXU-UBOOT-CONFIG`: a line-by-line boot.ini parser (2012.07, or 2017.05 before 2020-05-19).
    public var hasLineWiseBootIni: Bool
    /// Holds `%s-uboot-config`: the whole-script boot.ini parser (2017.05 from 2020-05-19).
    public var hasWholeScriptBootIni: Bool
    /// The built-in default environment (later entries win over earlier ones, as u-boot imports them).
    public var environment: [String: String]

    public init(_ data: Data) {
        let bytes = [UInt8](data)
        version = Self.findVersion(bytes)
        hasLineWiseBootIni = Self.contains(bytes, "ODROIDXU-UBOOT-CONFIG")
        hasWholeScriptBootIni = Self.contains(bytes, "%s-uboot-config")
        environment = Self.defaultEnvironment(bytes)
    }

    /// The u-boot flavour this binary implies, or nil when it is not recognisably one.
    public var flavour: String? {
        if hasWholeScriptBootIni { return "hardkernel-2017" }
        if hasLineWiseBootIni {
            guard let release = version?.release else { return "hardkernel-2012" }
            return release.year >= 2017 ? "hardkernel-2017-lines" : "hardkernel-2012"
        }
        guard version != nil else { return nil }
        return "mainline"
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }

    /// NUL-terminated ASCII strings of at least `minimum` printable bytes, with their offsets.
    static func strings(_ bytes: [UInt8], minimum: Int = 6) -> [(offset: Int, text: String)] {
        var result: [(Int, String)] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if byte >= 0x20 && byte < 0x7F {
                if start == nil { start = index }
            } else {
                if let s = start, index - s >= minimum { result.append((s, String(decoding: bytes[s..<index], as: UTF8.self))) }
                start = nil
            }
        }
        if let s = start, bytes.count - s >= minimum { result.append((s, String(decoding: bytes[s...], as: UTF8.self))) }
        return result
    }

    /// `U-Boot <version> (<Mon DD YYYY> - <HH:MM:SS>[ <TZ>])<ident>`: the full version string (not the bare one).
    static func findVersion(_ bytes: [UInt8]) -> Version? {
        for (offset, text) in strings(bytes, minimum: 16) where text.hasPrefix("U-Boot 20") {
            guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else { continue }
            let version = text[text.index(text.startIndex, offsetBy: 7)..<open].trimmingCharacters(in: .whitespaces)
            let inside = text[text.index(after: open)..<close].components(separatedBy: " - ")
            guard inside.count == 2 else { continue }
            let time = String(inside[1].prefix(8))
            return Version(
                version: version, date: inside[0].trimmingCharacters(in: .whitespaces), time: time,
                ident: text[text.index(after: close)...].trimmingCharacters(in: .whitespaces), offset: offset)
        }
        return nil
    }

    /// The default environment: found from its `bootcmd=` entry, walking back over entries that look like
    /// `name=value` and forward to the double NUL.
    static func defaultEnvironment(_ bytes: [UInt8]) -> [String: String] {
        let needle = Array("bootcmd=".utf8)
        var anchor: Int?
        var index = 0
        while index + needle.count <= bytes.count {
            if (index == 0 || bytes[index - 1] == 0), Array(bytes[index..<index + needle.count]) == needle {
                anchor = index
                break
            }
            index += 1
        }
        guard let anchor else { return [:] }
        func isEntry(_ start: Int, _ end: Int) -> Bool {
            guard end > start, let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")), equals > start else { return false }
            return bytes[start..<equals].allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2E
            }
                && bytes[equals..<end].allSatisfy { $0 >= 0x09 && $0 < 0x7F }
        }
        // Back: each earlier entry ends in the NUL before the current start.
        var start = anchor
        while start > 1, bytes[start - 1] == 0, bytes[start - 2] != 0 {
            var previous = start - 2
            while previous > 0, bytes[previous - 1] != 0 { previous -= 1 }
            guard isEntry(previous, start - 1) else { break }
            start = previous
        }
        var environment: [String: String] = [:]
        var position = start
        while position < bytes.count, bytes[position] != 0 {
            var end = position
            while end < bytes.count, bytes[end] != 0 { end += 1 }
            guard isEntry(position, end) else { break }
            let entry = String(decoding: bytes[position..<end], as: UTF8.self)
            let equals = entry.firstIndex(of: "=")!
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            position = end + 1
        }
        return environment
    }
}
