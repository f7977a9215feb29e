import CommandValues
import Foundation
import OdroidCore
import OdroidProcess

/// Runs the board's own initramfs generator (initramfs-tools' mkinitramfs, dracut, mkinitrd) inside the
/// board's root filesystem, as Armbian and mmdebstrap do: its programs run through qemu-user (binfmt_misc
/// with the F flag) when this machine is not ARM, in a private mount namespace made by bubblewrap, so its
/// /proc, /dev and /tmp exist only for it and nothing stays mounted afterwards. A card image's root is first
/// copied out (debugfs rdump); the copy is deleted afterwards, after checking nothing is mounted in it.
public struct TargetInitramfsGenerator {
    public let filesystem: any RootFilesystem
    public let runner: any ProcessRunning

    public init(filesystem: any RootFilesystem, runner: any ProcessRunning) {
        self.filesystem = filesystem
        self.runner = runner
    }

    /// Where each generator's program lives on a root filesystem.
    static let programs: [String: [String]] = [
        "mkinitramfs": ["usr/sbin/mkinitramfs", "sbin/mkinitramfs"],
        "dracut": ["usr/bin/dracut", "usr/sbin/dracut", "sbin/dracut"],
        "mkinitrd": ["usr/bin/mkinitrd", "usr/sbin/mkinitrd", "sbin/mkinitrd"],
    ]

    /// Checks the generator is there and the kernel config it reads, then makes `spec`'s initramfs at `output`
    /// (a path on this machine); `log` gets the generator's output.
    public func make(_ spec: TargetInitramfs, output: String, log: (String) -> Void) throws(RootFilesystemError) {
        try requireGenerator(spec.generator)
        if spec.generator == "mkinitramfs" {
            guard case .file? = try filesystem.resolvedKind(try RootPath("boot/config-\(spec.release)"))?.kind else {
                throw .refused(
                    "\(filesystem.location) has no /boot/config-\(spec.release), which mkinitramfs reads (the rootfs-install step writes it)"
                )
            }
        }
        // A read-only root needs the mount points the sandbox uses; every Debian root has them.
        for directory in ["proc", "dev", "tmp", "var/tmp", "run"] {
            guard case .directory? = try filesystem.resolvedKind(try RootPath(directory))?.kind else {
                throw .refused(
                    "\(filesystem.location) has no /\(directory) directory, which every root filesystem has (and the sandbox mounts over): is this really the card's root?"
                )
            }
        }
        let root = try filesystem.materialize(scratch: spec.scratch)
        defer { if root.isCopy { discard(root.directory) } }
        if root.isCopy { log("copied \(filesystem.location) to \(root.directory) for \(spec.generator)") }

        let outputDirectory = URL(fileURLWithPath: output).deletingLastPathComponent().path
        let inside = "\(TargetInitramfs.outputDirectory)/\(URL(fileURLWithPath: output).lastPathComponent)"
        let argv = spec.command.argv.map { $0 == spec.insideOutput ? inside : $0 }
        let command = Command(
            TargetInitramfs.sandboxArguments(root: root.directory, outputDirectory: outputDirectory, copy: root.isCopy) + argv)
        log("$ \(command.shellLine)")
        let result: ProcessResult
        do {
            result = try runner.run(command, output: .capture)
        } catch {
            throw .failed(operation: "running \(spec.generator) in", path: filesystem.location, detail: "\(error) (install bubblewrap)")
        }
        let said = (result.stdoutText + result.stderrText).trimmingCharacters(in: .whitespacesAndNewlines)
        if !said.isEmpty { log(said) }
        guard result.succeeded else {
            let tail = said.split(separator: "\n").suffix(8).joined(separator: "\n    ")
            throw .failed(operation: "\(spec.generator) inside", path: filesystem.location, detail: "\(result.termination)\n    \(tail)")
        }
        guard FileManager.default.fileExists(atPath: output) else {
            throw .failed(operation: "\(spec.generator) inside", path: filesystem.location, detail: "it exited 0 but wrote no \(inside)")
        }
    }

    private func requireGenerator(_ generator: String) throws(RootFilesystemError) {
        let candidates = Self.programs[generator] ?? []
        for candidate in candidates where try filesystem.resolvedKind(try RootPath(candidate)) != nil { return }
        var present: [String] = []
        for (name, paths) in Self.programs.sorted(by: { $0.key < $1.key }) where name != generator {
            for path in paths where (try? filesystem.resolvedKind(try RootPath(path))) != nil {
                present.append(name)
                break
            }
        }
        let hint =
            present.isEmpty
            ? "install one on the card (Debian: initramfs-tools), or let `odroid-build rootfs create` make the root filesystem"
            : "it has \(present.joined(separator: " and ")): set initramfs.generator = \"\(present[0])\""
        throw .refused("\(filesystem.location) has no \(generator) (looked for /\(candidates.joined(separator: ", /"))); \(hint)")
    }

    /// Deletes the copied root, unless something is still mounted inside it (then it is left and said so):
    /// a recursive delete must never walk into a mount of the host's /dev or /proc.
    private func discard(_ directory: String) {
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        let inside = RootMountSource.entries(mountinfo: mountinfo).filter {
            $0.mountPoint == resolved || $0.mountPoint.hasPrefix(resolved + "/")
        }
        guard inside.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
