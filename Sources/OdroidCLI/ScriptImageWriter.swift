import Foundation
import OdroidProcess

/// Wraps script text as a u-boot script image with the real mkimage (`mkimage -T script`). mkimage splits
/// a script's `-d` at `:` (a multi-file image), so it reads and writes only files in a `PrivateDirectory`
/// with plain names; the image comes back as bytes for `OutputFile` to put where the user asked.
enum ScriptImageWriter {
    static func image(text: String, name: String, arch: String, runner: ProcessRunning = SpawnRunner()) throws -> Data {
        let scratch: PrivateDirectory
        do {
            scratch = try PrivateDirectory(purpose: "mkimage")
        } catch {
            throw CLIError.failed(phase: "making the script image", "\(error)")
        }
        defer { scratch.remove() }
        let source = scratch.file("boot.cmd"), output = scratch.file("boot.scr")
        guard FileManager.default.createFile(atPath: source, contents: Data(text.utf8)) else {
            throw CLIError.failed(phase: "writing", "\(source): cannot write the script source")
        }
        let result: ProcessResult
        do {
            result = try runner.run(Command(["mkimage", "-A", arch, "-O", "linux", "-T", "script", "-C", "none", "-n", name, "-d", source, output]))
        } catch {
            throw CLIError.failed(phase: "making the script image", "\(error) (install u-boot-tools)")
        }
        guard result.succeeded, let data = FileManager.default.contents(atPath: output) else {
            throw CLIError.failed(phase: "making the script image", "mkimage \(result.termination): \(result.stderrText)")
        }
        return data
    }
}
