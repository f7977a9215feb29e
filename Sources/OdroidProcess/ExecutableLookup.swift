import Foundation

/// Finds programs the way a shell does, but with an explicit PATH, so lookups are testable
/// and independent of the process environment.
public enum ExecutableLookup {
    /// The full path of `name` in `path` (a colon-separated list), or nil. Names containing `/` are
    /// returned as they are when they exist and are executable.
    public static func find(_ name: String, path: String?) -> String? {
        if name.contains("/") {
            return access(name, X_OK) == 0 ? name : nil
        }
        let dirs = (path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(separator: ":")
        for dir in dirs where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Looks `name` up in this process's PATH.
    public static func find(_ name: String) -> String? {
        find(name, path: ProcessInfo.processInfo.environment["PATH"])
    }
}
