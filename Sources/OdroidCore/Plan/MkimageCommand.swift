import CommandValues

/// Every `mkimage` command line this project runs or prints, built in one place with one timestamp policy:
/// the header's time comes from SOURCE_DATE_EPOCH (always `sourceDateEpoch`), so wrapping the same bytes
/// twice gives the same image, an unchanged rebuild is byte-identical and is not rewritten on the partition.
public enum MkimageCommand {
    /// The legacy image types odroid-build makes.
    public enum Kind: Sendable, Hashable {
        /// A kernel (`-T kernel`) that `bootm` moves to `loadAddress` and enters at `entryAddress`.
        case kernel(loadAddress: UInt32, entryAddress: UInt32)
        /// An initramfs (`-T ramdisk`, load and entry 0); u-boot never decompresses it.
        case ramdisk
        /// A u-boot script (`-T script`), what `source`, distro boot and the XU's boot.scr fallback run.
        case script
    }

    /// The header timestamp of every image: 1970-01-01, which says plainly that it is not a build time.
    public static let sourceDateEpoch = "0"

    /// `mkimage -A ARCH -O linux -T ... -C none [-a -e] -n NAME -d INPUT OUTPUT`, with SOURCE_DATE_EPOCH set.
    /// mkimage splits a script's `-d` at `:`; the process seam shields such a path (`ReinterpretedArguments`).
    public static func command(_ kind: Kind, arch: String, name: String, input: String, output: String) -> Command {
        var argv = ["mkimage", "-A", arch, "-O", "linux"]
        switch kind {
        case .kernel(let load, let entry):
            argv += ["-T", "kernel", "-C", "none", "-a", hex(load), "-e", hex(entry)]
        case .ramdisk:
            argv += ["-T", "ramdisk", "-C", "none", "-a", "0", "-e", "0"]
        case .script:
            argv += ["-T", "script", "-C", "none"]
        }
        argv += ["-n", name, "-d", input, output]
        return Command(argv, environment: ["SOURCE_DATE_EPOCH": sourceDateEpoch])
    }

    /// The name a boot script image carries in its header (shown by `iminfo` and `image inspect`).
    public static func scriptName(version: String) -> String { "odroid-build \(version)" }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
