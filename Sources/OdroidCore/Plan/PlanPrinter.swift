import CommandValues

/// Views of a plan as shell text: the `--dry-run` listing and the standalone POSIX sh script of
/// `--emit-script`. Both print every command exactly as the executor runs it, correctly quoted. Values reach
/// three readers here, each with its own rule: sh words (`ShellQuote`), `#` comment lines (`ShellComment`:
/// a line break in a path or title cannot end the comment) and here-documents (a delimiter the text does
/// not contain). mtools gets the image through `/dev/fd/3`, never by its name (see `mtoolsImage`).
public struct PlanPrinter: Sendable {
    public var plan: Plan
    /// Rendered boot scripts by output file name, embedded as here-documents in the standalone script.
    public var renderedScripts: [String: String]

    public init(plan: Plan, renderedScripts: [String: String] = [:]) {
        self.plan = plan
        self.renderedScripts = renderedScripts
    }

    /// The `--dry-run` listing: a header, then each step as comments and copy-pasteable commands.
    public func dryRun() -> String {
        var out = header()
        out += "\n# directories the steps write to\n" + makeDirectories()
        for (index, step) in plan.steps.enumerated() {
            out +=
                "\n"
                + ShellComment.line("[\(index + 1)/\(plan.steps.count)] \(step.id): \(step.title)\(step.privileged ? " (needs root)" : "")")
                + "\n"
            out += commands(for: step, embedScripts: false).joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The same plan as a script a user can run by hand.
    public func standaloneScript() -> String {
        var out = "#!/bin/sh\n# Standalone form of an odroid-build plan; runs the same commands in the same order.\n"
        out += header()
        out += "set -eu\n"
        out += makeDirectories()
        for (index, step) in plan.steps.enumerated() {
            out += "\n" + ShellComment.line("[\(index + 1)/\(plan.steps.count)] \(step.id): \(step.title)") + "\n"
            var lines = commands(for: step, embedScripts: true)
            // Rendered boot scripts are here-documents: their text is data, never touched.
            if case .renderBootScripts = step.action {} else { lines = lines.map { Self.stoppingOnFailure($0) } }
            out += lines.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// `set -e` ignores a failure of any command of an AND-OR list but the last (POSIX), so `cp a b.new && sync &&
    /// mv b.new b` whose cp failed would let the script carry on to the boot script. Such a line gets `|| handler`
    /// (the board script's handler names the step). Comments and multi-line commands are left alone (none is an
    /// AND-OR list); here-document text never comes here.
    static func stoppingOnFailure(_ line: String, handler: String = "exit $?") -> String {
        guard line.contains("&&"), !line.hasPrefix("#"), !line.contains("\n"), !line.hasSuffix("|| \(handler)") else { return line }
        return line + " || \(handler)"
    }

    func makeDirectories() -> String {
        let d = plan.directories
        var dirs = [d.work, d.build, d.output, d.logs]
        if case .tarball = stepKind("source") { dirs.append(d.source) }
        // distcc does not make its state directory; without it every unit quietly compiles here.
        for step in plan.steps {
            guard case .run(let command) = step.action, let distccDirectory = command.environment["DISTCC_DIR"] else { continue }
            dirs.append(distccDirectory)
            break
        }
        return "mkdir -p " + dirs.map(ShellQuote.quote).joined(separator: " ") + "\n"
    }

    private enum SourceKind { case tarball, other }
    private func stepKind(_ id: String) -> SourceKind {
        if let step = plan.step(id), case .run(let command) = step.action, command.program == "tar" { return .tarball }
        return .other
    }

    func header() -> String {
        var lines = ["odroid-build plan: profile \(plan.profile), kernel \(plan.kernelVersion)"]
        lines += plan.notes
        let d = plan.directories
        lines += ["source \(d.source)", "build  \(d.build)", "output \(d.output)"]
        switch plan.bootTarget {
        case .mounted(let path): lines.append("boot partition: mounted at \(path)")
        case .image(let path, let offset):
            lines.append("boot partition: FAT image \(path)" + (offset > 0 ? " at byte offset \(offset)" : ""))
        }
        if let refusal = plan.refusal { lines += Self.wrapped("NOT RUNNABLE HERE AS PLANNED: \(refusal)", width: 110) }
        return lines.map { ShellComment.line($0) + "\n" }.joined()
    }

    func commands(for step: PlanStep, embedScripts: Bool) -> [String] {
        switch step.action {
        case .run(let command):
            return [line(command)]
        case .capture(let command, let variable):
            return ["\(variable)=$(\(line(command)))", "echo \"\(variable)=$\(variable)\""]
        case .cpioArchive(let directory, let output):
            return [
                "(cd \(ShellQuote.quote(directory)) && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc -R 0:0 --quiet) | gzip -9n > \(quote(output))"
            ]
        case .busyboxInitramfs(let initramfs):
            return busyboxInitramfsCommands(initramfs)
        case .renderBootScripts(let formats, let directory):
            guard embedScripts else {
                var seen: Set<String> = []
                return formats.compactMap { raw -> String? in
                    guard let format = ResolvedProfile.ScriptFormat(rawValue: raw) else { return nil }
                    let source: ResolvedProfile.ScriptFormat = format == .scr ? .cmd : format
                    let file = BootScriptNames.renderedFile(source)
                    guard seen.insert(file).inserted else { return nil }
                    return
                        "odroid-build boot-script --profile \(ShellQuote.quote(plan.profile)) --kernel \(ShellQuote.quote(plan.kernelVersion)) --format \(source.rawValue) -o \(ShellQuote.quote("\(directory)/\(file)"))"
                }
            }
            var lines: [String] = []
            for name in renderedScripts.keys.sorted() {
                let text = renderedScripts[name]!.hasSuffix("\n") ? String(renderedScripts[name]!.dropLast()) : renderedScripts[name]!
                let delimiter = Self.hereDocumentDelimiter(for: text)
                lines.append("cat > \(ShellQuote.quote("\(directory)/\(name)")) <<'\(delimiter)'")
                lines.append(text)
                lines.append(delimiter)
            }
            return lines
        case .install(let spec):
            var lines =
                spec.files.flatMap { copy($0) } + [ShellComment.line("the boot script goes last: it is what makes the new files live")]
                + copy(spec.bootScript, keepBackup: true)
            if case .image(let path, _) = plan.bootTarget {
                lines.insert(
                    ShellComment.line("mtools re-reads an image name (shell expansion, @@offset): it gets the open file as /dev/fd/3"),
                    at: 0)
                lines.insert("exec 3<\(ShellQuote.quote(path))", at: 1)
                lines.append("exec 3<&-")
            }
            return lines
        case .installIntoRoot(let install):
            return rootInstallCommands(install)
        case .targetInitramfs(let initramfs):
            return targetInitramfsCommands(initramfs)
        }
    }

    /// A here-document delimiter that is no line of `text`, so the text can never end the here-document
    /// early and have its remaining lines run as commands.
    static func hereDocumentDelimiter(for text: String) -> String {
        let lines = Set(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        var delimiter = "ODROID_BUILD_EOF"
        var n = 1
        while lines.contains(delimiter) {
            delimiter = "ODROID_BUILD_EOF_\(n)"
            n += 1
        }
        return delimiter
    }

    /// What mtools' `-i` gets in printed commands: the image already opened by the shell as fd 3 (`exec 3<`),
    /// so neither `$(...)` nor `@@` in the user's path is ever seen by mtools, which passes the name
    /// through a shell and reads `@@offset` out of it.
    private static func mtoolsImage(offset: UInt64) -> String {
        offset > 0 ? "/dev/fd/3@@\(offset)" : "/dev/fd/3"
    }

    private func copy(_ file: InstallSpec.FileCopy, keepBackup: Bool = false) -> [String] {
        switch plan.bootTarget {
        case .mounted(let root):
            // A relative root that starts with '-' would reach cp, mv and mkdir as an option.
            let dest = (root.hasPrefix("-") ? "./" : "") + "\(root)/\(file.destination)"
            var lines: [String] = []
            if file.destination.contains("/") {
                lines.append("mkdir -p \(ShellQuote.quote(String(dest[..<dest.lastIndex(of: "/")!])))")
            }
            if keepBackup {
                lines.append(
                    "if [ -e \(ShellQuote.quote(dest)) ]; then cp \(ShellQuote.quote(dest)) \(ShellQuote.quote(dest + ".bak")); fi")
            }
            lines.append(
                "cp \(quote(file.source)) \(ShellQuote.quote(dest + ".new")) && sync && mv \(ShellQuote.quote(dest + ".new")) \(ShellQuote.quote(dest)) && sync"
            )
            return lines
        case .image(_, let offset):
            let target = Self.mtoolsImage(offset: offset)
            var lines: [String] = []
            if file.destination.contains("/") {
                lines.append(
                    "mmd -D s -i \(target) ::/\(ShellQuote.quote(String(file.destination[..<file.destination.lastIndex(of: "/")!]))) 2>/dev/null || true"
                )
            }
            if keepBackup {
                lines.append(
                    "MTOOLS_SKIP_CHECK=1 mcopy -o -i \(target) ::/\(ShellQuote.quote(file.destination)) ::/\(ShellQuote.quote(file.destination + ".bak")) 2>/dev/null || true"
                )
            }
            lines.append("MTOOLS_SKIP_CHECK=1 mcopy -o -i \(target) \(quote(file.source)) ::/\(ShellQuote.quote(file.destination))")
            return lines
        }
    }

    /// A command line where `${KERNELRELEASE}` stays expandable.
    func line(_ command: Command) -> String {
        var parts: [String] = []
        for key in command.environment.keys.sorted() { parts.append("\(key)=\(quote(command.environment[key]!))") }
        parts += command.argv.map(quote)
        let text = parts.joined(separator: " ")
        return command.workingDirectory.map { "cd \(ShellQuote.quote($0)) && \(text)" } ?? text
    }

    /// Quotes a word; plan variables inside it stay expandable (double quotes, other specials escaped).
    func quote(_ word: String) -> String {
        let variable = "${\(Plan.kernelReleaseVariable)}"
        guard word.contains(variable) else { return ShellQuote.quote(word) }
        if ShellQuote.needsPrintf(word) {
            // Control characters cannot sit raw inside double quotes: quote the pieces between the variables.
            return word.components(separatedBy: variable).map { $0.isEmpty ? "" : ShellQuote.quote($0) }.joined(
                separator: "\"\(variable)\"")
        }
        var escaped = ""
        for c in word {
            if "\"\\`$".contains(c) { escaped.append("\\") }
            escaped.append(c)
        }
        return "\"" + escaped.replacingOccurrences(of: "\\" + variable, with: variable) + "\""
    }

    /// The busybox initramfs as shell: fetch busybox-static when the profile names no busybox, stage a tree
    /// with busybox and the marker /init, pack it like the cpio generator.
    private func busyboxInitramfsCommands(_ initramfs: BusyboxInitramfs) -> [String] {
        var lines: [String] = []
        let busybox: String
        if let given = initramfs.busybox {
            busybox = quote(given)
        } else {
            let cache = quote(initramfs.packageCache)
            let package = "\(initramfs.busyboxPackage):\(initramfs.debianArch)"
            lines.append("mkdir -p \(cache) && (cd \(cache) && apt-get download \(ShellQuote.quote(package)))")
            lines.append(
                "dpkg-deb -x \"$(ls \(cache)/\(ShellQuote.quote(initramfs.busyboxPackage))_*_\(ShellQuote.quote(initramfs.debianArch)).deb | tail -n 1)\" \(cache)/busybox-root"
            )
            busybox = "\(cache)/busybox-root/bin/busybox"
        }
        lines.append(
            "root=$(mktemp -d) && mkdir -p \"$root/bin\" " + MarkerInit.directories.map { "\"$root/\($0)\"" }.joined(separator: " "))
        lines.append("cp \(busybox) \"$root/bin/busybox\" && ln -s busybox \"$root/bin/sh\"")
        lines.append(
            "printf '%s' \(ShellQuote.quote(MarkerInit.script(marker: initramfs.marker))) > \"$root/init\" && chmod 755 \"$root/init\"")
        lines.append(
            "(cd \"$root\" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9n > \(quote(initramfs.output)) && rm -rf \"$root\""
        )
        return lines
    }
}
