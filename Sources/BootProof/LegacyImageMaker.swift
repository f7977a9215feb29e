import Foundation
import OdroidProcess

/// Wraps files in u-boot legacy image headers with the real `mkimage` (u-boot-tools), the way a boot
/// partition for `bootm` and `source` needs them. The header timestamp comes from SOURCE_DATE_EPOCH, so the
/// same input gives the same bytes.
public struct LegacyImageMaker: Sendable {
    /// The image types a boot proof uses, with the addresses mkimage records.
    public enum Kind: Sendable, Hashable {
        /// A kernel (`-T kernel`) that `bootm` moves to `loadAddress` and enters at `entryAddress`.
        case kernel(loadAddress: UInt32, entryAddress: UInt32)
        /// An initramfs (`-T ramdisk`); u-boot never decompresses it.
        case ramdisk
        /// A u-boot script (`-T script`), what `source` and distro boot run.
        case script
    }

    public let runner: any ProcessRunning
    public var sourceDateEpoch = "1700000000"

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// The mkimage command for `kind`; kept separate so dry runs and tests can print it.
    public func command(_ kind: Kind, name: String, input: String, output: String) -> Command {
        var argv = ["mkimage", "-A", "arm", "-O", "linux"]
        switch kind {
        case .kernel(let load, let entry):
            argv += ["-T", "kernel", "-C", "none", "-a", Self.hex(load), "-e", Self.hex(entry)]
        case .ramdisk:
            argv += ["-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0"]
        case .script:
            argv += ["-T", "script", "-C", "none"]
        }
        argv += ["-n", name, "-d", input, output]
        return Command(argv, environment: ["SOURCE_DATE_EPOCH": sourceDateEpoch])
    }

    /// Runs the command; a script's `-d` that mkimage would split at `:` goes as a `ToolPath`.
    public func make(_ kind: Kind, name: String, input: String, output: String) throws {
        let (shielded, opened) = try ReinterpretedArguments.shielded(command(kind, name: name, input: input, output: output))
        defer { opened.forEach { $0.close() } }
        try runner.checked(shielded, "mkimage of \(output)")
    }

    /// Writes `text` to `output`.txt beside it and wraps it as a script image at `output`.
    public func makeScript(text: String, name: String, output: String) throws {
        let source = output + ".txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: source))
        try make(.script, name: name, input: source, output: output)
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
