import OdroidCore

/// The commands a Hardkernel boot.ini parser runs, in order, with their line numbers: what cfgload hands to
/// hush one at a time (the line-wise flavours), or the script it runs (hardkernel-2017). u-boot 2012.07 drops every `\r`, skips empty lines and `#` in column 0, and needs
/// the first other line to be exactly the magic; the 2017.05 line parser skips everything up to the first
/// line that is exactly the magic, then lines whose first non-blank character is `#` or `;`.
public enum BootIniLines {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case noMagic(line: Int?)
        case notLineWise(String)

        public var description: String {
            switch self {
            case .noMagic(let line):
                return "cfgload would run nothing: "
                    + (line.map { "line \($0) is not exactly \(BootScriptLint.magic)" } ?? "no \(BootScriptLint.magic) line")
            case .notLineWise(let flavour): return "u-boot \(flavour) does not run boot.ini line by line"
            }
        }
    }

    public static func commands(_ text: String, flavour: ResolvedProfile.Flavour) throws(Problem) -> [(number: Int, text: String)] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [(Int, String)] = []
        switch flavour {
        case .hardkernel2012:
            var magicSeen = false
            for (index, raw) in lines.enumerated() {
                let line = raw.replacingOccurrences(of: "\r", with: "")
                if line.isEmpty || line.hasPrefix("#") { continue }
                if !magicSeen {
                    guard line == BootScriptLint.magic else { throw .noMagic(line: index + 1) }
                    magicSeen = true
                    continue
                }
                result.append((index + 1, line))
            }
            if !magicSeen { throw .noMagic(line: nil) }
        case .hardkernel2017Lines:
            guard let magic = lines.firstIndex(of: BootScriptLint.magic) else { throw .noMagic(line: nil) }
            for (index, line) in lines.enumerated() where index > magic {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
                result.append((index + 1, line))
            }
        case .hardkernel2017:
            // The first 21 bytes, without case; then the rest is one hush script. Typed at the prompt, hush's
            // continuation prompt carries blocks across lines as the script parser does; blank and comment-only
            // lines are left out (an empty line at u-boot's prompt repeats the last command).
            guard text.utf8.count >= BootScriptLint.magic.utf8.count,
                String(decoding: text.utf8.prefix(BootScriptLint.magic.utf8.count), as: UTF8.self).uppercased() == BootScriptLint.magic
            else {
                throw .noMagic(line: 1)
            }
            for (index, line) in lines.enumerated() where index > 0 {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                result.append((index + 1, line))
            }
        case .mainline:
            throw .notLineWise(flavour.rawValue)
        }
        return result
    }
}
