import CommandValues
import Foundation
import OdroidProcess

/// Turns the plan's source step into the commands that fit the state of the disk: a tarball is unpacked
/// into an emptied directory; a git source is cloned the first time and fetched + checked out afterwards.
enum SourceAcquisition {
    /// The commands to run for the source step's `command`, after preparing directories. `workDirectory`
    /// bounds what may be emptied: a tree outside it is never deleted.
    static func commands(for command: Command, workDirectory: String) throws -> [Command] {
        switch command.program {
        case "tar":
            guard let index = command.argv.firstIndex(of: "-C"), index + 1 < command.argv.count else { return [command] }
            let dir = command.argv[index + 1]
            try emptyDirectory(dir, within: workDirectory)
            return [command]
        case "git" where command.argv.count > 1 && command.argv[1] == "clone":
            let dir = command.argv[command.argv.count - 1]
            if FileManager.default.fileExists(atPath: "\(dir)/.git") {
                let ref = command.argv.firstIndex(of: "--branch").map { command.argv[$0 + 1] } ?? "HEAD"
                let depth = command.argv.contains("--depth") ? ["--depth", "1"] : []
                return [
                    Command(["git", "-C", dir, "fetch"] + depth + ["origin", ref], environment: command.environment),
                    Command(["git", "-C", dir, "checkout", "--force", "--detach", "FETCH_HEAD"], environment: command.environment),
                ]
            }
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: dir).deletingLastPathComponent().path, withIntermediateDirectories: true)
            return [command]
        default:
            return [command]
        }
    }

    /// Makes `dir` an empty directory. Its old contents are removed only when it lies inside the work directory.
    static func emptyDirectory(_ dir: String, within workDirectory: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir) {
            let contents = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            if !contents.isEmpty {
                guard dir.hasPrefix(workDirectory + "/") else {
                    throw ExecutionError.io(
                        path: dir,
                        message:
                            "must be empty before unpacking, and lies outside the work directory \(workDirectory), so it is not emptied automatically"
                    )
                }
                try fm.removeItem(atPath: dir)
            }
        }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
}
