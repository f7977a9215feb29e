import Foundation
import OdroidCore
import OdroidProcess

/// Produces the bytes of the boot script a partition gets for a kernel version: the profile's first format
/// rendered from templates and linted, and for boot.scr wrapped by the real `mkimage -T script` (with
/// SOURCE_DATE_EPOCH fixed, so the same script gives the same bytes and is not rewritten).
public struct BootScriptMaker: Sendable {
    public var profile: ResolvedProfile
    public var templates: TemplateStore
    public var runner: any ProcessRunning
    public var scratchDirectory: String

    public init(profile: ResolvedProfile, templates: TemplateStore, runner: any ProcessRunning, scratchDirectory: String = NSTemporaryDirectory()) {
        self.profile = profile
        self.templates = templates
        self.runner = runner
        self.scratchDirectory = scratchDirectory
    }

    /// The format installed on the partition (the profile's first).
    public var format: ResolvedProfile.ScriptFormat { profile.boot.formats[0] }
    /// Where it goes on the partition.
    public var pathOnPartition: String { BootScriptNames.onPartition(format) }

    /// The script that boots `version`.
    public func script(version: String) throws(BootPartitionError) -> Data {
        let renderer = BootScriptRenderer(profile: profile, templates: templates)
        let text: String
        do {
            text = try renderer.render(format == .scr ? .cmd : format, version: version).text
        } catch {
            throw .unusable("rendering the \(format.rawValue) boot script for \(version) failed:\n\(error)")
        }
        return try wrapped(text, name: "odroid-build \(version)")
    }

    /// The try-once boot.ini: `trial` boots once, then `fallback`.
    public func tryOnceScript(trial: String, fallback: String, token: String) throws(BootPartitionError) -> Data {
        do {
            return Data(try TryOnceScriptRenderer(profile: profile, templates: templates).render(trial: trial, fallback: fallback, token: token).text.utf8)
        } catch {
            throw .unusable("rendering the try-once boot.ini failed:\n\(error)")
        }
    }

    /// The text of a script as stored on the partition (boot.scr is unwrapped). mkimage splits a script's `-d`
    /// at `:`, so its input and output sit in a `PrivateDirectory` under plain names, never under TMPDIR's.
    func wrapped(_ text: String, name: String) throws(BootPartitionError) -> Data {
        guard format == .scr else { return Data(text.utf8) }
        let scratch: PrivateDirectory
        do {
            scratch = try PrivateDirectory(base: scratchDirectory, purpose: "script")
        } catch {
            throw .failed(operation: "making the script image", path: pathOnPartition, detail: "\(error)")
        }
        defer { scratch.remove() }
        let source = scratch.file("boot.cmd"), image = scratch.file("boot.scr")
        guard FileManager.default.createFile(atPath: source, contents: Data(text.utf8)) else {
            throw .failed(operation: "writing", path: source, detail: "cannot write the script source")
        }
        let command = Command(
            ["mkimage", "-A", profile.board.arch, "-O", "linux", "-T", "script", "-C", "none", "-n", name, "-d", source, image],
            environment: ["SOURCE_DATE_EPOCH": "0"])
        let result: ProcessResult
        do {
            result = try runner.run(command, output: .capture)
        } catch {
            throw .failed(operation: "making the script image", path: pathOnPartition, detail: "\(error) (install u-boot-tools)")
        }
        guard result.succeeded, let data = FileManager.default.contents(atPath: image) else {
            throw .failed(operation: "making the script image", path: pathOnPartition, detail: "mkimage \(result.termination): \(result.stderrText)")
        }
        return data
    }
}
