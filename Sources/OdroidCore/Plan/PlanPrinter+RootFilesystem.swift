import CommandValues
import Foundation

/// The root-filesystem steps as shell: what `rootfs-install` and a sandboxed initramfs do, written out so a
/// dry run shows every file that changes and the emitted script does the same by hand.
extension PlanPrinter {
    /// Modules and kernel config into the root filesystem: a temporary name, then renamed into place.
    /// `prefix` is prepended as it is to every path in the root filesystem (the board script's
    /// `"$ODROID_BUILD_SYSROOT"`); empty elsewhere.
    func rootInstallCommands(_ install: RootInstall, prefix: String = "") -> [String] {
        let release = install.release
        switch plan.rootTarget {
        case .mounted(let root)?:
            let base = root.split(separator: "/").isEmpty ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root)
            func rooted(_ path: String) -> String { prefix + quote(base + path) }
            let final = rooted("/lib/modules/\(release)")
            let fresh = rooted("/lib/modules/\(release).odroid-build-new")
            let aside = rooted("/lib/modules/\(release).odroid-build-old")
            var lines: [String] = []
            if !install.stagedModules.isEmpty {
                lines.append("mkdir -p \(rooted("/lib/modules")) && rm -rf \(fresh) \(aside)")
                lines.append("cp -a \(quote(install.stagedModules)) \(fresh) && rm -f \(fresh)/build \(fresh)/source && sync")
                lines.append("if [ -e \(final) ]; then mv \(final) \(aside); fi && mv \(fresh) \(final) && sync && rm -rf \(aside)")
            }
            let config = rooted("/boot/config-\(release)")
            lines.append(
                "mkdir -p \(rooted("/boot")) && cp \(quote(install.kernelConfig)) \(config).odroid-build-new && sync && mv \(config).odroid-build-new \(config)"
            )
            return lines
        case .image(let path, let offset, _)?:
            // debugfs splits a name at '?': it gets the image the shell opened as fd 4.
            let image = ShellQuote.quote("/dev/fd/4?offset=\(offset)")
            var lines = [
                ShellComment.line("through debugfs, without mounting: a temporary name, then ln + unlink (debugfs has no rename)"),
                "exec 4<>\(ShellQuote.quote(path))",
            ]
            if !install.stagedModules.isEmpty {
                let fresh = "/lib/modules/\(release).odroid-build-new"
                lines.append(
                    "(cd \(quote(install.stagedModules)) && { echo \(quote("mkdir \(fresh)")); "
                        + "find . -mindepth 1 \\( -name build -o -name source \\) -prune -o -type d -printf \(quote("mkdir \(fresh)/%P\\n")) -o -type f -printf \(quote("write %P \(fresh)/%P\\n")); "
                        + "} | debugfs -w -f - \(image))")
                lines.append(
                    "printf '%s\\n' \(quote("cd /lib/modules")) \(quote("ln \(release).odroid-build-new \(release)")) \(quote("unlink \(release).odroid-build-new")) | debugfs -w -f - \(image)"
                )
            }
            let config = URL(fileURLWithPath: install.kernelConfig)
            lines.append(
                "(cd \(quote(config.deletingLastPathComponent().path)) && printf '%s\\n' \(quote("write \(config.lastPathComponent) /boot/config-\(release)")) | debugfs -w -f - \(image))"
            )
            lines.append("exec 4<&-")
            return lines
        case nil:
            return ["# no root filesystem: nothing to install into"]
        }
    }

    /// The board's generator inside its root filesystem, in a private mount namespace (bubblewrap): a card
    /// image's root is copied out first and the copy deleted afterwards; nothing stays mounted on this machine.
    func targetInitramfsCommands(_ initramfs: TargetInitramfs) -> [String] {
        var lines: [String] = []
        let rootDirectory: String
        switch plan.rootTarget {
        case .image(let path, let offset, _)?:
            rootDirectory = initramfs.scratch
            lines.append("exec 4<\(ShellQuote.quote(path))")
            lines.append(
                "rm -rf \(quote(initramfs.scratch)) && mkdir -p \(quote(initramfs.scratch)) && (cd \(quote(initramfs.scratch)) && debugfs -R 'rdump / .' '/dev/fd/4?offset=\(offset)')"
            )
            lines.append("exec 4<&-")
        case .mounted(let root)?:
            rootDirectory = root
        case nil:
            rootDirectory = "/"
        }
        let output = String(initramfs.output[..<(initramfs.output.lastIndex(of: "/") ?? initramfs.output.endIndex)])
        let sandbox = TargetInitramfs.sandboxArguments(
            root: rootDirectory, outputDirectory: output,
            copy: plan.rootTarget.map { if case .image = $0 { return true } else { return false } } ?? false)
        lines.append((sandbox + initramfs.command.argv).map(quote).joined(separator: " "))
        if case .image? = plan.rootTarget { lines.append("rm -rf \(quote(initramfs.scratch))") }
        return lines
    }
}

extension PlanPrinter {
    /// `text` in lines of at most `width` characters, broken at spaces.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension TargetInitramfs {
    /// bubblewrap's arguments for running a generator inside `root`: the root bound (read-only unless it is a
    /// private copy), a private /proc, /dev and /tmp, the output directory bound at `outputDirectory`, no
    /// network, a clean environment. Nothing of the host is mounted into `root` itself, and every mount ends
    /// with the namespace, so deleting the copy afterwards cannot reach the host's /dev or /proc.
    public static func sandboxArguments(root: String, outputDirectory: String, copy: Bool) -> [String] {
        [
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            copy ? "--bind" : "--ro-bind", root, "/",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/run",
            "--bind", outputDirectory, Self.outputDirectory,
            "--clearenv", "--setenv", "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "--setenv", "LC_ALL", "C", "--setenv", "TMPDIR", "/tmp",
            "--chdir", "/",
        ]
    }
}
