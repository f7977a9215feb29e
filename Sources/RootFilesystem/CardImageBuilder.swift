import CommandValues
import Foundation
import OdroidProcess

/// Makes a whole card image as Hardkernel's images are laid out: an MBR, the FAT boot partition at the
/// profile's offset (the bytes before it are the board's bootloader's), and an ext4 root filesystem made
/// from a root filesystem tarball with `mke2fs -d` — no mount, no loop device, and without root privileges
/// through fakeroot (so the tarball's owners and device nodes survive). The root filesystem gets an fstab
/// naming both partitions by UUID, the board's hostname, and a root account a person can log in to on the
/// console (empty password that must be changed at the first login). No kernel yet: a build installs one.
public struct CardImageBuilder {
    public struct Layout: Sendable, Equatable {
        /// Bytes before the FAT partition (multiple of 512).
        public var bootOffset: UInt64
        public var bootBytes: UInt64
        public var totalBytes: UInt64

        public var rootOffset: UInt64 { (bootOffset + bootBytes + (1 << 20) - 1) / (1 << 20) * (1 << 20) }
        public var rootBytes: UInt64 { totalBytes > rootOffset ? totalBytes - rootOffset : 0 }

        public init(bootOffset: UInt64, bootBytes: UInt64, totalBytes: UInt64) {
            self.bootOffset = bootOffset
            self.bootBytes = bootBytes
            self.totalBytes = totalBytes
        }

        /// Why the layout cannot be made; nil when it can.
        public var problem: String? {
            if bootOffset < 512 || bootOffset % 512 != 0 {
                return "the boot partition offset \(bootOffset) is not a whole number of sectors after the MBR"
            }
            if bootBytes < 8 << 20 { return "the boot partition needs at least 8 MiB" }
            if rootBytes < 64 << 20 {
                return
                    "\(totalBytes >> 20) MiB leaves \(rootBytes >> 20) MiB for the root filesystem after a \(bootBytes >> 20) MiB boot partition at \(bootOffset); it needs at least 64 MiB"
            }
            return nil
        }
    }

    /// What the card's root filesystem is told about itself.
    public struct Identity: Sendable, Equatable {
        public var hostname: String
        /// Where the board mounts the FAT partition (the profile's boot.mount).
        public var bootMount: String
        public var rootUUID: String
        /// FAT volume id, 8 hex digits.
        public var bootVolumeID: String

        public init(hostname: String, bootMount: String, rootUUID: String = Self.randomUUID(), bootVolumeID: String = Self.randomVolumeID())
        {
            self.hostname = hostname
            self.bootMount = bootMount
            self.rootUUID = rootUUID
            self.bootVolumeID = bootVolumeID
        }

        public static func randomUUID() -> String { UUID().uuidString.lowercased() }
        public static func randomVolumeID() -> String { String(format: "%08X", UInt32.random(in: 0...UInt32.max)) }

        /// `ABCD-1234`, as fstab and blkid write a FAT volume id.
        public var bootVolumeUUID: String { String(bootVolumeID.prefix(4)) + "-" + String(bootVolumeID.suffix(4)) }

        public var fstab: String {
            """
            # Written by odroid-build image create. <file system> <mount point> <type> <options> <dump> <pass>
            UUID=\(rootUUID) / ext4 errors=remount-ro 0 1
            UUID=\(bootVolumeUUID) \(bootMount) vfat defaults,nofail 0 2

            """
        }
    }

    public let runner: any ProcessRunning

    public init(runner: any ProcessRunning) {
        self.runner = runner
    }

