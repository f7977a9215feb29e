/// The u-boot, kernel and QEMU failures a boot proof recognises on the console.
public enum BootErrorKind: String, Sendable, Codable, Hashable, CaseIterable {
    case badDataCRC, badHeaderChecksum, wrongRamdiskFormat, wrongImageFormat, scriptFailed
    case unableToReadFile, overwritesReservedMemory, unknownCommand, noPartitionTable
    case noDeviceTree, badZImageMagic, imageTooLarge, imageOverwritten, uBootCrash, kernelPanic, unableToMountRoot
    case initramfsGaveUp
    case qemuError

    /// Kinds after which the boot can only wait at a shell: the proof ends there instead of at its timeout.
    public var isFinal: Bool { self == .initramfsGaveUp }

    /// What the kind means for someone reading a failed boot.
    public var explanation: String {
        switch self {
        case .badDataCRC: return "an image's data does not match its header CRC (corrupt or truncated file)"
        case .badHeaderChecksum: return "an image header is corrupt"
        case .wrongRamdiskFormat: return "the initrd is not a u-boot ramdisk image (or was not loaded)"
        case .wrongImageFormat: return "the file at the address is not a u-boot image of the expected kind (or was not loaded)"
        case .scriptFailed: return "the boot script stopped with an error"
        case .unableToReadFile: return "a file could not be loaded: not on the boot partition, or the error before this says why"
        case .overwritesReservedMemory: return "a load address is outside usable RAM or inside u-boot's own reserved top of RAM"
        case .unknownCommand: return "the script uses a command this u-boot lacks"
        case .noPartitionTable: return "the disk has no partition table, which distro boot needs"
        case .noDeviceTree: return "no device tree was passed to the kernel"
        case .badZImageMagic: return "the kernel file is not a zImage"
        case .imageTooLarge: return "the kernel image is larger than CONFIG_SYS_BOOTM_LEN"
        case .imageOverwritten: return "unpacking the kernel overwrote another loaded image"
        case .uBootCrash: return "u-boot itself crashed (often after writing to an address that is not RAM) and reset"
        case .kernelPanic: return "the kernel panicked"
        case .unableToMountRoot: return "the kernel found no root filesystem (no or unusable initramfs)"
        case .initramfsGaveUp:
            return
                "the initramfs did not find the root filesystem (its driver or filesystem module missing, or the wrong root=) and dropped to its shell"
        case .qemuError: return "QEMU itself failed"
        }
    }
}

/// One console line recognised as a failure.
public struct RecognisedBootError: Sendable, Codable, Hashable {
    public var kind: BootErrorKind
    /// The console line, trimmed.
    public var line: String
    /// Its index in the console lines.
    public var lineIndex: Int
    public var hostSeconds: Double?
}

/// Finds failure lines in a boot console. Pure: text in, recognised errors out.
public enum BootErrorRecognition {
    /// Substring patterns, most specific first; the first that matches a line decides its kind.
    static let patterns: [(String, BootErrorKind, caseSensitive: Bool)] = [
        ("Bad Data CRC", .badDataCRC, true),
        ("Bad Header Checksum", .badHeaderChecksum, true),
        ("Wrong Ramdisk Image Format", .wrongRamdiskFormat, true),
        ("Wrong Image Format", .wrongImageFormat, false),
        ("SCRIPT FAILED", .scriptFailed, true),
        ("** Unable to read file", .unableToReadFile, true),
        ("Failed to load '", .unableToReadFile, true),
        ("Reading file would overwrite reserved memory", .overwritesReservedMemory, true),
        ("Unknown command", .unknownCommand, true),
        ("No partition table", .noPartitionTable, true),
        ("FDT and ATAGS support not compiled in", .noDeviceTree, true),
        ("Did not find a cmdline Flattened Device Tree", .noDeviceTree, true),
        ("Bad Linux ARM zImage magic", .badZImageMagic, true),
        ("Image too large", .imageTooLarge, true),
        ("image overwritten", .imageOverwritten, false),
        ("data abort", .uBootCrash, true),
        ("prefetch abort", .uBootCrash, true),
        ("Kernel panic", .kernelPanic, true),
        ("VFS: Unable to mount root fs", .unableToMountRoot, true),
        // initramfs-tools ("ALERT!  UUID=... does not exist.  Dropping to a shell!") and dracut.
        ("ALERT!", .initramfsGaveUp, true),
        ("Gave up waiting for root", .initramfsGaveUp, true),
        ("Dropping to a shell", .initramfsGaveUp, true),
        ("dracut-initqueue: Warning: Could not boot", .initramfsGaveUp, true),
        ("qemu-system-", .qemuError, true),
    ]

    /// All recognised error lines, in order. Known noise is skipped: the `Unknown command` a Hardkernel
    /// boot.ini's magic first line causes when the body runs as a plain u-boot script (the script carries on).
    public static func errors(in lines: [ConsoleLine]) -> [RecognisedBootError] {
        var found: [RecognisedBootError] = []
        for (index, line) in lines.enumerated() {
            guard let kind = kind(of: line.text) else { continue }
            found.append(
                RecognisedBootError(kind: kind, line: line.text.trimmingWhitespace, lineIndex: index, hostSeconds: line.hostSeconds))
        }
        return found
    }

    /// The kind of failure `text` reports, or nil for an ordinary line.
    public static func kind(of text: String) -> BootErrorKind? {
        for (pattern, kind, caseSensitive) in patterns {
            let hit = caseSensitive ? text.contains(pattern) : text.lowercased().contains(pattern.lowercased())
            guard hit else { continue }
            if kind == .unknownCommand, text.lowercased().contains("'odroidxu-uboot-config'") { return nil }
            // QEMU's own messages start with its program name and a colon ("qemu-system-arm: -drive ...").
            // ...but not the note it prints when the runner stops it.
            if kind == .qemuError, !text.hasPrefix("qemu-system-") || text.contains("terminating on signal") { continue }
            return kind
        }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
