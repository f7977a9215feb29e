/// Parses the output of `mdir -a` (mtools 4.x): one line per entry, `NAME EXT SIZE DATE TIME [LONG NAME]`,
/// with `<DIR>` in place of the size for directories, and a closing `N bytes free` line whose digits mtools
/// groups with spaces. The long name, when present, is the real name; otherwise the 8.3 name is.
public enum MdirListing {
    /// Entries, without `.` and `..`.
    public static func entries(_ text: String) -> [BootPartitionEntry] {
        var result: [BootPartitionEntry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            guard let entry = entry(line) else { continue }
            if entry.name == "." || entry.name == ".." { continue }
            result.append(entry)
        }
        return result
    }

    /// One entry line, or nil for headers and totals.
    static func entry(_ line: String) -> BootPartitionEntry? {
        let chars = Array(line)
        guard chars.count >= 13, chars[8] == " " else { return nil }
        let base = String(chars[0..<8]).trimmingBlanks
        let ext = String(chars[9..<12]).trimmingBlanks
        guard !base.isEmpty, !line.hasPrefix(" ") else { return nil }
        // The rest: SIZE|<DIR>, date, time, then optionally two spaces and the long name.
        let rest = String(chars[12...])
        let fields = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 3 else { return nil }
        let isDirectory = fields[0] == "<DIR>"
        guard isDirectory || fields[0].allSatisfy(\.isNumber), fields[1].contains("-"), fields[2].contains(":") else { return nil }
        let size = isDirectory ? 0 : UInt64(fields[0]) ?? 0
        // The long name starts after the time field and one or two spaces; keep its own spaces intact.
        var name = ext.isEmpty ? base : "\(base).\(ext)"
        if let timeRange = rest.range(of: fields[2]) {
            let after = rest[timeRange.upperBound...]
            let longName = after.drop { $0 == " " }
            if !longName.isEmpty { name = String(longName.reversed().drop { $0 == " " }.reversed()) }
        }
        return BootPartitionEntry(name: name, isDirectory: isDirectory, size: size)
    }

    /// The `N bytes free` figure.
    public static func freeBytes(_ text: String) -> UInt64? {
        for line in text.split(separator: "\n").reversed() where line.hasSuffix("bytes free") {
            let digits = line.dropLast("bytes free".count).filter(\.isNumber)
            return UInt64(digits)
        }
        return nil
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