    /// Creates `path` (a new file; the caller renames it into place) from `tarball`.
    public func create(
        path: String, tarball: String, layout: Layout, identity: Identity, label: String = "BOOT",
        scratch: String
    ) throws(RootFilesystemError) {
        if let problem = layout.problem { throw .badInput(problem) }
        try Self.checkHostname(identity.hostname)
        try makeSparseFile(path, bytes: layout.totalBytes)
        // The tools get the image and the tarball as ToolPaths: sfdisk, mkfs.vfat, tar and mke2fs never see
        // the user's names (tar reads host:file as a remote archive).
        let disk: ToolPath, archive: ToolPath
        do {
            disk = try ToolPath(opening: path, access: .readWrite)
            archive = try ToolPath(opening: tarball, access: .readOnly)
        } catch {
            throw .unusable("\(error)")
        }
        defer {
            disk.close()
            archive.close()
        }
        let bootStart = layout.bootOffset / 512, bootSectors = layout.bootBytes / 512
        // mkfs.vfat's own choice of FAT type fails at some sizes (a FAT32 with too few clusters): FAT16 up to
        // 512 MiB (partition type 0x0e), FAT32 above (0x0c); u-boot reads both.
        let fat16 = layout.bootBytes <= 512 << 20
        try check(
            Command(["sfdisk", "--quiet", "--label", "dos", disk.path]),
            input:
                "start=\(bootStart), size=\(bootSectors), type=\(fat16 ? "e" : "c"), bootable\nstart=\(layout.rootOffset / 512), type=83\n",
            what: "writing the partition table of \(path)")
        try check(
            Command([
                "mkfs.vfat", "-F", fat16 ? "16" : "32", "-n", label, "-i", identity.bootVolumeID, "--offset=\(bootStart)", disk.path,
                String(layout.bootBytes / 1024),
            ]),
            what: "making the FAT boot partition")

        let tree = scratch + "/root"
        do {
            if FileManager.default.fileExists(atPath: scratch) { try FileManager.default.removeItem(atPath: scratch) }
            try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        } catch {
            throw .failed(operation: "preparing", path: scratch, detail: "\(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let personalise = scratch + "/personalise.sh"
        guard FileManager.default.createFile(atPath: personalise, contents: Data(Self.personaliseScript.utf8)),
            FileManager.default.createFile(atPath: scratch + "/fstab", contents: Data(identity.fstab.utf8)),
            FileManager.default.createFile(atPath: scratch + "/hostname", contents: Data((identity.hostname + "\n").utf8))
        else {
            throw .failed(operation: "writing", path: scratch, detail: "cannot stage the card's identity files")
        }
        // One fakeroot session (or none, as root): the owners tar restores are the ones mke2fs copies.
        var argv = [
            "sh", personalise, archive.path, tree, scratch, disk.path, String(layout.rootOffset), String(layout.rootBytes / 1024),
            identity.rootUUID,
        ]
        if geteuid() != 0 { argv = ["fakeroot", "--"] + argv }
        try check(Command(argv, environment: ["LC_ALL": "C"]), what: "making the ext4 root filesystem from \(tarball)")
    }

    /// Unpacks, personalises and makes the filesystem; every value arrives as a positional parameter.
    static let personaliseScript = """
        set -eu
        tarball=$1 tree=$2 staged=$3 image=$4 offset=$5 kib=$6 uuid=$7
        tar --numeric-owner -xpf "$tarball" -C "$tree"
        cp "$staged/fstab" "$tree/etc/fstab"
        cp "$staged/hostname" "$tree/etc/hostname"
        printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\t%s\\n' "$(cat "$staged/hostname")" > "$tree/etc/hosts"
        # A console login for a person: root with an empty password that must be changed at the first login.
        if [ -f "$tree/etc/shadow" ]; then sed -i 's/^root:[^:]*:[^:]*:/root::0:/' "$tree/etc/shadow"; fi
        mke2fs -q -F -t ext4 -L rootfs -U "$uuid" -d "$tree" -E "offset=$offset" "$image" "${kib}k"

        """

    static func checkHostname(_ name: String) throws(RootFilesystemError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ allowed.contains($0) }), name.first != "-" else {
            throw .badInput("hostname '\(name)' must be 1 to 63 lower-case letters, digits and '-'")
        }
    }

    private func check(_ command: Command, input: String? = nil, what: String) throws(RootFilesystemError) {
        let result: ProcessResult
        do {
            result = try runner.run(command, output: .capture, input: input)
        } catch {
            throw .failed(operation: what, path: command.program, detail: "\(error)")
        }
        guard result.succeeded else {
            throw .failed(
                operation: what, path: command.shellLine,
                detail: "\(result.termination): \((result.stderrText + result.stdoutText).suffix(600))")
        }
    }

    private func makeSparseFile(_ path: String, bytes: UInt64) throws(RootFilesystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed(operation: "creating", path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(bytes)) == 0 else {
            throw .failed(operation: "sizing", path: path, detail: String(cString: strerror(errno)))
        }
    }
}
