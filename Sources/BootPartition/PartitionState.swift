import Foundation
import OdroidCore
import UBootImage

/// What is on a boot partition right now: the manifest, the boot script (raw and parsed) and which
/// installed kernel that script boots. The script is the truth about what boots; the manifest says which
/// version a file belongs to.
public struct PartitionState: Sendable {
    public var manifest: BootManifest
    public var manifestExists: Bool
    /// The script's path on the partition (boot.ini, boot.scr, extlinux/extlinux.conf).
    public var scriptPath: String
    public var scriptData: Data?
    /// The script text (boot.scr unwrapped); nil when there is no script or it cannot be read.
    public var scriptText: String?
    public var parsed: ParsedBootScript?
    /// Why the script could not be read as text (a damaged boot.scr).
    public var scriptProblem: String?
    /// Which files are present in the directories listed while reading (extend it with `including`).
    public var present: PartitionIndex

    /// Reads the state of `partition` for a profile whose first script format is `format`.
    public static func read(_ partition: any BootPartition, format: ResolvedProfile.ScriptFormat) throws(BootPartitionError)
        -> PartitionState
    {
        let scriptPath = BootScriptNames.onPartition(format)
        // One listing for both files (the root may hold tens of thousands of kernel files).
        let present = try PartitionIndex(partition, paths: [BootManifest.fileName, scriptPath])
        let manifestData = present.containsFile(BootManifest.fileName) ? try partition.read(BootManifest.fileName) : nil
        let manifest =
            try manifestData.map { (data: Data) throws(BootPartitionError) -> BootManifest in
                try BootManifest.decode(data, file: "\(partition.location):\(BootManifest.fileName)")
            } ?? BootManifest()
        let scriptData = present.containsFile(scriptPath) ? try partition.read(scriptPath) : nil
        var state = PartitionState(
            manifest: manifest, manifestExists: manifestData != nil, scriptPath: scriptPath, scriptData: scriptData,
            scriptText: nil, parsed: nil, scriptProblem: nil, present: present)
        if let scriptData {
            switch Self.text(of: scriptData, format: format) {
            case .success(let text):
                state.scriptText = text
                state.parsed = ParsedBootScript(text: text, format: format)
            case .failure(let problem):
                state.scriptProblem = problem.description
            }
        }
        return state
    }

    /// The text u-boot runs: boot.scr is a script image, the others are plain text.
    static func text(of data: Data, format: ResolvedProfile.ScriptFormat) -> Result<String, ImageProblem> {
        guard format == .scr else { return .success(String(decoding: data, as: UTF8.self)) }
        do {
            let image = try LegacyImage(data)
            if let first = image.problems.first { return .failure(first) }
            return .success(try image.scriptText())
        } catch {
            return .failure(error)
        }
    }

    /// The installed version whose kernel file a boot command loads.
    public func version(booting boot: ParsedBootScript.Boot) -> String? {
        guard let file = boot.kernel?.file else { return nil }
        return manifest.kernels.first { kernel in
            kernel.files.contains { $0.role == .kernel && PartitionPath.sameOnFAT($0.path, file) }
        }?.version
    }

    /// The kernel that boots by default: the one the script's last (unconditional) boot command loads.
    public var liveVersion: String? {
        parsed?.boots.last.flatMap { version(booting: $0) }
    }

    /// Every installed version one of whose files the script loads (both kernels of a try-once script).
    public var referencedVersions: [String] {
        let loaded = (parsed?.loads ?? []) + (parsed?.boots.flatMap(\.loads) ?? [])
        return manifest.kernels.filter { kernel in
            kernel.files.contains { file in loaded.contains { PartitionPath.sameOnFAT($0.file, file.path) } }
        }.map(\.version)
    }
}
