import Foundation

/// Golden files: committed expected outputs. A mismatch reports a line diff; run the tests with
/// ODROID_RECORD_GOLDEN=1 to rewrite the files from the current output (then review `git diff`).
public enum GoldenFile {
    public static var recording: Bool { ProcessInfo.processInfo.environment["ODROID_RECORD_GOLDEN"] == "1" }

    /// nil when `actual` equals the file at `path` (or when recording), else a readable difference.
    public static func mismatch(_ actual: String, path: String) -> String? {
        if recording {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "golden file \(path) is missing; run with ODROID_RECORD_GOLDEN=1 to create it"
        }
        if expected == actual { return nil }
        return "output differs from \(path) (ODROID_RECORD_GOLDEN=1 re-records):\n" + diff(expected, actual)
    }

    /// A minimal line diff: the first differing region with a little context.
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        var first = 0
        while first < min(a.count, b.count), a[first] == b[first] { first += 1 }
        var endA = a.count, endB = b.count
        while endA > first, endB > first, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        var out = "@@ line \(first + 1) @@\n"
        for line in a[max(0, first - 2)..<first] { out += "  \(line)\n" }
        for line in a[first..<endA] { out += "- \(line)\n" }
        for line in b[first..<endB] { out += "+ \(line)\n" }
        return out
    }
}
