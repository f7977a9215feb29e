import CBuildStamp
import OdroidCore

/// What `--version` says: the package version and the commit a release binary was built from (stamped at link
/// time by scripts/build-release.sh), or the source version and a plain statement that no commit was recorded.
enum BuildStamp {
    static var packageVersion: String? { odroid_build_stamp_version().map { String(cString: $0) } }
    static var commit: String? { odroid_build_stamp_commit().map { String(cString: $0) } }

    static var versionLine: String {
        line(packageVersion: packageVersion, commit: commit, sourceVersion: OdroidCore.version)
    }

    static func line(packageVersion: String?, commit: String?, sourceVersion: String) -> String {
        guard let packageVersion, let commit, !packageVersion.isEmpty, !commit.isEmpty else {
            return "\(sourceVersion) (commit not recorded: not built by scripts/build-release.sh)"
        }
        return "\(packageVersion) (commit \(commit))"
    }
}
