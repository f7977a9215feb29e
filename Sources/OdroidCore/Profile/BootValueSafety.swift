/// Rules for user values that end up inside u-boot scripts and on the kernel command line.
/// Values are placed inside double quotes (`setenv bootargs "..."`), where u-boot's hush still gives
/// `"`, `$` and `\` a meaning, and the 2012.07 parser runs each line on its own; rather than depend on
/// escaping that differs between u-boot versions, such characters are rejected with a clear reason.
/// `'` is rejected too: hush (2012.07's common/hush.c and mainline's cli_hush.c) treats it as special even
/// inside double quotes, so the whole `setenv bootargs` line is a syntax error and the board boots without
/// root= and console= (DOMAIN §2). `;` is allowed: inside double quotes it is literal for hush, and dyndbg
/// queries need it (`dyndbg="file x.c +p; file y.c +p"`); BootProofTests boots a kernel whose
/// /proc/cmdline shows it arrived intact.
public enum BootValueSafety {
    /// Linux ARM's COMMAND_LINE_SIZE is 1024 including the terminating NUL.
    public static let maxKernelCommandLine = 1023

    /// The first character of `value` that cannot be placed safely in a boot script, with why.
    public static func problem(in value: String) -> String? {
        for c in value.unicodeScalars {
            switch c {
            case "\"": return "contains '\"', which would end the quoted string in the boot script"
            case "$": return "contains '$', which u-boot's hush would expand as a variable"
            case "'":
                return "contains \"'\", which u-boot's hush treats as a quote even inside double quotes (the whole setenv line is dropped)"
            case "\\": return "contains '\\', which u-boot's hush treats as an escape"
            case "`": return "contains '`', which is not safe in a u-boot script"
            case "\n", "\r": return "contains a line break; every boot-script command must stay on one line"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    return "contains the control character U+\(String(c.value, radix: 16, uppercase: true))"
                }
            }
        }
        return nil
    }

    /// u-boot's command-line buffer (CONFIG_SYS_CBSIZE) for a flavour: a script line must be shorter.
    public static func commandBufferSize(_ flavour: ResolvedProfile.Flavour) -> Int {
        flavour == .hardkernel2012 ? 512 : 1024
    }
}
