/// File names of the script formats: as rendered into the output directory and as installed.
public enum BootScriptNames {
    /// The file the renderer writes for `format`.
    public static func renderedFile(_ format: ResolvedProfile.ScriptFormat) -> String {
        switch format {
        case .ini: return "boot.ini"
        case .cmd, .scr: return "boot.cmd"
        case .extlinux: return "extlinux.conf"
        case .prompt: return "u-boot-prompt.txt"
        }
    }

    /// The built file installed for `format` (boot.scr is boot.cmd after mkimage).
    public static func installedSource(_ format: ResolvedProfile.ScriptFormat) -> String {
        format == .scr ? "boot.scr" : renderedFile(format)
    }

    /// Where u-boot looks for the script on the boot partition.
    public static func onPartition(_ format: ResolvedProfile.ScriptFormat) -> String {
        switch format {
        case .ini: return "boot.ini"
        case .cmd: return "boot.cmd"
        case .scr: return "boot.scr"
        case .extlinux: return "extlinux/extlinux.conf"
        case .prompt: return "u-boot-prompt.txt"
        }
    }
}
