import Foundation
import OdroidProcess

/// Wraps script text as a u-boot script image with the real mkimage (`mkimage -T script`).
enum ScriptImageWriter {
    static func write(text: String, name: String, arch: String, to output: String, runner: ProcessRunning = SpawnRunner()) throws {
        let temp = "\(output).cmd.tmp-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        do {
            try text.write(toFile: temp, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.failed(phase: "writing", "\(temp): \(error.localizedDescription)")
        }
        let result: ProcessResult
        do {
            result = try runner.run(Command(["mkimage", "-A", arch, "-O", "linux", "-T", "script", "-C", "none", "-n", name, "-d", temp, output]))
        } catch {
            throw CLIError.failed(phase: "making the script image", "\(error) (install u-boot-tools)")
        }
        guard result.succeeded else {
            throw CLIError.failed(phase: "making the script image", "mkimage \(result.termination): \(result.stderrText)")
        }
    }
}
