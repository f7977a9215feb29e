import Foundation

/// Finds the shipped profiles/ and templates/ directories: `--data-dir`, then $ODROID_BUILD_DATA, then the
/// executable's own PREFIX/share/odroid-build (an installed PREFIX/bin/odroid-build: the package or
/// scripts/install.sh), then upwards from the executable (a checkout's .build/debug/odroid-build), then the current
/// directory, then the usual install prefixes.
/// A directory the user names (`--data-dir`, or a non-empty $ODROID_BUILD_DATA) is the only one tried: a typo is an
/// error, never a silent fall back to the shipped data.
enum DataDirectory {
    static func find(explicit: String?) throws -> String {
        if let explicit {
            guard isDataDirectory(explicit) else {
                throw CLIError.usage("--data-dir \(explicit): no profiles/ and templates/ directories there")
            }
            return explicit
        }
        if let env = ProcessInfo.processInfo.environment["ODROID_BUILD_DATA"], !env.isEmpty {
            guard isDataDirectory(env) else {
                throw CLIError.usage("ODROID_BUILD_DATA=\(env): no profiles/ and templates/ directories there")
            }
            return env
        }
        var candidates: [String] = []
        if var url = executableDirectory {
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("share/odroid-build").path)
            for _ in 0..<6 {
                candidates.append(url.path)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(FileManager.default.currentDirectoryPath)
        candidates += ["/usr/local/share/odroid-build", "/usr/share/odroid-build"]
        guard let found = candidates.first(where: { isDataDirectory($0) }) else {
            throw CLIError.usage("cannot find the profiles/ and templates/ directories; pass --data-dir or set ODROID_BUILD_DATA")
        }
        return found
    }

    static func isDataDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: "\(path)/profiles", isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: "\(path)/templates", isDirectory: &isDir) && isDir.boolValue
    }

    /// The trace plugin an installed binary ships beside it: PREFIX/lib/odroid-build/odroid-trace.so.
    static var installedTracePlugin: String? {
        executableDirectory?.deletingLastPathComponent().appendingPathComponent("lib/odroid-build/odroid-trace.so").path
    }

    /// The directory of the running program (PREFIX/bin when installed), or nil when /proc cannot say.
    private static var executableDirectory: URL? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }

    /// Per-user configuration directory (~/.config/odroid-build).
    static var userConfig: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"] ?? "\(env["HOME"] ?? NSHomeDirectory())/.config"
        return "\(base)/odroid-build"
    }
}
