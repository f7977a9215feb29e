import Foundation

/// Finds the shipped profiles/ and templates/ directories: `--data-dir`, then $ODROID_BUILD_DATA, then
/// upwards from the executable (a checkout's .build/debug/odroid-build), then the current directory,
/// then the usual install prefixes.
enum DataDirectory {
    static func locate(explicit: String?) -> String? {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["ODROID_BUILD_DATA"] { candidates.append(env) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
            for _ in 0..<6 {
                candidates.append(url.path)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(FileManager.default.currentDirectoryPath)
        candidates += ["/usr/local/share/odroid-build", "/usr/share/odroid-build"]
        return candidates.first { isDataDirectory($0) }
    }

    static func isDataDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: "\(path)/profiles", isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: "\(path)/templates", isDirectory: &isDir) && isDir.boolValue
    }

    /// Per-user configuration directory (~/.config/odroid-build).
    static var userConfig: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"] ?? "\(env["HOME"] ?? NSHomeDirectory())/.config"
        return "\(base)/odroid-build"
    }
}
