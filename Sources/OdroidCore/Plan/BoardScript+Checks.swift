import CommandValues

/// What the board script reads back after installing, so a bad install shows on the board instead of at the
/// next boot: every file the boot script loads (and the script itself) is there with the size and bytes of
/// the built file, and the u-boot image headers (include/image.h, big-endian) say what u-boot expects:
/// magic 27051956 at 0, load address at 16, os at 28 (Linux 05), arch at 29, type at 30; a dtb starts with
/// d00dfeed. Every problem is named; any makes the script exit 1.
extension BoardScript {
    func boardChecks() -> [String] {
        guard case .install(let spec)? = plan.step("install")?.action else { return [] }
        var lines = [
            "# Read back what was written: every file the boot script loads, its size and bytes, the image headers.",
            "odroid_problems=0",
            "odroid_same() {",
            "    if [ ! -f \"$boot/$2\" ]; then odroid_bad \"$boot/$2 is missing\"; return 1; fi",
            "    odroid_want=$(wc -c < \"$1\" | tr -d ' ')",
            "    odroid_got=$(wc -c < \"$boot/$2\" | tr -d ' ')",
            "    if [ \"$odroid_want\" != \"$odroid_got\" ]; then odroid_bad \"$boot/$2 has $odroid_got bytes, the built file $1 $odroid_want\"; return 0; fi",
            "    if ! cmp -s \"$1\" \"$boot/$2\"; then odroid_bad \"$boot/$2 differs from the built file $1\"; fi",
            "}",
        ]
        var checked: [String] = []
        for copy in spec.files + [spec.bootScript] {
            let name = ShellQuote.quote(copy.destination)
            let expectations = headerExpectations(copy.destination, isScript: copy == spec.bootScript)
            if expectations.isEmpty {
                lines.append("odroid_same \(printer.quote(copy.source)) \(name) || true")
            } else {
                lines.append("if odroid_same \(printer.quote(copy.source)) \(name); then")
                for (offset, hex, what) in expectations {
                    lines.append("    odroid_expect \"$boot\"/\(name) \(offset) \(hex) \(ShellQuote.quote(what))")
                }
                lines.append("fi")
            }
            checked.append(copy.destination)
        }
        lines += [
            "if [ \"$odroid_problems\" -gt 0 ]; then",
            "    odroid_fail 1 \"$odroid_problems check(s) failed on $boot: do not reboot before fixing them\"",
            "fi",
            "printf 'odroid-build script: installed kernel %s (release %s) on %s: %s boots it; checked %s\\n' \(ShellQuote.quote(plan.kernelVersion)) \"$\(Plan.kernelReleaseVariable)\" \"$boot\" \(ShellQuote.quote(spec.bootScript.destination)) \(ShellQuote.quote(checked.joined(separator: ", ")))",
        ]
        return lines
    }

    /// The built files' headers, checked before anything is written to the partition, as the tool's own
    /// `BuiltArtifactCheck` does: a uImage at the wrong load address is refused while the old boot script
    /// still boots the old kernel (after the install the board would already be set to boot it). Defines
    /// `odroid_bad` and `odroid_expect PATH OFFSET HEX WHAT`, which the read-back uses too.
    func builtFileChecks(_ spec: InstallSpec) -> [String] {
        var lines = [
            "# The built files, before anything is written: the image headers u-boot reads.",
            "odroid_problems=0",
            "odroid_bad() { printf 'odroid-build script: check failed: %s\\n' \"$1\" >&2; odroid_problems=$((odroid_problems + 1)); }",
            "odroid_expect() {",
            "    odroid_value=$(od -An -tx1 -j \"$2\" -N \"$((${#3} / 2))\" \"$1\" | tr -d ' \\n')",
            "    if [ \"$odroid_value\" != \"$3\" ]; then odroid_bad \"$1: $4 is ${odroid_value:-missing}, expected $3\"; fi",
            "}",
        ]
        for copy in spec.files + [spec.bootScript] {
            for (offset, hex, what) in headerExpectations(copy.destination, isScript: copy == spec.bootScript) {
                lines.append("odroid_expect \(printer.quote(copy.source)) \(offset) \(hex) \(ShellQuote.quote(what))")
            }
        }
        lines += [
            "if [ \"$odroid_problems\" -gt 0 ]; then",
            "    odroid_fail 1 \"$odroid_problems problem(s) in the built files: nothing was written to $boot; fix the build first\"",
            "fi",
        ]
        return lines
    }

    /// (offset, expected hex bytes, what they are) for the file installed at `destination`.
    func headerExpectations(_ destination: String, isScript: Bool) -> [(Int, String, String)] {
        let magic = (0, "27051956", "the u-boot image magic")
        let linux = (28, "05", "the image's os (Linux is 05)")
        let arch = Self.ubootArch(profile.board.arch).map { [(29, $0, "the image's arch")] } ?? []
        if destination == plan.bootFiles.kernel && profile.kernel.image == .uImage {
            let load = String(profile.kernel.loadAddress, radix: 16).leftPadded(to: 8)
            return [magic, (30, "02", "the image type (kernel is 02)"), linux] + arch + [
                (16, load, "the load address (LOADADDR)"), (20, load, "the entry point (LOADADDR)"),
            ]
        }
        if destination == plan.bootFiles.initrd && profile.initramfs.uimage {
            return [magic, (30, "03", "the image type (ramdisk is 03)"), linux] + arch
        }
        if plan.bootFiles.dtbs.contains(destination) { return [(0, "d00dfeed", "the device tree magic")] }
        if isScript && destination.hasSuffix(".scr") { return [magic, (30, "06", "the image type (script is 06)")] }
        return []
    }

    /// u-boot's IH_ARCH code of a kernel ARCH, as two hex digits.
    static func ubootArch(_ arch: String) -> String? {
        switch arch {
        case "arm": return "02"
        case "arm64": return "16"
        default: return nil
        }
    }
}
