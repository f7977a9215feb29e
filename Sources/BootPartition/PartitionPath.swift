import OdroidCore

/// Path rules on a FAT boot partition: `/`-separated, relative to the root, compared case-insensitively.
public enum PartitionPath {
    /// `("dtbs/3.12.3", "board.dtb")` for `dtbs/3.12.3/board.dtb`; `("", "boot.ini")` for `boot.ini`.
    public static func split(_ path: String) -> (directory: String, name: String) {
        let trimmed = normalized(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", trimmed) }
        return (String(trimmed[..<slash]), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Without leading `/`, `./` or repeated slashes.
    public static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Why `path` could leave the partition or is no name at all, or nil: a `..` component, a NUL byte, or a
    /// control character (no FAT name holds one). Every backend checks each path it is given before it
    /// touches anything, so no record, argument or bug can reach a file outside the partition.
    public static func escapeProblem(_ path: String) -> String? {
        if path.utf8.contains(0) { return "holds a NUL byte" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "holds a control character" }
        if path.split(separator: "/", omittingEmptySubsequences: true).contains("..") {
            return "has a '..' component, which would leave the partition"
        }
        return nil
    }

    /// `path` normalized, after `escapeProblem` found nothing (else `.unusable`, naming the partition).
    public static func confined(_ path: String, on location: String) throws(BootPartitionError) -> String {
        if let problem = escapeProblem(path) {
            throw .unusable("\(location): refusing the path '\(path.debugDescription.dropFirst().dropLast())': it \(problem)")
        }
        return normalized(path)
    }

    /// `a/b/c` for directory `a/b` and name `c`.
    public static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : "\(directory)/\(name)"
    }

    /// Every ancestor directory of `path`, outermost first (`dtbs`, `dtbs/3.12.3`).
    public static func ancestors(_ path: String) -> [String] {
        let parts = normalized(path).split(separator: "/").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: "/") }
    }

    /// Whether FAT treats two names as the same file (long names compare case-insensitively).
    public static func sameOnFAT(_ a: String, _ b: String) -> Bool {
        a.lowercased() == b.lowercased()
    }

    /// Suffix of every temporary file an install writes; a file ending in it is never live and may be
    /// deleted by the next run (left behind only when a run was killed).
    public static let temporarySuffix = InstallSpec.temporarySuffix

    /// The temporary name for `path`, in the same directory (a rename never crosses directories).
    public static func temporary(for path: String) -> String {
        normalized(path) + temporarySuffix
    }
}
