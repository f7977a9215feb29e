import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Wraps a kernel or an initramfs in a u-boot legacy image header with the real `mkimage` (u-boot-tools),
/// the way a boot partition for `bootm` needs them. The command line is `MkimageCommand`'s, so the same
/// input gives the same bytes here as in a build. Script images are `ScriptImage.wrap`'s (BootPartition).
public struct LegacyImageMaker: Sendable {
    /// The file images this maker wraps (never a script: mkimage reads a script's `-d` differently).
    public enum Kind: Sendable, Hashable {
        /// A kernel that `bootm` moves to `loadAddress` and enters at `entryAddress`.
        case kernel(loadAddress: UInt32, entryAddress: UInt32)
        /// An initramfs (load and entry 0).
        case ramdisk

        var mkimageKind: MkimageCommand.Kind {
            switch self {
            case .kernel(let load, let entry): return .kernel(loadAddress: load, entryAddress: entry)
            case .ramdisk: return .ramdisk
            }
        }
    }

    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// The mkimage command for `kind`; kept separate so dry runs and tests can print it.
    public func command(_ kind: Kind, name: String, input: String, output: String) -> Command {
        MkimageCommand.command(kind.mkimageKind, arch: "arm", name: name, input: input, output: output)
    }

    /// Runs the command; throws a `BootProofError` with mkimage's output unless it succeeds.
    public func make(_ kind: Kind, name: String, input: String, output: String) throws {
        try runner.checked(command(kind, name: name, input: input, output: output), "mkimage of \(output)")
    }
}
