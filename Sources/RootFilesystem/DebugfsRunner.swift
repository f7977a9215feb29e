import CommandValues
import Foundation
import OdroidProcess

/// Runs e2fsprogs' debugfs on the ext filesystem at a byte offset of an image, through the process seam:
/// one batch of commands per run (`-f`, the batch file in a `PrivateDirectory`), the image handed over as a
/// `ToolPath` (`/proc/<pid>/fd/<n>?offset=N`), so debugfs never parses the user's name (it splits it at
/// `?`). debugfs exits 0 even when a command fails, so every line it writes to stderr other than its banner
/// is an error.
struct DebugfsRunner {
    let image: String
    let offset: UInt64
    let runner: any ProcessRunning

    /// Names debugfs' command parser takes literally: no space, quote, backslash or control character.
    static func check(_ name: String, what: String) throws(RootFilesystemError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-,:=@%~")
        guard !name.isEmpty, name.allSatisfy({ allowed.contains($0) }), name.first != "-" else {
            throw .badInput(
                "\(what) '\(name)' cannot be written into an image safely: names may hold letters, digits and . _ + - , : = @ % ~ only")
        }
    }

    /// A path for a debugfs command, every component checked.
    static func path(_ path: RootPath) throws(RootFilesystemError) -> String {
        for component in path.components { try check(component, what: "path component of \(path)") }
        return path.absolute
    }

    /// Runs `commands` (`-w` when `write`), the local side relative to `localDirectory`; returns stdout.
    @discardableResult
    func run(_ commands: [String], write: Bool, localDirectory: String? = nil) throws(RootFilesystemError) -> String {
        let file = try open(write: write)
        defer { file.close() }
        let directory: PrivateDirectory
        do {
            directory = try PrivateDirectory(purpose: "debugfs")
        } catch {
            throw .failed(operation: "staging debugfs commands for", path: image, detail: "\(error)")
        }
        let batch = directory.file("batch.cmd")
        guard FileManager.default.createFile(atPath: batch, contents: Data((commands.joined(separator: "\n") + "\n").utf8)) else {
            throw .failed(operation: "writing", path: batch, detail: "cannot stage the debugfs commands")
        }
        var argv = ["debugfs"]
        if write { argv.append("-w") }
        argv += ["-f", batch, "\(file.path)?offset=\(offset)"]
        return try execute(Command(argv, environment: ["LC_ALL": "C"], workingDirectory: localDirectory), what: commands.first ?? "")
    }

    /// The image opened once, for a tool to reopen by a name it cannot misread.
    private func open(write: Bool) throws(RootFilesystemError) -> ToolPath {
        do {
            return try ToolPath(opening: image, access: write ? .readWrite : .readOnly)
        } catch {
            throw .unusable("\(error)")
        }
    }

    /// One read-only request with no echo of the command (`-R`), its stdout as bytes (for `cat`).
    func request(_ command: String) throws(RootFilesystemError) -> Data {
        let file = try open(write: false)
        defer { file.close() }
        let result: ProcessResult
        do {
            result = try runner.run(Command(["debugfs", "-R", command, "\(file.path)?offset=\(offset)"], environment: ["LC_ALL": "C"]))
        } catch {
            throw .failed(operation: "running debugfs on", path: image, detail: "\(error) (install e2fsprogs)")
        }
        try Self.requireClean(result, image: image, what: command)
        return result.stdout
    }

    private func execute(_ command: Command, what: String) throws(RootFilesystemError) -> String {
        let result: ProcessResult
        do {
            result = try runner.run(command, output: .capture)
        } catch {
            throw .failed(operation: "running debugfs on", path: image, detail: "\(error) (install e2fsprogs)")
        }
        try Self.requireClean(result, image: image, what: what)
        return result.stdoutText
    }

    static func requireClean(_ result: ProcessResult, image: String, what: String) throws(RootFilesystemError) {
        let errors = result.stderrText.split(separator: "\n").filter { !$0.hasPrefix("debugfs ") && !$0.isEmpty }
        guard result.succeeded, errors.isEmpty else {
            let said = errors.isEmpty ? result.termination.description : errors.prefix(5).joined(separator: "; ")
            throw .failed(operation: "debugfs (\(what)) on", path: image, detail: said)
        }
    }

    /// Parses `ls -p` lines `/inode/mode/uid/gid/name/size/` into (name, mode); `.` and `..` dropped.
    static func listing(_ text: String, directory: String) throws(RootFilesystemError) -> [(name: String, mode: UInt32, size: UInt64)] {
        var result: [(String, UInt32, UInt64)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard line.hasPrefix("/") else { continue }  // the echoed "debugfs: ls -p ..." lines
            let fields = line.split(separator: "/", omittingEmptySubsequences: false)
            // "", inode, mode, uid, gid, name, size, ""
            guard fields.count == 8, let mode = UInt32(fields[2], radix: 8) else {
                throw .refused("\(directory) holds an entry odroid-build cannot read safely (\(line.prefix(80)))")
            }
            let name = String(fields[5])
            if name == "." || name == ".." { continue }
            result.append((name, mode, UInt64(fields[6]) ?? 0))
        }
        return result
    }
}
