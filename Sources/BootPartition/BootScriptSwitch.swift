import Foundation
import OdroidCore

/// Makes a new boot script live, the last write of every change: the previous script is first kept as
/// `<script>.bak` (written under a temporary name and renamed, like every file), then the new script is
/// staged, flushed and renamed over the old one. An identical script is not rewritten.
struct BootScriptSwitch {
    static func backupPath(_ scriptPath: String) -> String { scriptPath + InstallSpec.backupSuffix }

    /// Returns whether the script changed. `keepBackup` false skips the backup (it was kept earlier in the
    /// same transaction).
    @discardableResult
    static func apply(_ script: Data, at path: String, previous: Data?, writer: SafeReplace, keepBackup: Bool = true)
        throws(BootPartitionError) -> Bool
    {
        if previous == script { return false }
        if keepBackup, let previous {
            let backup = backupPath(path)
            if try writer.partition.readIfPresent(backup) != previous {
                try writer.replace(backup, with: previous)
            }
        }
        for directory in PartitionPath.ancestors(path) where try writer.partition.entry(at: directory) == nil {
            try writer.partition.makeDirectory(directory)
        }
        try writer.replace(path, with: script)
        return true
    }
}
