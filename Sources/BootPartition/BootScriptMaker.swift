import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Produces the bytes of the boot script a partition gets for a kernel version: the profile's first format
/// rendered from templates and linted, and for boot.scr wrapped by the real `mkimage -T script`
/// (`ScriptImage`: the same bytes as the plan's boot-scr step makes, so the same script is not rewritten).
public struct BootScriptMaker: Sendable {
    public var profile: ResolvedProfile
    public var templates: TemplateStore
    public var runner: any ProcessRunning
    public var scratchDirectory: String

    public init(
        profile: ResolvedProfile, templates: TemplateStore, runner: any ProcessRunning, scratchDirectory: String = NSTemporaryDirectory()
    ) {
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
        return try wrapped(text, name: MkimageCommand.scriptName(version: version))
    }

    /// The try-once boot.ini: `trial` boots once, then `fallback`.
    public func tryOnceScript(trial: String, fallback: String, token: String) throws(BootPartitionError) -> Data {
        do {
            return Data(
                try TryOnceScriptRenderer(profile: profile, templates: templates).render(trial: trial, fallback: fallback, token: token)
                    .text.utf8)
        } catch {
            throw .unusable("rendering the try-once boot.ini failed:\n\(error)")
        }
    }

    /// The bytes of a script as stored on the partition: the text, or for boot.scr the image `ScriptImage`
    /// makes of it (the same mkimage line as the plan's boot-scr step, so the bytes are the same).
    func wrapped(_ text: String, name: String) throws(BootPartitionError) -> Data {
        guard format == .scr else { return Data(text.utf8) }
        return try ScriptImage.wrap(text, name: name, arch: profile.board.arch, runner: runner, scratchBase: scratchDirectory)
    }
}
