import CommandValues

/// The board script's install into the mounted boot partition, in `KernelInstaller`'s order: leftovers of
/// an interrupted run deleted, each file that changes copied under its temporary name and flushed, all
/// renamed into place, the manifest, the previous boot script kept as `.bak`, the new script last.
extension BoardScript {
    func boardInstall(_ spec: InstallSpec) -> [String] {
        let tmp = InstallSpec.temporarySuffix
        let script = spec.bootScript
        var lines = [
            "# odroid-build's order: leftovers deleted; changed files under temporary names (*\(tmp)), sync, renamed",
            "# into place, sync; the manifest; the previous \(script.destination) kept as \(script.destination)\(InstallSpec.backupSuffix); the new one last.",
            "odroid_stage() {",
            "    if [ -f \"$boot/$2\" ] && cmp -s \"$1\" \"$boot/$2\"; then echo \"odroid-build script: $2 is unchanged\"; return 0; fi",
            "    echo \"odroid-build script: writing $2\"",
            "    cp \"$1\" \"$boot/$2\(tmp)\"",
            "}",
            "odroid_commit() {",
            "    if [ -f \"$boot/$1\(tmp)\" ]; then mv \"$boot/$1\(tmp)\" \"$boot/$1\"; fi",
            "}",
            "odroid_replace() {",
            "    cp \"$1\" \"$boot/$2\(tmp)\" && sync && mv \"$boot/$2\(tmp)\" \"$boot/$2\" && sync",
            "}",
        ]
        lines += [
            "odroid_count() {",
            "    if [ -f \"$boot/$2\" ] && cmp -s \"$1\" \"$boot/$2\"; then return 0; fi",
            "    odroid_need=$((odroid_need + ($(wc -c < \"$1\") + 65535) / 65536 * 64))",
            "}",
        ]
        lines += [
            "odroid_clash() {",
            "    odroid_want=$(printf '%s' \"${1##*/}\" | tr A-Z a-z)",
            "    for odroid_entry in \"$boot/$2\"*; do",
            "        odroid_name=${odroid_entry##*/}",
            "        if [ -e \"$odroid_entry\" ] && [ \"$odroid_name\" != \"${1##*/}\" ] && [ \"$(printf '%s' \"$odroid_name\" | tr A-Z a-z)\" = \"$odroid_want\" ]; then",
            "            odroid_fail 1 \"$boot has $2$odroid_name, which FAT takes for the same name as $1: rename or remove it first; nothing was written\"",
            "        fi",
            "    done",
            "}",
        ]
        lines += manifestFunctions(spec)
        lines += builtFileChecks(spec)
        let directories = Set(([script] + spec.files).map { Self.directory(of: $0.destination) })
        for directory in directories.sorted() {
            let glob = directory.isEmpty ? "\"$boot\"/*\(tmp)" : "\"$boot\"/\(ShellQuote.quote(directory))/*\(tmp)"
            lines.append(
                "for odroid_file in \(glob); do if [ -f \"$odroid_file\" ]; then echo \"odroid-build script: deleting $odroid_file left by an interrupted run\"; rm -f \"$odroid_file\"; fi; done"
            )
        }
        // Like the tool, refuse before the first write when the changed files (each rounded up to 64 KiB, FAT's
        // largest common cluster) and 256 KiB for the scripts, the backup and the manifest do not fit.
        // FAT compares names case-insensitively: another spelling of a name would be overwritten (the tool refuses too).
        for file in spec.files {
            let directory = Self.directory(of: file.destination)
            lines.append("odroid_clash \(ShellQuote.quote(file.destination)) \(ShellQuote.quote(directory.isEmpty ? "" : directory + "/"))")
        }
        lines.append("odroid_need=256")
        for file in spec.files + [script] {
            lines.append("odroid_count \(printer.quote(file.source)) \(ShellQuote.quote(file.destination))")
        }
        lines += [
            "odroid_free=$(df -Pk \"$boot\" | { read -r odroid_header; read -r odroid_fs odroid_total odroid_used odroid_avail odroid_rest; echo \"$odroid_avail\"; }) || odroid_free=",
            // A df that fails (or prints no number) makes `[ -lt ]` fail inside `if`: the check would be skipped.
            "case $odroid_free in ''|*[!0-9]*) odroid_fail 1 \"cannot read the free space of $boot (df -Pk printed '$odroid_free'): nothing was written\" ;; esac",
            "if [ \"$odroid_free\" -lt \"$odroid_need\" ]; then",
            "    odroid_fail 1 \"$boot has $odroid_free KiB free and the new files need about $odroid_need KiB: nothing was written; remove an old kernel first\"",
            "fi",
        ]
        for directory in directories.sorted() where !directory.isEmpty {
            lines.append("mkdir -p \"$boot\"/\(ShellQuote.quote(directory))")
        }
        for file in spec.files { lines.append("odroid_stage \(printer.quote(file.source)) \(ShellQuote.quote(file.destination))") }
        lines.append("sync")
        for file in spec.files { lines.append("odroid_commit \(ShellQuote.quote(file.destination))") }
        lines.append("sync")
        let manifest = "\"$boot\"/\(InstallSpec.manifestFile)"
        let name = ShellQuote.quote(script.destination)
        let backup = ShellQuote.quote(script.destination + InstallSpec.backupSuffix)
        let source = printer.quote(script.source)
        lines += [
            "odroid_new_manifest=no",
            ShellComment.line("a manifest that records this kernel alone (an earlier run of this script) is rewritten; any other is kept"),
            "if [ -e \(manifest) ] && [ \"$(grep -c '\"version\" :' \(manifest) || true)\" = 1 ] && grep -q \(ShellQuote.quote("\"version\" : \"\(plan.kernelVersion)\"")) \(manifest); then",
            "    odroid_new_manifest=yes",
            "    odroid_manifest ''",
            "elif [ -e \(manifest) ]; then",
            "    echo \(ShellQuote.quote("odroid-build script: warning: \(InstallSpec.manifestFile) is there already and sh cannot merge its JSON: kernel \(plan.kernelVersion) is not recorded in it (odroid-build list, verify and rollback know only the kernels it records)")) >&2",
            "else",
            "    odroid_new_manifest=yes",
            "    odroid_manifest ''",
            "fi",
            ShellComment.line("the boot script goes last: it is what makes the new files live"),
            "if [ -f \"$boot\"/\(name) ] && cmp -s \(source) \"$boot\"/\(name); then",
            "    printf 'odroid-build script: %s is unchanged\\n' \(name)",
            "else",
            "    if [ -f \"$boot\"/\(name) ] && ! { [ -f \"$boot\"/\(backup) ] && cmp -s \"$boot\"/\(name) \"$boot\"/\(backup); }; then",
            "        odroid_replace \"$boot\"/\(name) \(backup)",
            "    fi",
            "    odroid_replace \(source) \(name)",
            "fi",
            "if [ \"$odroid_new_manifest\" = yes ]; then odroid_manifest \(ShellQuote.quote("\"\(plan.kernelVersion)\"")); fi",
        ]
        return lines
    }

    /// `odroid_manifest HISTORY` writes odroid-build.json as `BootManifest` encodes it (format 1, one kernel:
    /// its files with role, size and SHA-256 read back from the partition, the release, the profile, the time;
    /// `HISTORY` the defaultHistory entries), under its temporary name, then renamed.
    func manifestFunctions(_ spec: InstallSpec) -> [String] {
        let tmp = InstallSpec.temporarySuffix
        let file = InstallSpec.manifestFile
        var lines = [
            "odroid_record() {",
            "    odroid_sum=$(sha256sum < \"$boot/$1\")",
            "    odroid_size=$(wc -c < \"$boot/$1\" | tr -d ' ')",
            "    printf '        {\\n          \"path\" : \"%s\",\\n          \"role\" : \"%s\",\\n          \"sha256\" : \"%s\",\\n          \"size\" : %s\\n        }%s\\n' \"$1\" \"$2\" \"${odroid_sum%% *}\" \"$odroid_size\" \"$3\"",
            "}",
            "odroid_manifest() {",
            "    odroid_installed_at=${odroid_installed_at:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}",
            "    {",
            "        printf '{\\n  \"defaultHistory\" : [%s],\\n  \"format\" : 1,\\n  \"kernels\" : [\\n    {\\n      \"files\" : [\\n' \"$1\"",
        ]
        for (index, copy) in spec.files.enumerated() {
            let separator = index == spec.files.count - 1 ? "''" : "','"
            lines.append("        odroid_record \(ShellQuote.quote(copy.destination)) \(role(of: copy.destination)) \(separator)")
        }
        lines += [
            "        printf '      ],\\n      \"installedAt\" : \"%s\",\\n      \"profile\" : \"%s\",\\n      \"release\" : \"%s\",\\n      \"version\" : \"%s\"\\n    }\\n  ]\\n}\\n' \"$odroid_installed_at\" \(ShellQuote.quote(plan.profile)) \"$\(Plan.kernelReleaseVariable)\" \(ShellQuote.quote(plan.kernelVersion))",
            "    } > \"$boot/\(file)\(tmp)\"",
            "    sync && mv \"$boot/\(file)\(tmp)\" \"$boot/\(file)\" && sync",
            "}",
        ]
        return lines
    }

    /// The manifest's role of a file, as `KernelInstaller.role` names it.
    func role(of destination: String) -> String {
        let files = plan.bootFiles
        if destination == files.kernel { return "kernel" }
        if destination == files.initrd { return "initrd" }
        if destination == files.rawInitrd { return "raw-initrd" }
        if files.dtbs.contains(destination) { return "dtb" }
        return "other"
    }

    /// Values written into the manifest's JSON by printf: plain names only (no `"`, `\` or control
    /// character can reach the JSON), the same rule the tool holds its manifest to.
    func checkManifestValues() throws(Problem) {
        guard case .install(let spec)? = plan.step("install")?.action else { throw .notRunnable("the plan installs nothing") }
        if let problem = BootFileName.problem(inName: plan.profile) {
            throw .unquotable("the profile name '\(TerminalText.inline(plan.profile))' \(problem)")
        }
        if let problem = BootFileName.problem(inName: plan.kernelVersion) {
            throw .unquotable("the kernel version '\(TerminalText.inline(plan.kernelVersion))' \(problem)")
        }
        for copy in spec.files + [spec.bootScript] {
            if let problem = BootFileName.problem(inPath: copy.destination) {
                throw .unquotable("the file name '\(TerminalText.inline(copy.destination))' \(problem)")
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
